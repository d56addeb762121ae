/**
 * Text from files cannot forge a console line or drive the terminal: control characters in file
 * names, sheet names and cell values are escaped on every human line (errors, warnings,
 * progress), while JSON logs keep the exact text (JSON encoding escapes it).
 */
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { escapeControl } from "../../src/log/escape.ts";
import { hotpass, tempDir } from "../support/binary.ts";
import { writeXlsx } from "../support/workbooks.ts";

const root = tempDir("hotpass-escaping-");
afterAll(() => root.cleanup());
let counter = 0;
const FORGED = "bad\nhotpass: info: all fine";

function workspace(): { dir: string; env: Record<string, string> } {
  const dir = join(root.path, `case-${++counter}`);
  mkdirSync(join(dir, "in"), { recursive: true });
  const home = join(dir, "home");
  return { dir, env: { HOME: home, XDG_STATE_HOME: home, HOTPASS_CONFIG_DIR: home, HOTPASS_DISABLE_LINEAGE: "1" } };
}

const refine = (ws: { dir: string; env: Record<string, string> }, ...extra: string[]) =>
  hotpass(["refine", "--input-dir", "in", "--output-path", "out/refined.csv", "--profile", "generic", ...extra], { cwd: ws.dir, env: ws.env });

/** Every line a user sees must be one Hotpass wrote: never the forged one. */
function noForgedLine(stderr: string): void {
  for (const line of stderr.split("\n")) expect(line.startsWith("hotpass: info: all fine")).toBe(false);
  expect(stderr).not.toContain("\x1b");
}

test("a file named with a newline cannot forge a line in an error", async () => {
  const ws = workspace();
  writeFileSync(join(ws.dir, "in", `${FORGED}.xlsx`), "not a workbook");
  const result = await refine(ws);
  expect(result.code).toBe(2);
  noForgedLine(result.stderr);
  const errors = result.stderr.split("\n").filter((line) => line.startsWith("hotpass: error:"));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain("bad\\nhotpass: info: all fine.xlsx: not a .xlsx workbook");
});

test("nor in progress lines and warnings; escape sequences in headers are shown, not run; JSON logs keep the text", async () => {
  const ws = workspace();
  writeXlsx(join(ws.dir, "in"), `${FORGED}.xlsx`, [{ name: "Sheet\u001b[2J1", rows: [["Company\u001b[31m", "Web\rsite"], ["Alpha Aero", "alpha.example"]] }]);
  const text = await refine(ws);
  expect(text.code).toBe(0);
  noForgedLine(text.stderr);
  expect(text.stderr).toContain("bad\\nhotpass: info: all fine.xlsx");
  expect(text.stderr).toContain("Company\\x1b[31m");

  const json = await refine(ws, "--log-format", "json");
  expect(json.code).toBe(0);
  const records = json.stdout.trim().split("\n").map((line) => JSON.parse(line) as { event: string; data: { file?: string } });
  const read = records.find((record) => record.event === "load.file")!;
  expect(read.data.file).toEndWith(`${FORGED}.xlsx`);
});

test("escapeControl writes every control character visibly and leaves other text alone", () => {
  expect(escapeControl("a\nb\rc\td\u0000e\u001bf\u007fg\u0085h\u2028i\u202ej")).toBe("a\\nb\\rc\\td\\x00e\\x1bf\\x7fg\\x85h\\u2028i\\u202ej");
  expect(escapeControl("Zürich – 東京 ✓")).toBe("Zürich – 東京 ✓");
});
