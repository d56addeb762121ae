/**
 * Runs refine: load -> normalise -> aggregate -> expectations -> write. This is the only place
 * that knows the order of the stages; each stage is a function over typed records, and every
 * stage boundary is an event on the bus (telemetry, lineage, the console and JSON logs listen).
 *
 * @example
 * const result = await runRefine(options, new EventBus([console.log]));
 */
import { dirname, join, parse } from "node:path";
import { HotpassError, contractError, isHotpassError } from "../errors.ts";
import { aggregateRecords } from "./aggregate.ts";
import type { EventBus } from "./events.ts";
import { checkOutput } from "./expectations.ts";
import { tableRows } from "./rows.ts";
import { loadSources } from "./load/index.ts";
import { normaliseLoaded } from "./normalise.ts";
import { buildReport, nullCounts, reportHtml, reportMarkdown, summarySheet, type QualityReport } from "./report.ts";
import { SSOT_COLUMNS, type CellValue, type RefinedRecord, type RefineOptions, type RefineResult, type ReportFormat } from "./types.ts";
import { writeArchive } from "./write/archive.ts";
import { AtomicBatch, ensureWritableFolder, removeIfEmpty } from "./write/atomic.ts";
import { writableFormat, writeTable } from "../formats/index.ts";
import { stageContractNotices } from "./write/notices.ts";

const seconds = (since: number) => Math.round((performance.now() - since)) / 1000;

