/**
 * The quality report (spec section 7): built once as data, rendered as JSON (always), Markdown
 * and HTML, and summarised as the workbook's "Quality Summary" sheet.
 */
import type { Conflict } from "./aggregate.ts";
import type { ExpectationResult, SourceRead } from "./events.ts";
import type { CellValue } from "./types.ts";

export interface PerformanceMetrics {
  load_seconds: number;
  /** Normalising alone; `aggregation_seconds` includes it, as the seed's metric does. */
  normalise_seconds?: number;
  aggregation_seconds: number;
  expectations_seconds: number;
  write_seconds: number;
  total_seconds: number;
  rows_per_second: number;
}

/** One bar of the score distribution: scores in [from, to) (the last bar includes 1). */
export interface ScoreBucket {
  from: number;
  to: number;
  count: number;
}

export interface QualityReport {
  run_id: string;
  /** "refine" (a table checked by `hotpass qa` says "qa"). Absent in reports of older versions. */
  command?: string;
  profile: string;
  /** When the run began (ISO 8601). Absent in reports of older versions. */
  started_at?: string;
  generated_at: string;
  /** The run's trace id, when tracing was on. */
  trace_id?: string | null;
  input_dir: string;
  output_path: string;
  qa_mode: string;
  total_records: number;
  invalid_records: number;
  source_rows: number;
  source_breakdown: Record<string, number>;
  dropped_rows: Record<string, number>;
  expectations_passed: boolean;
  expectation_failures: ExpectationResult[];
  expectation_results: ExpectationResult[];
  data_quality_distribution: { mean: number; min: number; max: number; histogram?: ScoreBucket[] };
  /** Empty cells per output column. Absent in reports of older versions. */
  null_counts?: Record<string, number>;
  conflicts: { count: number; examples: Conflict[] };
  contract_notices: { table: string; dropped_rows: number; path: string }[];
  notices: string[];
  recommendations: string[];
  performance_metrics: PerformanceMetrics;
  /** Every file written with this report (the table, its sidecars, notices, the reports). */
  files?: string[];
}

export interface ReportInput {
  runId: string;
  command: string;
  profile: string;
  startedAt: Date;
  traceId?: string;
  inputDir: string;
  outputPath: string;
  qaMode: string;
  totalRecords: number;
  /** The distribution of `data_quality_score` over the output rows (OutputStats). */
  distribution: QualityReport["data_quality_distribution"];
  invalidRecords: number;
  sources: SourceRead[];
  dropped: Record<string, number>;
  expectations: ExpectationResult[];
  /** How many conflicts, and the first CONFLICT_EXAMPLES of them. */
  conflicts: { count: number; examples: Conflict[] };
  contractNotices: QualityReport["contract_notices"];
  notices: string[];
  nullCounts: Record<string, number>;
  performance: PerformanceMetrics;
}

/** Conflicts the report shows (the first, in first-appearance order of their organisations). */
export const CONFLICT_EXAMPLES = 10;

export function buildReport(input: ReportInput): QualityReport {
  const { distribution } = input;
  const breakdown: Record<string, number> = {};
  for (const source of input.sources) breakdown[source.source] = (breakdown[source.source] ?? 0) + source.rows;
  const failures = input.expectations.filter((result) => !result.success);
  return {
    run_id: input.runId,
    command: input.command,
    profile: input.profile,
    started_at: input.startedAt.toISOString(),
    generated_at: new Date().toISOString(),
    trace_id: input.traceId ?? null,
    input_dir: input.inputDir,
    output_path: input.outputPath,
    qa_mode: input.qaMode,
    total_records: input.totalRecords,
    invalid_records: input.invalidRecords,
    source_rows: input.sources.reduce((sum, s) => sum + s.rows, 0),
    source_breakdown: breakdown,
    dropped_rows: input.dropped,
    expectations_passed: failures.length === 0,
    expectation_failures: failures,
    expectation_results: input.expectations,
    data_quality_distribution: distribution,
    null_counts: input.nullCounts,
    conflicts: { count: input.conflicts.count, examples: input.conflicts.examples.slice(0, CONFLICT_EXAMPLES) },
    contract_notices: input.contractNotices,
    notices: input.notices,
    recommendations: recommendations(distribution.mean, failures, input.totalRecords),
    performance_metrics: input.performance,
  };
}

export function recommendations(mean: number, failures: ExpectationResult[], total: number): string[] {
  const out: string[] = [];
  const shown = mean.toFixed(2);
  if (total > 0 && mean < 0.5) out.push(`CRITICAL: mean data quality score is ${shown} (below 0.5): most organisations lack contact details, website, province or address; add or fix those sources.`);
  else if (total > 0 && mean < 0.75) out.push(`WARNING: mean data quality score is ${shown} (below 0.75): fill the fields named in data_quality_flags.`);
  for (const failure of failures) out.push(`WARNING: ${failure.scope} expectation failed (${failure.failed} rows): ${failure.message}`);
  if (out.length === 0) out.push(`Quality looks good: mean data quality score ${shown} and every expectation passed.`);
  return out;
}

