/**
 * `runQa`: the output expectations (the one engine, through refine's `checkOutput`) and the
 * refined table's contract, run on a table that already exists — a refined or enriched table, or
 * one edited by hand — writing the same quality report refine writes. Runs inside `withRun`
 * (root span `hotpass.qa`); never prints and never exits: `exitCode` says what the CLI exits with.
 *
 * @example
 * const result = await runQa({ table: "dist/enriched.xlsx", profile: "aviation", qaMode: "strict" });
 * if (result.exitCode !== 0) console.error(result.failures.map((f) => f.message).join("\n"));
 */
import { randomUUID } from "node:crypto";
import { basename, dirname, join, parse, resolve } from "node:path";
import { tableContract } from "../../contracts/index.ts";
import { readTable } from "../../formats/index.ts";
import type { ExpectationResult } from "../../pipeline/events.ts";
import { checkOutput } from "../../pipeline/output-stats.ts";
import { reportFiles } from "../../pipeline/outputs.ts";
import { buildReport, reportHtml, reportMarkdown, type QualityReport } from "../../pipeline/report.ts";
import { COLUMN, SSOT_COLUMNS, type CellValue, type ReportFormat } from "../../pipeline/types.ts";
import { AtomicBatch } from "../../pipeline/write/atomic.ts";
import { loadProfile, type Profile } from "../../profiles/index.ts";
import { throwIfCancelled, type RunControl } from "../../run/control.ts";
import { libraryIo, type RunIo } from "../../run/io.ts";
import { withRun, type Run } from "../../run/lifecycle.ts";
import type { TelemetryInputs } from "../../telemetry/options.ts";
import { contractResults } from "./contract.ts";

export interface QaRequest {
  /** The table to check: any format `readTable` reads (.xlsx, .csv, .parquet, .json, ...). */
  table: string;
  profile?: string | Profile;
  profileSearchPath?: string[];
  /** `strict`: a failed expectation is a data-contract failure (exit 2). */
  qaMode?: "default" | "strict";
  /** Base path of the report (default `<table>-qa-quality-report.json` beside the table). */
  reportPath?: string;
  reportFormats?: ReportFormat[];
  runId?: string;
  telemetry?: TelemetryInputs;
  /** Relative paths resolve against this folder (default: the working folder). */
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

/** The library entry (dashboard, MCP server): qa reporting to `control` instead of the console. */
export function runQa(request: QaRequest, control: RunControl = {}): Promise<QaResult> {
  return qa(request, libraryIo(control));
}

export async function qa(request: QaRequest, io: RunIo): Promise<QaResult> {
  const cwd = request.cwd ?? process.cwd();
  const profile = typeof request.profile === "object" ? request.profile : await loadProfile(request.profile, request.profileSearchPath ?? []);
  const runId = request.runId ?? randomUUID();
  io.logger.runId = runId;
  return withRun(
    { command: "qa", runId, profile, telemetry: request.telemetry ?? {}, logger: io.logger, sinks: io.sinks, signal: io.signal, surface: io.surface, env: io.env, machineStdout: io.machineStdout },
    (run) => checkTable({ ...request, tablePath: resolve(cwd, request.table), reportBase: request.reportPath && resolve(cwd, request.reportPath), profile, runId }, run),
  );
}

interface QaOptions extends QaRequest {
  tablePath: string;
  reportBase?: string;
  profile: Profile;
  runId: string;
}

async function checkTable(options: QaOptions, run: Run): Promise<QaResult> {
  const started = performance.now();
  const startedAt = new Date();
  const { tablePath, profile } = options;
  const qaMode = options.qaMode ?? "default";

  const table = await readTable(tablePath);
  for (const message of table.notices) run.bus.emit("warning", { message, code: "qa.input" });
  const readSeconds = since(started);
  throwIfCancelled(run.signal);

  let t = performance.now();
  const rows = inSsotOrder(table.columns, table.rows);
  const contract = contractResults(table, await tableContract(profile));
  const output = checkOutput(rows, profile);
  const results = [...contract, ...output.results];
  const failures = results.filter((r) => !r.success);
  for (const failure of failures) run.bus.emit("warning", { message: `${failure.scope === "contract" ? "contract" : "expectation"} failed: ${failure.message}`, code: "expectation_failed" });
  const expectationsSeconds = since(t);
  throwIfCancelled(run.signal);

  const base = options.reportBase ?? join(dirname(tablePath), `${parse(tablePath).name}-qa-quality-report.json`);
  const paths = reportFiles({ outputPath: tablePath, reportPath: base, reportFormats: options.reportFormats ?? [] });
  t = performance.now();
  const report = buildReport({
    runId: options.runId,
    command: "qa",
    profile: profile.name,
    startedAt,
    traceId: run.traceId(),
    inputDir: dirname(tablePath),
    outputPath: tablePath,
    qaMode,
    totalRecords: rows.length,
    distribution: output.stats.distribution(),
    invalidRecords: output.invalidRecords,
    sources: [{ source: basename(tablePath), file: tablePath, sheet: table.format, rows: table.rows.length, columns: table.columns, mapping: {}, seconds: readSeconds }],
    dropped: {},
    expectations: results,
    conflicts: { count: 0, examples: [] },
    contractNotices: [],
    notices: [`checked by hotpass qa: ${tablePath} (${table.format}, ${table.rows.length} rows)`, ...table.notices],
    nullCounts: output.stats.nullCounts(),
    performance: { load_seconds: readSeconds, aggregation_seconds: 0, expectations_seconds: expectationsSeconds, write_seconds: 0, total_seconds: 0, rows_per_second: 0 },
  });
  report.files = Object.values(paths);
  const total = since(started);
  report.performance_metrics = { ...report.performance_metrics, write_seconds: since(t), total_seconds: total, rows_per_second: total > 0 ? Math.round(table.rows.length / total) : table.rows.length };

  const batch = new AtomicBatch();
  try {
    await batch.write(paths.json, `${JSON.stringify(report, null, 2)}\n`);
    if (paths.markdown) await batch.write(paths.markdown, reportMarkdown(report));
    if (paths.html) await batch.write(paths.html, reportHtml(report));
    throwIfCancelled(run.signal);
  } catch (error) {
    batch.abort();
    throw error;
  }
  const files = batch.commit();
  const contractBroken = contract.some((r) => !r.success);
  const exitCode = contractBroken || (qaMode === "strict" && failures.length > 0) ? 2 : 0;
  return { report, files, reportPath: paths.json, failures, contractBroken, exitCode };
}

/** The table's cells rearranged into the refined column order (a missing column reads as empty). */
function inSsotOrder(columns: readonly string[], rows: CellValue[][]): CellValue[][] {
  const index = SSOT_COLUMNS.map((column) => columns.indexOf(column));
  return rows.map((row) => index.map((i) => (i >= 0 ? (row[i] ?? null) : null)));
}

const since = (t: number) => Math.round(performance.now() - t) / 1000;
