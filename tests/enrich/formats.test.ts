/**
 * Every format refine writes can be enriched, into every format, with rows, columns, numbers and
 * formula-looking text kept intact; JSON input may be an array or one object per line.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SSOT_COLUMNS } from "../../src/pipeline/types.ts";
import { readRows, refinedRow, workspace, writeRefined, type Workspace } from "./support.ts";

const FORMATS = ["xlsx", "csv", "parquet", "json"] as const;
let ws: Workspace;

const rows = [
  refinedRow("Zeta Air", { contact_primary_email: "ops@zeta.co.za", data_quality_score: 0.4, contact_primary_phone: "+27115550100" }),
  refinedRow("Formula Co", { notes: "=HYPERLINK(\"http://x\")", data_quality_score: 0.6 }),
  refinedRow("747 Aviation", { province: "Gauteng", data_quality_score: 1 }),
];

beforeAll(async () => {
  ws = workspace();
  for (const format of FORMATS) await writeRefined(join(ws.dist, `refined.${format}`), rows);
});
afterAll(() => ws.cleanup());

describe("enrich input and output formats", () => {
  for (const input of FORMATS) {
    const output = FORMATS[(FORMATS.indexOf(input) + 1) % FORMATS.length]!;
    test(`${input} in, ${output} out`, async () => {
      const before = readFileSync(join(ws.dist, `refined.${input}`));
      const result = await ws.run(["--input", `dist/refined.${input}`, "--output", `dist/from-${input}.${output}`]);
      expect(result.code).toBe(0);
      const out = await readRows(join(ws.dist, `from-${input}.${output}`));
      expect(out.columns.slice(0, SSOT_COLUMNS.length)).toEqual([...SSOT_COLUMNS]);
      expect(out.columns.length).toBe(SSOT_COLUMNS.length + 5);
      expect(out.rows.map((r) => r.organization_name)).toEqual(["Zeta Air", "Formula Co", "747 Aviation"]);
      expect(out.rows.map((r) => r.data_quality_score)).toEqual([0.4, 0.6, 1]);
      expect(out.rows[0]!.website).toBe("https://zeta.co.za");
      expect(out.rows[0]!.province).toBe("Gauteng"); // from the 011 landline
      expect(out.rows[0]!.contact_primary_phone).toBe("+27115550100");
      expect(out.rows[1]!.notes).toBe("=HYPERLINK(\"http://x\")");
      expect(readFileSync(join(ws.dist, `refined.${input}`)).equals(before)).toBe(true);
    });
  }

  test("JSON lines input (one object per line) is read like a JSON array", async () => {
    const table = await readRows(join(ws.dist, "refined.json"));
    writeFileSync(join(ws.dist, "lines.json"), table.rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
    const result = await ws.run(["--input", "dist/lines.json", "--output", "dist/lines-out.csv"]);
    expect(result.code).toBe(0);
    const out = await readRows(join(ws.dist, "lines-out.csv"));
    expect(out.rows).toHaveLength(3);
    expect(out.rows[0]!.website).toBe("https://zeta.co.za");
  });

  test("the xlsx output is a real workbook with the table on its first sheet", async () => {
    const XLSX = await import("xlsx");
    const book = XLSX.read(readFileSync(join(ws.dist, "from-json.xlsx")));
    const sheet = book.Sheets[book.SheetNames[0]!]!;
    const grid = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1 });
    expect(grid[0]!.at(-1)).toBe("provenance_network_status");
    expect(grid).toHaveLength(4);
  });

  test("a refined output with no rows gives an enriched output with no rows, in every format", async () => {
    for (const format of FORMATS) {
      await writeRefined(join(ws.dist, `empty.${format}`), []);
      const result = await ws.run(["--input", `dist/empty.${format}`, "--output", `dist/empty-out.${format}`]);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain("enriched 0 of 0 records");
    }
    const csv = await readRows(join(ws.dist, "empty-out.csv"));
    expect(csv.rows).toEqual([]);
    expect(csv.columns.at(-1)).toBe("provenance_network_status");
  });
});

