/**
 * `hotpass contracts validate`: a table refine wrote meets its contract in every format; broken
 * rows give one line per violation (row, column, value, rule) and exit 2; and ajv, validating the
 * same rows against the emitted JSON Schema, agrees row by row with `--format jsonschema`.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { writeTable, type Cell } from "../../src/formats/index.ts";
import { hotpass, tempDir } from "../support/binary.ts";

const work = tempDir("hotpass-contracts-validate-");
afterAll(work.cleanup);

type Row = Record<string, Cell>;
let good: Row[];
let columns: string[];

beforeAll(async () => {
  await generateAviationWorkbooks({ orgs: 30, out: join(work.path, "data"), seed: 17 });
  for (const suffix of ["json", "csv", "xlsx", "parquet"]) {
    const refine = await hotpass(["refine", "--profile", "aviation", "--input-dir", join(work.path, "data"), "--output-path", join(work.path, `refined.${suffix}`)]);
    expect(refine.code).toBe(0);
  }
  good = JSON.parse(readFileSync(join(work.path, "refined.json"), "utf8"));
  columns = Object.keys(good[0]!);
});

const validate = (...args: string[]) => hotpass(["contracts", "validate", ...args, "--profile", "aviation"]);

/** One broken value per row, each breaking one rule (row number = index + 1). */
const BREAKS: { column: string; value: Cell; rule: string }[] = [
  { column: "contact_primary_email", value: "not-an-email", rule: "regex ^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$" },
  { column: "contact_primary_email_status", value: "maybe", rule: "value_set deliverable, risky, undeliverable (case ignored)" },
  { column: "data_quality_score", value: 1.5, rule: "range [0, 1]" },
  { column: "data_quality_score", value: "high", rule: "type number" },
  { column: "organization_name", value: null, rule: "not_null" },
  { column: "last_interaction_date", value: "2025-02-30", rule: "type date (YYYY-MM-DD)" },
  { column: "intent_signal_count", value: 1.5, rule: "type integer" },
  { column: "website", value: "ftp://example.org", rule: "regex ^https?://" },
  { column: "contact_primary_phone", value: "0821234567", rule: "regex ^\\+\\d{6,}$" },
  { column: "province", value: 7, rule: "type text" },
];

function brokenRows(): Row[] {
  const rows = good.slice(0, BREAKS.length + 3).map((row) => ({ ...row }));
  BREAKS.forEach(({ column, value }, i) => (rows[i]![column] = value));
  // Within the rules, so not a violation: case and outer spaces in a value set.
  rows[BREAKS.length]!.contact_primary_phone_status = " Deliverable ";
  return rows;
}

async function writeRows(name: string, rows: Row[]): Promise<string> {
  const path = join(work.path, name);
  if (name.endsWith(".json")) writeFileSync(path, JSON.stringify(rows));
  else await writeTable(path, columns, rows.map((row) => columns.map((column) => row[column] ?? null)));
  return path;
}

describe("a table refine wrote", () => {
  for (const suffix of ["json", "csv", "xlsx", "parquet"]) {
    test(`.${suffix} meets the contract: exit 0`, async () => {
      const result = await validate(join(work.path, `refined.${suffix}`));
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(`ok: ${join(work.path, `refined.${suffix}`)} meets the table contract (profile aviation): ${good.length} rows`);
    });
  }
});