/** The "Quality Summary" sheet: totals, then the completeness of every output column. */
export function summarySheet(report: QualityReport, columns: readonly string[], nullCounts: Record<string, number>): { name: string; columns: string[]; rows: CellValue[][] } {
  const rows: CellValue[][] = [
    ["Totals", "total_records", report.total_records],
    ["Totals", "invalid_records", report.invalid_records],
    ["Totals", "source_rows", report.source_rows],
    ["Totals", "data_quality_mean", report.data_quality_distribution.mean],
    ["Totals", "data_quality_min", report.data_quality_distribution.min],
    ["Totals", "data_quality_max", report.data_quality_distribution.max],
    ["Totals", "conflicts", report.conflicts.count],
    ["Totals", "expectations_passed", report.expectations_passed ? "yes" : "no"],
    ...Object.entries(report.source_breakdown).map(([source, rowsRead]): CellValue[] => ["Source rows", source, rowsRead]),
  ];
  for (const [column, filled] of Object.entries(completeness(columns, nullCounts, report.total_records))) rows.push(["Completeness", column, filled]);
  return { name: "Quality Summary", columns: ["section", "item", "value"], rows };
}

/** Share of non-empty cells per column (0..1, 4 decimals), from the empty-cell counts. */
export function completeness(columns: readonly string[], nullCounts: Record<string, number>, total: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const column of columns) {
    const filled = total - (nullCounts[column] ?? total);
    out[column] = total ? Math.round((filled / total) * 10_000) / 10_000 : 0;
  }
  return out;
}

/** Empty cells per column of a table. */
export function nullCounts(columns: readonly string[], rows: CellValue[][]): Record<string, number> {
  const counts = new Int32Array(columns.length);
  const width = columns.length;
  for (const row of rows) {
    for (let i = 0; i < width; i++) {
      const value = row[i];
      if (value === null || value === undefined || value === "") counts[i]!++;
    }
  }
  return Object.fromEntries(columns.map((column, i) => [column, counts[i]!]));
}

export function reportMarkdown(report: QualityReport): string {
  const lines = [
    `# Hotpass quality report`,
    "",
    `Run \`${report.run_id}\` with profile \`${report.profile}\` at ${report.generated_at}.`,
    "",
    "| metric | value |",
    "|---|---|",
    ...summaryPairs(report).map(([k, v]) => `| ${k} | ${mdCell(v)} |`),
    "",
    "## Recommendations",
    "",
    ...report.recommendations.map((line) => `- ${mdCell(line)}`),
    "",
    "## Expectations",
    "",
    "| scope | rule | column | result | failed / total |",
    "|---|---|---|---|---|",
    ...report.expectation_results.map((r) => `| ${mdCell(r.scope)} | ${r.rule} | ${mdCell(r.column ?? "")} | ${r.success ? "pass" : "FAIL"} | ${r.failed} / ${r.total} |`),
    "",
    "## Sources",
    "",
    "| source | rows |",
    "|---|---|",
    ...Object.entries(report.source_breakdown).map(([source, rows]) => `| ${mdCell(source)} | ${rows} |`),
    "",
  ];
  if (report.contract_notices.length) {
    lines.push("## Contract notices", "", ...report.contract_notices.map((n) => `- ${n.table}: ${n.dropped_rows} duplicate rows dropped, see \`${n.path}\``), "");
  }
  return `${lines.join("\n")}\n`;
}

export function reportHtml(report: QualityReport): string {
  const rows = (cells: string[][]) => cells.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hotpass quality report ${escapeHtml(report.run_id)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}.fail{color:#a00}</style>
</head><body>
<h1>Hotpass quality report</h1>
<p>Run <code>${escapeHtml(report.run_id)}</code>, profile <code>${escapeHtml(report.profile)}</code>, ${escapeHtml(report.generated_at)}.</p>
<table>${rows(summaryPairs(report).map(([k, v]) => [k, String(v)]))}</table>
<h2>Recommendations</h2>
<ul>${report.recommendations.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>
<h2>Expectations</h2>
<table><tr><th>scope</th><th>rule</th><th>column</th><th>result</th><th>failed / total</th></tr>
${rows(report.expectation_results.map((r) => [r.scope, r.rule, r.column ?? "", r.success ? "pass" : "FAIL", `${r.failed} / ${r.total}`]))}</table>
<h2>Sources</h2>
<table>${rows(Object.entries(report.source_breakdown).map(([source, count]) => [source, String(count)]))}</table>
</body></html>
`;
}

function summaryPairs(report: QualityReport): [string, string | number | boolean][] {
  const p = report.performance_metrics;
  return [
    ["total_records", report.total_records],
    ["invalid_records", report.invalid_records],
    ["source_rows", report.source_rows],
    ["expectations_passed", report.expectations_passed],
    ["data_quality mean / min / max", `${report.data_quality_distribution.mean} / ${report.data_quality_distribution.min} / ${report.data_quality_distribution.max}`],
    ["conflicts", report.conflicts.count],
    ["dropped rows", Object.entries(report.dropped_rows).map(([k, v]) => `${k}: ${v}`).join(", ") || "none"],
    ["total_seconds", p.total_seconds],
    ["rows_per_second", p.rows_per_second],
  ];
}

function mdCell(value: string | number | boolean): string {
  return String(value).replaceAll("|", "\\|").replaceAll("\n", " ");
}

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}
