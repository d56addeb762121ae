import { describe, expect, test } from "bun:test";
import { aggregateRecords } from "../../src/pipeline/aggregate.ts";
import { checkOutput } from "../../src/pipeline/output-stats.ts";
import { normaliseRecords } from "../../src/pipeline/normalise.ts";
import { buildReport, completeness, nullCounts, recommendations, reportHtml, reportMarkdown, summarySheet } from "../../src/pipeline/report.ts";
import { SSOT_COLUMNS, type CellValue, type SsotColumn } from "../../src/pipeline/types.ts";

type RefinedRecord = Record<SsotColumn, CellValue>;
/** The records as the rows output rules read. */
const cells = (records: RefinedRecord[]) => records.map((record) => SSOT_COLUMNS.map((column) => record[column]));
import { testProfile } from "./profile.ts";
import { raw } from "./records.ts";

function refined(count: number, withEmail: number): RefinedRecord[] {
  const rows = Array.from({ length: count }, (_, i) =>
    raw({
      source_dataset: "S", source_record_id: `s:${i}`, organization_name: `Org ${i}`, website: "org.co.za",
      contact_emails: i < withEmail ? [`a${i}@org.co.za`] : [], contact_phones: ["082 123 4567"],
    }),
  );
  return aggregateRecords(normaliseRecords(rows, { countryCode: "ZA" }).records, { countryCode: "ZA", maxPriority: 1 }).table.records();
}

describe("output expectations", () => {
  test("all pass on clean output; empty emails are not regex failures", () => {
    const { results, invalidRecords } = checkOutput(cells(refined(10, 5)), testProfile());
    expect(results.every((r) => r.success)).toBe(true);
    expect(invalidRecords).toBe(0);
    const email = results.find((r) => r.column === "contact_primary_email")!;
    expect(email).toMatchObject({ rule: "regex", total: 5, failed: 0, mostly: 0.85, scope: "output" });
  });

  test("the profile's mostly decides: 8 of 10 good emails fails at 0.85, passes at 0.8", () => {
    const records = refined(10, 10);
    records[0]!.contact_primary_email = "broken";
    records[1]!.contact_primary_email = "also broken@";
    const strictish = checkOutput(cells(records), testProfile());
    const email = strictish.results.find((r) => r.column === "contact_primary_email")!;
    expect(email.success).toBe(false);
    expect(email.failed).toBe(2);
    expect(email.message).toContain("2 of 10 rows failed");
    expect(strictish.invalidRecords).toBe(2);
    const lenient = checkOutput(cells(records), testProfile({ quality_thresholds: { email: 0.8, phone: 0.85, website: 0.75 } }));
    expect(lenient.results.find((r) => r.column === "contact_primary_email")!.success).toBe(true);
  });

  test("scores outside [0, 1], an empty name and the profile's own value_set rule fail", () => {
    const records = refined(3, 3);
    records[0]!.data_quality_score = 1.5;
    records[1]!.organization_name = null;
    records[2]!.status = "Bogus";
    const profile = testProfile({ expectations: { sources: [], output: [{ rule: "value_set", column: "status", values: ["Active"] }] } });
    const { results, invalidRecords } = checkOutput(cells(records), profile);
    const failed = results.filter((r) => !r.success).map((r) => `${r.rule}:${r.column}`);
    expect(failed.sort()).toEqual(["not_null:organization_name", "range:data_quality_score", "value_set:status"]);
    expect(invalidRecords).toBe(3);
  });
});

describe("quality report", () => {
  test("totals, distribution, recommendations, completeness and renderings", () => {
    const records = refined(4, 2);
    const { results, invalidRecords } = checkOutput(cells(records), testProfile());
    const report = buildReport({
      runId: "r1", command: "refine", profile: "test", startedAt: new Date(), inputDir: "in", outputPath: "out.xlsx", qaMode: "default", totalRecords: records.length, distribution: checkOutput(cells(records), testProfile()).stats.distribution(), invalidRecords,
      sources: [{ source: "S", file: "/in/s.xlsx", sheet: "Sheet1", rows: 4, columns: [], mapping: {}, seconds: 0.1 }],
      dropped: { placeholder_organization_name: 2 }, expectations: results, conflicts: { count: 0, examples: [] },
      contractNotices: [{ table: "s-Sheet1", dropped_rows: 1, path: "/d/contract-notices/r1/s-Sheet1-duplicates.csv" }],
      notices: [], nullCounts: {}, performance: { load_seconds: 1, aggregation_seconds: 1, expectations_seconds: 0, write_seconds: 1, total_seconds: 3, rows_per_second: 2 },
    });
    // two rows with email+phone+website (0.6), two with phone+website (0.4)
    expect(report.data_quality_distribution).toMatchObject({ mean: 0.5, min: 0.4, max: 0.6 });
    const bars = report.data_quality_distribution.histogram!;
    expect(bars).toHaveLength(10);
    expect(bars.find((bar) => bar.from === 0.4)!.count).toBe(2);
    expect(bars.find((bar) => bar.from === 0.6)!.count).toBe(2);
    expect(bars.reduce((sum, bar) => sum + bar.count, 0)).toBe(4);
    expect(report.total_records).toBe(4);
    expect(report.source_breakdown).toEqual({ S: 4 });
    expect(report.expectations_passed).toBe(true);
    expect(report.recommendations).toEqual([expect.stringMatching(/^WARNING: mean data quality score is 0\.50/)]);
    expect(reportMarkdown(report)).toContain("| total_records | 4 |");
    expect(reportMarkdown(report)).toContain("s-Sheet1: 1 duplicate rows dropped");
    expect(reportHtml(report)).toContain("<h1>Hotpass quality report</h1>");
    const rows = records.map((record) => SSOT_COLUMNS.map((column) => record[column]));
    const empty = nullCounts(SSOT_COLUMNS, rows);
    expect(empty.contact_primary_email).toBe(2);
    const sheet = summarySheet(report, SSOT_COLUMNS, empty);
    expect(sheet.rows).toContainEqual(["Completeness", "contact_primary_email", 0.5]);
    expect(sheet.rows).toContainEqual(["Totals", "total_records", 4]);
    expect(completeness(["website", "province"], empty, 4)).toEqual({ website: 1, province: 0 });
  });

  test("recommendations: critical below 0.5, one warning per failed expectation, else good", () => {
    expect(recommendations(0.3, [], 5)[0]).toStartWith("CRITICAL");
    const failure = { rule: "regex", scope: "output", column: "website", success: false, failed: 7, total: 9, message: "website matches ^https?://: 7 of 9 rows failed" };
    expect(recommendations(0.9, [failure], 5)).toEqual(["WARNING: output expectation failed (7 rows): website matches ^https?://: 7 of 9 rows failed"]);
    expect(recommendations(0.9, [], 5)[0]).toStartWith("Quality looks good");
  });
});