describe("broken rows", () => {
  test("one line per violation with row, column, value and rule; exit 2 with a summary", async () => {
    const path = await writeRows("broken.json", brokenRows());
    const result = await validate(path);
    expect(result.code).toBe(2);
    const lines = result.stdout.trim().split("\n").map((line) => line.split("\t"));
    expect(lines).toEqual(BREAKS.map(({ column, value, rule }, i) => [`row ${i + 1}`, column, value === null ? "(empty)" : JSON.stringify(value), rule]));
    expect(result.stderr).toContain(`hotpass: error: ${path} breaks the table contract (profile aviation): ${BREAKS.length} violations in ${BREAKS.length} of ${BREAKS.length + 3} rows`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test("the same violations from .xlsx and .csv copies of the table (CSV has no types: a number in a text column reads back as text)", async () => {
    const expected = BREAKS.map(({ column, rule }, i) => ({ row: i + 1, column, rule }));
    for (const name of ["broken.xlsx", "broken.csv"]) {
      const result = await validate(await writeRows(name, brokenRows()), "--json");
      expect(result.code).toBe(2);
      const check = JSON.parse(result.stdout);
      const found = check.violations.map(({ row, column, rule }: Record<string, unknown>) => ({ row, column, rule }));
      expect(found).toEqual(name.endsWith(".csv") ? expected.filter((v) => v.rule !== "type text") : expected);
    }
  });

  test("--limit caps the lines and counts the rest; --json counts per column and rule", async () => {
    const path = await writeRows("broken-limit.json", brokenRows());
    const capped = await validate(path, "--limit", "3");
    expect(capped.code).toBe(2);
    const lines = capped.stdout.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe(`… and ${BREAKS.length - 3} more violations (--limit N shows more)`);
    const json = JSON.parse((await validate(path, "--json", "--limit", "2")).stdout);
    expect(json).toMatchObject({ valid: false, rows: BREAKS.length + 3, violationCount: BREAKS.length });
    expect(json.violations).toHaveLength(2);
    expect(json.counts).toContainEqual({ column: "data_quality_score", rule: "range [0, 1]", violations: 1 });
  });

  test("a missing column, a duplicate primary key and hostile text", async () => {
    const rows = good.slice(0, 3).map((row) => ({ ...row }));
    rows[2]!.organization_slug = rows[0]!.organization_slug!;
    rows[1]!.contact_primary_email_status = "\u001b[31mred\u001b[0m";
    for (const row of rows) delete row.privacy_basis;
    const result = await validate(await writeRows("missing.json", rows));
    expect(result.code).toBe(2);
    expect(result.stdout).not.toContain("\u001b");
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe("-\tprivacy_basis\t(empty)\tcolumn present");
    expect(lines).toContain(`row 2\tcontact_primary_email_status\t"\\u001b[31mred\\u001b[0m"\tvalue_set deliverable, risky, undeliverable (case ignored)`);
    expect(lines).toContain(`row 3\torganization_slug\t${JSON.stringify(rows[0]!.organization_slug)}\tunique (primary key)`);
  });

  test("a missing table, an unreadable one and a bad --limit are usage errors", async () => {
    const missing = await validate(join(work.path, "nope.csv"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.csv");
    const text = join(work.path, "notes.txt");
    writeFileSync(text, "hello");
    expect((await validate(text)).code).toBe(2);
    const limit = await validate(join(work.path, "refined.json"), "--limit", "0");
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain("--limit must be a whole number above 0");
  });
});

describe("ajv and contracts validate agree", () => {
  test("row by row, against the emitted JSON Schema, with --format jsonschema", async () => {
    const emitted = await hotpass(["contracts", "emit", "--format", "jsonschema", "--profile", "aviation"]);
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    const schema = JSON.parse(emitted.stdout);
    ajv.addSchema(schema, "contract");
    const rowValid = ajv.getSchema("contract#/definitions/row")!;

    const rows = brokenRows();
    rows.push({ ...good[0]!, organization_slug: good[1]!.organization_slug! }); // a duplicate key
    const path = await writeRows("agree.json", rows);
    const check = JSON.parse((await validate(path, "--format", "jsonschema", "--json", "--limit", "1000")).stdout);
    const hotpassRejects = new Set<number>(check.violations.map((v: { row: number }) => v.row));
    const ajvRejects = new Set(rows.flatMap((row, i) => (rowValid(row) ? [] : [i + 1])));
    expect([...ajvRejects].sort((a, b) => a - b)).toEqual(BREAKS.map((_, i) => i + 1));
    expect(hotpassRejects).toEqual(ajvRejects);

    // The whole contract also holds the primary key, which JSON Schema cannot state.
    const full = JSON.parse((await validate(path, "--json", "--limit", "1000")).stdout);
    expect(full.violations.at(-1)).toMatchObject({ row: rows.length, column: "organization_slug", rule: "unique (primary key)" });
    expect(ajv.validate("contract", rows)).toBe(false);
    expect(ajv.validate("contract", good)).toBe(true);
  });
});