export async function runRefine(options: RefineOptions, bus: EventBus): Promise<RefineResult> {
  const started = performance.now();
  bus.emit("pipeline.start", { input_dir: options.inputDir, output_path: options.outputPath, profile: options.profile.name, run_id: options.runId });
  const createdFolders: [string, string | undefined][] = [];
  try {
    // Fail before any work when the output cannot be written.
    const format = writableFormat(options.outputPath).name;
    for (const folder of [dirname(options.outputPath), options.distDir]) createdFolders.push([folder, ensureWritableFolder(folder)]);

    let t = performance.now();
    bus.emit("load.started", { input_dir: options.inputDir });
    const load = await loadSources(options, bus);
    const loadSeconds = seconds(t);
    const sourceRows = load.total ?? load.records.length;
    bus.emit("load.completed", { total_rows: sourceRows, sources: load.sources, load_seconds: loadSeconds, dropped: load.dropped });

    t = performance.now();
    bus.emit("normalise.started", { total_rows: sourceRows });
    const normalised = await normaliseLoaded(load, { countryCode: options.countryCode });
    const normaliseSeconds = seconds(t);
    bus.emit("normalise.completed", { total_rows: normalised.records.length, normalise_seconds: normaliseSeconds });

    releaseGarbage();
    t = performance.now();
    bus.emit("aggregate.started", { total: normalised.records.length });
    let maxPriority = 1;
    for (const source of options.profile.sources) maxPriority = Math.max(maxPriority, source.priority);
    for (const record of normalised.records) if (record.source_priority > maxPriority) maxPriority = record.source_priority;
    const aggregated = aggregateRecords(normalised.records, { countryCode: options.countryCode, maxPriority, bus });
    const normalisedRows = normalised.records.length;
    // The raw records are not needed past this point; letting them go keeps the write stage's
    // peak memory down at 100,000 organisations.
    load.records.length = 0;
    normalised.records.length = 0;
    const aggregationSeconds = seconds(t);
    bus.emit("aggregate.completed", {
      total: normalisedRows,
      aggregated_records: aggregated.records.length,
      conflicts: aggregated.conflicts.length,
      aggregation_seconds: aggregationSeconds,
    });

    t = performance.now();
    bus.emit("expectations.started", { records: aggregated.records.length });
    const rows = tableRows(aggregated.records);
    const output = checkOutput(aggregated.records, options.profile, rows);
    const results = [...load.expectations, ...output.results];
    const failures = results.filter((r) => !r.success);
    const expectationsSeconds = seconds(t);
    bus.emit("expectations.completed", { success: failures.length === 0, failure_count: failures.length, results, expectations_seconds: expectationsSeconds });
    for (const failure of failures) bus.emit("warning", { message: `expectation failed: ${failure.message}`, code: "expectation_failed" });

    t = performance.now();
    bus.emit("write.started", { path: options.outputPath, format });
    const batch = new AtomicBatch();
    try {
      const notices = await stageContractNotices(batch, options.distDir, options.runId, load.duplicates);
      const report = (writeSeconds: number): QualityReport =>
        buildReport({
          runId: options.runId,
          profile: options.profile.name,
          inputDir: options.inputDir,
          outputPath: options.outputPath,
          qaMode: options.qaMode,
          records: aggregated.records,
          invalidRecords: output.invalidRecords,
          sources: load.sources,
          dropped: { ...load.dropped },
          expectations: results,
          conflicts: aggregated.conflicts,
          contractNotices: notices,
          notices: load.notices,
          performance: performanceMetrics(started, sourceRows, loadSeconds, Math.round((normaliseSeconds + aggregationSeconds) * 1000) / 1000, expectationsSeconds, writeSeconds),
        });
      const reportPaths = reportFiles(options);
      if (options.qaMode === "strict" && failures.length) {
        // The failed run's report is still written (it says why); the previous output stays.
        await stageReports(batch, reportPaths, report(seconds(t)));
        batch.commit();
        throw contractError(
          `${failures.length} expectation(s) failed in --qa-mode strict: ${failures.map((f) => f.message).join("; ")}`,
          `see ${reportPaths.json}; the previous output was left untouched`,
        );
      }
      const empty = nullCounts(SSOT_COLUMNS, rows);
      const table = await writeTable(options.outputPath, SSOT_COLUMNS, rows, {
        batch,
        extraSheets: [summarySheet(report(0), SSOT_COLUMNS, empty)],
      });
      const final = report(seconds(t));
      await stageReports(batch, reportPaths, final);
      const files = batch.commit();
      if (options.archive) {
        const reportList = Object.values(reportPaths).filter((p): p is string => Boolean(p));
        files.push(await writeArchive(options.distDir, options.outputPath, reportList));
      }
      const writeSeconds = seconds(t);
      bus.emit("write.completed", {
        path: options.outputPath,
        format,
        rows: rows.length,
        bytes: table.bytes,
        columns: [...SSOT_COLUMNS],
        null_counts: empty,
        files,
        write_seconds: writeSeconds,
      });
      const duration = seconds(started);
      bus.emit("pipeline.completed", {
        total_records: aggregated.records.length,
        invalid_records: output.invalidRecords,
        duration,
        quality_score_mean: final.data_quality_distribution.mean,
        report_path: reportPaths.json,
      });
      return {
        runId: options.runId,
        outputPath: options.outputPath,
        records: aggregated.records.length,
        invalidRecords: output.invalidRecords,
        qualityScoreMean: final.data_quality_distribution.mean,
        reportPath: reportPaths.json,
        files,
        durationSeconds: duration,
        expectationsPassed: failures.length === 0,
      };
    } catch (error) {
      batch.abort();
      throw error;
    }
  } catch (error) {
    // A run that failed (say, on a missing input folder) leaves no empty output folders behind.
    for (const [folder, created] of createdFolders.reverse()) removeIfEmpty(folder, created);
    const wrapped = isHotpassError(error) ? error : new HotpassError(error instanceof Error ? error.message : String(error), { cause: error });
    bus.emit("pipeline.failed", { error: wrapped.message, exit_code: wrapped.exitCode });
    throw error;
  }
}

/**
 * A full collection between normalise and aggregate. The collector is lazy about garbage it has
 * not been pressed to free, so normalise's short-lived strings stayed in RSS while aggregate
 * allocated on top of them: at 100,000 organisations the peak went from ~1,020 to ~870 MiB.
 */
function releaseGarbage(): void {
  Bun.gc(true);
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

function performanceMetrics(started: number, sourceRows: number, load: number, aggregation: number, expectations: number, write: number) {
  const total = seconds(started);
  return {
    load_seconds: load,
    aggregation_seconds: aggregation,
    expectations_seconds: expectations,
    write_seconds: write,
    total_seconds: total,
    rows_per_second: total > 0 ? Math.round(sourceRows / total) : sourceRows,
  };
}
