/**
 * One CSV, every command: the same refined table saved as CSV in several dialects and encodings
 * (`;`, tab, `|`, a quoted header, UTF-16LE and UTF-16BE with a byte-order mark) is read the same
 * by `hotpass refine` (as an input), `hotpass enrich` (as its input) and `hotpass
 * explain-provenance` (as its dataset), through the binary. Then what is not UTF-8: UTF-16 without
 * a byte-order mark and Windows-1252 are read with a warning; other NUL bytes are refused.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readTable } from "../../src/formats/index.ts";
import { SSOT_COLUMNS } from "../../src/pipeline/types.ts";
import { hotpass, tempDir } from "../support/binary.ts";
import { refinedRow } from "../enrich/support.ts";

const NAMES = ['Café "Ñandú"; Aero, Ltd', "Zeta Air", "Ωmega Flights"];
const ROWS = [
  refinedRow(NAMES[0]!, { province: "Gauteng", website: "https://cafe.example.com", data_quality_score: 0.4, notes: "first line\nsecond line" }),
  refinedRow(NAMES[1]!, { province: "Western Cape", contact_primary_email: "ops@zeta.co.za", data_quality_score: 0.6 }),
  refinedRow(NAMES[2]!, { province: "KwaZulu-Natal", website: "https://omega.example.org", data_quality_score: 1 }),
];
const SLUGS = ROWS.map((row) => String(row[SSOT_COLUMNS.indexOf("organization_slug")]));

/** One field in `delimiter`-separated CSV: quoted when it must be (or always, for `quoteAll`). */
function field(value: unknown, delimiter: string, quoteAll: boolean): string {
  const text = value === null || value === undefined ? "" : String(value);
  return quoteAll || /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvText(delimiter: string, quoteHeader = false): string {
  const header = SSOT_COLUMNS.map((c) => field(c, delimiter, quoteHeader)).join(delimiter);
  return [header, ...ROWS.map((row) => row.map((cell) => field(cell, delimiter, false)).join(delimiter))].join("\r\n") + "\r\n";
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, "utf16le");
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

const VARIANTS: Record<string, Buffer> = {
  "comma, UTF-8": Buffer.from(csvText(",")),
  semicolon: Buffer.from(csvText(";")),
  tab: Buffer.from(csvText("\t")),
  pipe: Buffer.from(csvText("|")),
  "quoted header, semicolon, UTF-8 BOM": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText(";", true))]),
  "UTF-16LE with BOM, semicolon": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvText(";"), "utf16le")]),
  "UTF-16BE with BOM, tab": Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(csvText("\t"))]),
};

let work: { path: string; cleanup: () => void };
const env = () => ({ HOME: join(work.path, "home"), HOTPASS_DISABLE_LINEAGE: "1", OTEL_SDK_DISABLED: "true" });
beforeAll(() => {
  work = tempDir("hotpass-csv-commands-");
});
afterAll(() => work.cleanup());

let case_ = 0;
/** A fresh folder holding `bytes` as `orgs.csv`. */
function folderWith(bytes: Buffer): { dir: string; input: string; csv: string } {
  const dir = join(work.path, `case-${case_++}`);
  const input = join(dir, "in");
  mkdirSync(input, { recursive: true });
  const csv = join(input, "orgs.csv");
  writeFileSync(csv, bytes);
  return { dir, input, csv };
}

