/**
 * `hotpass qa` through the binary: on refine's and enrich's own outputs it passes and reports
 * exactly what refine reported for the same table (one expectation engine); on deliberately broken
 * tables it warns in the default mode and exits 2 in strict mode; a broken contract (a missing
 * column, a repeated slug) exits 2 in any mode; the report is refine's, atomically written. The
 * contract part is `hotpass contracts validate`'s own check, so the two commands agree on it.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { hotpass, tempDir } from "../support/binary.ts";
import { startOtlpReceiver } from "../support/otlp-receiver.ts";

type Row = Record<string, unknown>;
type Result = { scope: string; rule: string; column?: string; success: boolean; failed: number; total: number; message: string };
let tmp: ReturnType<typeof tempDir>;
let work: string;
const env = () => ({ HOME: join(tmp.path, "home"), HOTPASS_STATE_DIR: join(tmp.path, "state"), OTEL_EXPORTER_OTLP_ENDPOINT: undefined, OPENLINEAGE_URL: undefined });
const run = (args: string[]) => hotpass(args, { cwd: work, env: env() });
const report = (path: string) => JSON.parse(readFileSync(join(work, path), "utf8"));
const sha = (path: string) => createHash("sha256").update(readFileSync(join(work, path))).digest("hex");
const outputScope = (results: Result[]) => results.filter((r) => r.scope === "output").map(({ rule, column, success, failed, total }) => ({ rule, column, success, failed, total }));

beforeAll(async () => {
  tmp = tempDir();
  work = tmp.path;
  await generateAviationWorkbooks({ orgs: 40, out: join(work, "data"), seed: 21 });
  for (const output of ["dist/xlsx/refined.xlsx", "dist/json/refined.json", "dist/csv/refined.csv"]) {
    const refined = await run(["refine", "--profile", "aviation", "--output-path", output]);
    if (refined.code !== 0) throw new Error(refined.stderr);
  }
  const enriched = await run(["enrich", "--profile", "aviation", "--input", "dist/xlsx/refined.xlsx", "--output", "dist/enriched.xlsx"]);
  if (enriched.code !== 0) throw new Error(enriched.stderr);
});
afterAll(() => tmp.cleanup());

function brokenCopy(name: string, change: (rows: Row[]) => Row[]): string {
  const rows = JSON.parse(readFileSync(join(work, "dist", "json", "refined.json"), "utf8")) as Row[];
  writeFileSync(join(work, "dist", name), JSON.stringify(change(rows)));
  return `dist/${name}`;
}

describe("hotpass qa on tables refine and enrich wrote", () => {
  for (const table of ["dist/xlsx/refined.xlsx", "dist/json/refined.json", "dist/csv/refined.csv"]) {
    test(`${table}: passes, and reports the same output expectations as refine did`, async () => {
      const before = sha(table);
      const result = await run(["qa", table, "--profile", "aviation", "--qa-mode", "strict"]);
      expect(result.stderr).toContain("every expectation passed");
      expect(result.code).toBe(0);
      const qa = report(table.replace(/\.\w+$/, "-qa-quality-report.json"));
      const refine = report(table.replace(/\.\w+$/, "-quality-report.json"));
      expect(outputScope(qa.expectation_results)).toEqual(outputScope(refine.expectation_results));
      expect(qa).toMatchObject({ total_records: refine.total_records, invalid_records: refine.invalid_records, data_quality_distribution: refine.data_quality_distribution, qa_mode: "strict", expectations_passed: true });
      expect(qa.expectation_results.filter((r: Result) => r.scope === "contract").map((r: Result) => [r.rule, r.success])).toEqual([["required_columns", true], ["unique", true]]);
      expect(sha(table)).toBe(before); // the table is read, never written
    });
  }

  test("with telemetry on, the check is a hotpass.qa trace whose id the report carries", async () => {
    const receiver = await startOtlpReceiver();
    try {
      const result = await run(["qa", "dist/xlsx/refined.xlsx", "--profile", "aviation", "--telemetry-exporter", "otlp", "--telemetry-otlp-endpoint", receiver.url, "--report-path", "dist/traced"]);
      expect(result.code).toBe(0);
      const root = receiver.spans.find((span) => span.name === "hotpass.qa")!;
      expect(root.resource).toMatchObject({ "hotpass.command": "qa", "hotpass.profile": "aviation" });
      const written = report("dist/traced.json");
      expect(written).toMatchObject({ command: "qa", trace_id: root.traceId, run_id: root.resource["hotpass.run_id"] });
    } finally {
      await receiver.stop();
    }
  });

  test("an enriched table (refined columns plus provenance) passes", async () => {
    const result = await run(["qa", "dist/enriched.xlsx", "--profile", "aviation", "--qa-mode", "strict", "--log-format", "json"]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    const refinedRows = report("dist/xlsx/refined-quality-report.json").total_records;
    expect(summary).toMatchObject({ event: "summary", data: { rows: refinedRows, expectations_passed: true, contract_broken: false, exit_code: 0 } });
    expect(existsSync(join(work, "dist", "enriched-qa-quality-report.json"))).toBe(true);
  });
});

describe("hotpass qa on deliberately broken tables", () => {
  test("bad emails and an out-of-range score: warnings and exit 0 by default, exit 2 in strict mode, the report says which rows", async () => {
    const table = brokenCopy("bad-values.json", (rows) =>
      rows.map((row, i) => ({ ...row, contact_primary_email: i % 2 === 0 ? "not-an-email" : row.contact_primary_email, data_quality_score: i === 3 ? 1.7 : row.data_quality_score })),
    );
    const relaxed = await run(["qa", table, "--profile", "aviation"]);
    expect(relaxed.code).toBe(0);
    expect(relaxed.stderr).toContain("expectation failed: data_quality_score is within [0, 1]: 1 of");
    expect(relaxed.stderr).toContain("expectation failed: contact_primary_email matches");

    const strict = await run(["qa", table, "--profile", "aviation", "--qa-mode", "strict", "--report-path", "dist/ci-check", "--report-format", "markdown"]);
    expect(strict.code).toBe(2);
    const written = report("dist/ci-check.json");
    expect(written.expectations_passed).toBe(false);
    const score = written.expectation_failures.find((r: Result & { samples: { row: number; value: unknown }[] }) => r.column === "data_quality_score");
    expect(score.samples).toEqual([{ row: 4, value: "1.7" }]);
    expect(written.invalid_records).toBeGreaterThan(0);
    expect(written.recommendations.some((line: string) => line.includes("data_quality_score is within [0, 1]"))).toBe(true);
    expect(readFileSync(join(work, "dist", "ci-check.md"), "utf8")).toContain("| output | range | data_quality_score | FAIL | 1 / ");
  });

  test("the profile's own output rules run too", async () => {
    const profile = join(work, "strict-provinces.yaml");
    writeFileSync(profile, "name: strict-provinces\nexpectations:\n  output:\n    - { rule: value_set, column: province, values: [Gauteng] }\n");
    const result = await run(["qa", "dist/xlsx/refined.xlsx", "--profile", profile, "--qa-mode", "strict"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("expectation failed: province is one of Gauteng");
  });

  test("a missing refined column breaks the contract: exit 2 even in the default mode", async () => {
    const table = brokenCopy("no-slug.json", (rows) => rows.map(({ organization_slug: _, ...rest }) => rest));
    const result = await run(["qa", table, "--profile", "aviation"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("contract failed: missing 1 refined column(s): organization_slug");
    expect(report("dist/no-slug-qa-quality-report.json").expectations_passed).toBe(false);
  });

  test("a repeated organization_slug (the key) breaks the contract, naming the row", async () => {
    const table = brokenCopy("dupe.json", (rows) => [...rows, rows[0]!]);
    const result = await run(["qa", table, "--profile", "aviation"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("contract failed: organization_slug is unique (the table's key): 1 of");
    const unique = report("dist/dupe-qa-quality-report.json").expectation_failures.find((r: Result) => r.rule === "unique");
    expect(unique.samples[0].row).toBe(41);
  });

  test("a table that cannot be read: exit 2 naming it, no report", async () => {
    writeFileSync(join(work, "dist", "junk.xlsx"), "PK\u0003\u0004 a damaged zip");
    const result = await run(["qa", "dist/junk.xlsx"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("junk.xlsx");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(work, "dist", "junk-qa-quality-report.json"))).toBe(false);
    const missing = await run(["qa"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing argument TABLE");
  });
});

describe("hotpass qa and hotpass contracts validate agree on the contract", () => {
  type Verdict = { code: number; missing: string[]; repeatedRows: number[] };
  async function viaQa(table: string, profile: string): Promise<Verdict> {
    const result = await run(["qa", table, "--profile", profile, "--report-path", "dist/agree"]);
    const contract = report("dist/agree.json").expectation_results.filter((r: Result) => r.scope === "contract") as (Result & { samples?: { row: number }[] })[];
    const columns = contract.find((r) => r.rule === "required_columns")!;
    const missing = columns.success ? [] : columns.message.slice(columns.message.indexOf(": ") + 2).split(", ");
    return { code: result.code, missing, repeatedRows: (contract.find((r) => r.rule === "unique")?.samples ?? []).map((s) => s.row) };
  }
  async function viaContracts(table: string, profile: string): Promise<Verdict> {
    const result = await run(["contracts", "validate", table, "--profile", profile, "--json"]);
    const check = JSON.parse(result.stdout) as { violations: { row: number | null; column: string; rule: string }[] };
    return {
      code: result.code,
      missing: check.violations.filter((v) => v.rule === "column present").map((v) => v.column),
      repeatedRows: check.violations.filter((v) => v.rule === "unique (primary key)").map((v) => v.row!),
    };
  }
  const slugged = (change: (slug: string, i: number) => unknown) => (rows: Row[]) => rows.map((row, i) => ({ ...row, organization_slug: change(String(row.organization_slug), i) }));

  // Where the two used to differ, the contract's own reading (README, "The table contract") holds:
  // empty is null or "", keys are compared as they are, and a profile rule's column is a contract column.
  const cases: { name: string; table: () => string; profile?: () => string; expected: Verdict }[] = [
    { name: "a slug repeated with outer spaces is another key", table: () => brokenCopy("spaced.json", (rows) => [...rows, { ...rows[0]!, organization_slug: ` ${rows[0]!.organization_slug} ` }]), expected: { code: 0, missing: [], repeatedRows: [] } },
    { name: "two slugs of spaces are one repeated key", table: () => brokenCopy("spaces.json", slugged((slug, i) => (i < 2 ? "  " : slug))), expected: { code: 2, missing: [], repeatedRows: [2] } },
    { name: "a number key equal to a text key repeats it", table: () => brokenCopy("number-key.json", slugged((slug, i) => (i === 0 ? 7 : i === 3 ? "7" : slug))), expected: { code: 2, missing: [], repeatedRows: [4] } },
    { name: "an empty .json table lacks no column", table: () => brokenCopy("empty.json", () => []), expected: { code: 0, missing: [], repeatedRows: [] } },
    {
      name: "a column a profile rule names is a contract column",
      table: () => "dist/json/refined.json",
      profile: () => {
        writeFileSync(join(work, "fleet.yaml"), "name: fleet\nexpectations:\n  output:\n    - { rule: not_null, column: fleet_size }\n");
        return join(work, "fleet.yaml");
      },
      expected: { code: 2, missing: ["fleet_size"], repeatedRows: [] },
    },
  ];
  for (const { name, table, profile, expected } of cases) {
    test(name, async () => {
      const [path, chosen] = [table(), profile?.() ?? "aviation"];
      const qa = await viaQa(path, chosen);
      expect(qa).toEqual(expected);
      expect(await viaContracts(path, chosen)).toEqual(qa);
    });
  }
});
