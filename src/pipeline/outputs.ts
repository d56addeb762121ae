/**
 * The write stage: the refined table (with its sidecars), the contract notices and the quality
 * report, staged in one atomic batch so they appear together or not at all; then `--archive`.
 * The report is built once, before the table is written (the workbook's "Quality Summary" sheet
 * is made from it), and its timings are completed when everything is on disk.
 */
import { join, parse } from "node:path";
import { contractError } from "../errors.ts";
import { throwIfCancelled } from "../run/control.ts";
import type { Conflict } from "./aggregate.ts";
import type { ExpectationResult } from "./events.ts";
import { buildReport, reportHtml, reportMarkdown, summarySheet, type PerformanceMetrics, type QualityReport } from "./report.ts";
import type { PipelineContext } from "./run.ts";
import type { OutputStats } from "./output-stats.ts";
import type { RowSource } from "../formats/types.ts";
import { SSOT_COLUMNS, type LoadResult, type RefineOptions, type ReportFormat } from "./types.ts";
import { writeArchive } from "./write/archive.ts";
import { AtomicBatch } from "./write/atomic.ts";
import { writeTable } from "../formats/index.ts";
import { stageContractNotices } from "./write/notices.ts";

export interface StageTimings {
  /** `performance.now()` when the run began. */
  started: number;
  loadSeconds: number;
  normaliseSeconds: number;
  aggregateSeconds: number;
  expectationsSeconds: number;
  sourceRows: number;
}

export interface WriteInput {
  format: string;
  /** The refined rows, in output order. */
  table: RowSource;
  /** What was gathered about them (expectations, empty cells, scores). */
  stats: OutputStats;
  invalidRecords: number;
  load: Pick<LoadResult, "sources" | "duplicates" | "notices">;
  dropped: Record<string, number>;
  expectations: ExpectationResult[];
  conflicts: { count: number; examples: Conflict[] };
  startedAt: Date;
  timings: StageTimings;
}

export interface Written {
  report: QualityReport;
  reportPath: string;
  /** Every file written, in order: the table and its sidecars, notices, reports, the archive. */
  files: string[];
}

const since = (t: number) => Math.round(performance.now() - t) / 1000;

export async function writeOutputs(options: RefineOptions, context: PipelineContext, input: WriteInput): Promise<Written> {
  const { bus, signal } = context;
  const t = performance.now();
  bus.emit("write.started", { path: options.outputPath, format: input.format });
  const batch = new AtomicBatch();
  try {
    const notices = await stageContractNotices(batch, options.distDir, options.runId, input.load.duplicates);
    const reportPaths = reportFiles(options);
    const empty = input.stats.nullCounts();
    const report = buildReport({
      runId: options.runId,
      command: "refine",
      profile: options.profile.name,
      inputDir: options.inputDir,
      outputPath: options.outputPath,
      qaMode: options.qaMode,
      startedAt: input.startedAt,
      traceId: context.traceId?.(),
      totalRecords: input.stats.rowCount,
      distribution: input.stats.distribution(),
      invalidRecords: input.invalidRecords,
      sources: input.load.sources,
      dropped: input.dropped,
      expectations: input.expectations,
      conflicts: input.conflicts,
      contractNotices: notices,
      notices: input.load.notices,
      nullCounts: empty,
      performance: performanceMetrics(input.timings, 0),
    });
    const failures = input.expectations.filter((r) => !r.success);
    if (options.qaMode === "strict" && failures.length) {
      // The failed run's report is still written (it says why); the previous output stays.
      report.performance_metrics = performanceMetrics(input.timings, since(t));
      report.files = [...notices.map((n) => n.path), ...Object.values(reportPaths)];
      await stageReports(batch, reportPaths, report);
      batch.commit();
      throw contractError(
        `${failures.length} expectation(s) failed in --qa-mode strict: ${failures.map((f) => f.message).join("; ")}`,
        `see ${reportPaths.json}; the previous output was left untouched`,
      );
    }
    throwIfCancelled(signal);
    const table = await writeTable(options.outputPath, SSOT_COLUMNS, input.table, {
      batch,
      extraSheets: [summarySheet(report, SSOT_COLUMNS, empty)],
      signal,
    });
    throwIfCancelled(signal);
    report.performance_metrics = performanceMetrics(input.timings, since(t));
    report.files = [...table.files, ...notices.map((n) => n.path), ...Object.values(reportPaths)];
    await stageReports(batch, reportPaths, report);
    const files = batch.commit();
    if (options.archive) files.push(await writeArchive(options.distDir, options.outputPath, Object.values(reportPaths)));
    const writeSeconds = since(t);
    bus.emit("write.completed", {
      path: options.outputPath,
      format: input.format,
      rows: input.table.length,
      bytes: table.bytes,
      columns: [...SSOT_COLUMNS],
      null_counts: empty,
      files,
      write_seconds: writeSeconds,
    });
    return { report, reportPath: reportPaths.json, files };
  } catch (error) {
    const explained = batch.explain(error);
    batch.abort();
    throw explained;
  }
}

/** The JSON report (always) plus the requested Markdown / HTML, all sharing one base name. */
export function reportFiles(options: Pick<RefineOptions, "outputPath" | "reportPath" | "reportFormats">): { json: string; markdown?: string; html?: string } {
  let base: string;
  if (options.reportPath) base = options.reportPath.replace(/\.(json|md|markdown|html?)$/i, "");
  else {
    const parsed = parse(options.outputPath);
    base = join(parsed.dir, `${parsed.name}-quality-report`);
  }
  const formats = new Set<ReportFormat>(options.reportFormats);
  return {
    json: `${base}.json`,
    ...(formats.has("markdown") ? { markdown: `${base}.md` } : {}),
    ...(formats.has("html") ? { html: `${base}.html` } : {}),
  };
}

async function stageReports(batch: AtomicBatch, paths: ReturnType<typeof reportFiles>, report: QualityReport): Promise<void> {
  await batch.write(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  if (paths.markdown) await batch.write(paths.markdown, reportMarkdown(report));
  if (paths.html) await batch.write(paths.html, reportHtml(report));
}

/** The report's stage durations (the seed's four, plus normalise on its own) and throughput. */
function performanceMetrics(timings: StageTimings, writeSeconds: number): PerformanceMetrics {
  const total = since(timings.started);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    load_seconds: timings.loadSeconds,
    normalise_seconds: timings.normaliseSeconds,
    aggregation_seconds: round(timings.normaliseSeconds + timings.aggregateSeconds),
    expectations_seconds: timings.expectationsSeconds,
    write_seconds: writeSeconds,
    total_seconds: total,
    rows_per_second: total > 0 ? Math.round(timings.sourceRows / total) : timings.sourceRows,
  };
}