describe("the same CSV is read the same by refine, enrich and explain-provenance", () => {
  for (const [name, bytes] of Object.entries(VARIANTS)) {
    test(name, async () => {
      const { dir, input, csv } = folderWith(bytes);

      const refined = join(dir, "out", "refined.json");
      const refine = await hotpass(["refine", "--profile", "generic", "--input-dir", input, "--output-path", refined], { cwd: dir, env: env() });
      expect(refine.stderr).not.toContain("not valid UTF-8");
      expect(refine.code).toBe(0);
      const fromRefine = await readTable(refined);
      const col = (column: string) => fromRefine.columns.indexOf(column);
      const byName = new Map(fromRefine.rows.map((row) => [row[col("organization_name")], row]));
      expect([...byName.keys()].sort()).toEqual([...NAMES].sort());
      expect(byName.get(NAMES[0])![col("province")]).toBe("Gauteng");
      expect(byName.get(NAMES[2])![col("website")]).toBe("https://omega.example.org");
      expect(byName.get(NAMES[0])![col("notes")]).toBe("first line\nsecond line");

      const enriched = join(dir, "out", "enriched.json");
      const enrich = await hotpass(["enrich", "--profile", "generic", "--input", csv, "--output", enriched], { cwd: dir, env: env() });
      expect(enrich.code).toBe(0);
      const fromEnrich = await readTable(enriched);
      expect(fromEnrich.columns.slice(0, SSOT_COLUMNS.length)).toEqual([...SSOT_COLUMNS]);
      const e = (column: string) => fromEnrich.columns.indexOf(column);
      expect(fromEnrich.rows.map((row) => row[e("organization_name")])).toEqual(NAMES);
      expect(fromEnrich.rows.map((row) => row[e("data_quality_score")])).toEqual([0.4, 0.6, 1]);
      expect(fromEnrich.rows[0]![e("notes")]).toBe("first line\nsecond line");
      expect(fromEnrich.rows[1]![e("website")]).toBe("https://zeta.co.za"); // derived from the e-mail

      for (const [i, slug] of SLUGS.entries()) {
        const explain = await hotpass(["explain-provenance", "--dataset", csv, "--row-id", slug, "--json"], { cwd: dir, env: env() });
        expect(explain.code).toBe(0);
        const explanation = JSON.parse(explain.stdout);
        expect(explanation.organization_name).toBe(NAMES[i]);
        expect(explanation.selection_provenance.organization_name.value).toBe(NAMES[i]);
      }
    });
  }
});

describe("a CSV that is not UTF-8", () => {
  const generic = ["refine", "--profile", "generic"];

  test("UTF-16LE without a byte-order mark is decoded, with a warning; no NUL reaches the output", async () => {
    const { dir, input } = folderWith(Buffer.from("Company;Province\r\nZeta Air;Gauteng\r\n", "utf16le"));
    const out = join(dir, "refined.csv");
    const result = await hotpass([...generic, "--input-dir", input, "--output-path", out], { cwd: dir, env: env() });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("orgs.csv: no byte-order mark, but the text is UTF-16LE; read as such");
    const bytes = readFileSync(out);
    expect(bytes.includes(0)).toBe(false);
    expect(bytes.toString("utf8")).toContain("Zeta Air,zeta-air");
  });

  test("Windows-1252 is read as such, with a warning, never as U+FFFD", async () => {
    const { dir, input, csv } = folderWith(Buffer.from("Company,Province\r\nCaf\xe9 A\xe9ro,Gauteng\r\n", "latin1"));
    const out = join(dir, "refined.csv");
    const result = await hotpass([...generic, "--input-dir", input, "--output-path", out], { cwd: dir, env: env() });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${csv}: not valid UTF-8; read as Windows-1252`);
    const text = readFileSync(out, "utf8");
    expect(text).toContain("Café Aéro");
    expect(text).not.toContain("\ufffd");
    const report = JSON.parse(readFileSync(join(dir, "refined-quality-report.json"), "utf8"));
    expect(JSON.stringify(report)).toContain("read as Windows-1252");
  });

  test("a .csv with NUL bytes that is not UTF-16 is refused: exit 2 naming the file, nothing written", async () => {
    const { dir, input, csv } = folderWith(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x41, 0x42, 0x43, 0x00, 0x0a, 0x00, 0x00, 0x00]));
    const out = join(dir, "refined.csv");
    const result = await hotpass([...generic, "--input-dir", input, "--output-path", out], { cwd: dir, env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${csv}: not a text file (it contains NUL characters)`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(() => readFileSync(out)).toThrow();
  });
});
