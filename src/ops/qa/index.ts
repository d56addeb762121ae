/**
 * `runQa`: the output expectations (the one engine, through refine's `checkOutput`) and the
 * refined table's contract, run on a table that already exists — a refined or enriched table, or
 * one edited by hand — writing the same quality report refine writes. It never prints and never
 * exits; the caller maps the outcome to an exit code (`exitCode`).
 *
 * @example
 * const result = await runQa({ table: "dist/enriched.xlsx", profile: "aviation", qaMode: "strict" });
 * if (result.exitCode !== 0) console.error(result.failures.map((f) => f.message).join("\n"));
 */
import { randomUUID } from "node:crypto";
import { basename, dirname, join, parse, resolve } from "node:path";
import { readTable } from "../../formats/index.ts";
import type { ExpectationResult } from "../../pipeline/events.ts";
import { checkOutput } from "../../pipeline/expectations.ts";
import { buildReport, reportHtml, reportMarkdown, type QualityReport } from "../../pipeline/report.ts";
import { reportFiles } from "../../pipeline/run.ts";
import { SSOT_COLUMNS, type CellValue, type RefinedRecord, type ReportFormat } from "../../pipeline/types.ts";
import { AtomicBatch } from "../../pipeline/write/atomic.ts";
import { loadProfile } from "../../profiles/index.ts";
import { contractResults } from "./contract.ts";

export interface QaOptions {
  /** The table to check: any format `readTable` reads (.xlsx, .csv, .parquet, .json, ...). */
  table: string;
  profile?: string;
  profileSearchPath?: string[];
  /** `strict`: a failed expectation is a data-contract failure (exit 2). */
  qaMode?: "default" | "strict";
  /** Base path of the report (default `<table>-qa-quality-report.json` beside the table). */
  reportPath?: string;
  reportFormats?: ReportFormat[];
  runId?: string;
  maxUncompressedBytes?: number;
  cwd?: string;
}

export interface QaResult {
  report: QualityReport;
  /** Every file written (the JSON report, and Markdown / HTML when asked for). */
  files: string[];
  reportPath: string;
  /** Failed expectations and contract checks. */
  failures: ExpectationResult[];
  /** True when the table breaks the refined table's contract (a missing column, a repeated slug). */
  contractBroken: boolean;
  /** 0 when the table passes (or only expectations failed in the default mode), 2 otherwise. */
  exitCode: 0 | 2;
}

export async function runQa(options: QaOptions): Promise<QaResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const tablePath = resolve(cwd, options.table);
  const qaMode = options.qaMode ?? "default";
  const profile = await loadProfile(options.profile, options.profileSearchPath ?? []);

  const table = await readTable(tablePath, { maxUncompressedBytes: options.maxUncompressedBytes });
  // JSON carries column names only inside its row objects: an empty refined .json (`[]`) has none.
  if ((table.format === "json" || table.format === "jsonl") && table.rows.length === 0 && table.columns.length === 0) table.columns = [...SSOT_COLUMNS];
  const readSeconds = since(started);

  let t = performance.now();
  const rows = inSsotOrder(table.columns, table.rows);
  const records = rows.map((row) => Object.fromEntries(SSOT_COLUMNS.map((column, i) => [column, row[i] ?? null])) as unknown as RefinedRecord);
  const contract = contractResults(table.columns, table.rows);
  const output = await checkOutput(records, profile, rows);
  const results = [...contract, ...output.results];
  const failures = results.filter((r) => !r.success);
  const expectationsSeconds = since(t);

  const base = options.reportPath ? resolve(cwd, options.reportPath) : join(dirname(tablePath), `${parse(tablePath).name}-qa-quality-report.json`);
  const paths = reportFiles({ outputPath: tablePath, reportPath: base, reportFormats: options.reportFormats ?? [] });
  t = performance.now();
  const report = (writeSeconds: number): QualityReport =>
    buildReport({
      runId: options.runId ?? randomUUID(),
      profile: profile.name,
      inputDir: dirname(tablePath),
      outputPath: tablePath,
      qaMode,
      records,
      invalidRecords: output.invalidRecords,
      sources: [{ source: basename(tablePath), file: tablePath, sheet: table.format, rows: table.rows.length, columns: table.columns, mapping: {}, seconds: readSeconds }],
      dropped: {},
      expectations: results,
      conflicts: [],
      contractNotices: [],
      notices: [`checked by hotpass qa: ${tablePath} (${table.format}, ${table.rows.length} rows)`, ...table.notices],
      performance: {
        load_seconds: readSeconds,
        aggregation_seconds: 0,
        expectations_seconds: expectationsSeconds,
        write_seconds: writeSeconds,
        total_seconds: since(started),
        rows_per_second: since(started) > 0 ? Math.round(table.rows.length / since(started)) : table.rows.length,
      },
    });
  const final = report(since(t));
  const batch = new AtomicBatch();
  try {
    await batch.write(paths.json, `${JSON.stringify(final, null, 2)}\n`);
    if (paths.markdown) await batch.write(paths.markdown, reportMarkdown(final));
    if (paths.html) await batch.write(paths.html, reportHtml(final));
  } catch (error) {
    batch.abort();
    throw error;
  }
  const files = batch.commit();
  const contractBroken = contract.some((r) => !r.success);
  const exitCode = contractBroken || (qaMode === "strict" && failures.length > 0) ? 2 : 0;
  return { report: final, files, reportPath: paths.json, failures, contractBroken, exitCode };
}

/** The table's cells rearranged into the refined column order (a missing column reads as empty). */
function inSsotOrder(columns: readonly string[], rows: CellValue[][]): CellValue[][] {
  const index = SSOT_COLUMNS.map((column) => columns.indexOf(column));
  return rows.map((row) => index.map((i) => (i >= 0 ? (row[i] ?? null) : null)));
}

const since = (t: number) => Math.round(performance.now() - t) / 1000;
