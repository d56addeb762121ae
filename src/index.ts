/**
 * The library entry, for programs that embed Hotpass (a long-running service, a scheduler task,
 * the dashboard and the MCP server of this binary). Every run takes typed options and an
 * optional control (an AbortSignal, an event listener, where its lines go) and returns a typed
 * result; nothing here prints, exits or installs a process handler, so runs may overlap.
 *
 * @example
 * import { runRefine, readQualityReport } from "hotpass";
 *
 * const controller = new AbortController();
 * const result = await runRefine(
 *   { inputDir: "data", outputPath: "dist/refined.xlsx", profile: "aviation" },
 *   { signal: controller.signal, onEvent: (event) => event.name === "load.file" && console.log(event.data.file) },
 * );
 * const report = await readQualityReport(result.reportPath);
 * console.log(report.data_quality_distribution.mean);
 */
export { runRefine, type RefineRequest } from "./run/refine.ts";
export { runEnrich, type EnrichRequest } from "./run/enrich.ts";
export { CancelledError, isCancelled, type RunControl, type Surface } from "./run/control.ts";
export { explainProvenance, type Explanation } from "./enrich/explain.ts";
export { readQualityReport, readEnrichReport } from "./runs/reports.ts";
export { listRuns, type RunSummary, type RunStatus, type RunCommand, type ListRunsOptions } from "./runs/catalog.ts";
export { lineageRuns, lineageRun, lineageGraph, type LineageQuery } from "./telemetry/lineage/inspect/queries.ts";
export { loadProfile } from "./profiles/loader.ts";
export { runQa, type QaRequest, type QaResult } from "./ops/qa/index.ts";
export { runDoctor, summarise, type DoctorOptions, type DoctorCheck, type CheckStatus } from "./ops/doctor/index.ts";
export { HotpassError, isHotpassError, exitCodeOf } from "./errors.ts";
export type { PipelineEvent, EventName, EventPayloads, EventSink } from "./pipeline/events.ts";
export type { RefineResult, RefineOptions } from "./pipeline/types.ts";
export type { QualityReport } from "./pipeline/report.ts";
export type { EnrichResult } from "./enrich/types.ts";
export type { EnrichReport } from "./enrich/report.ts";
export type { LogLine } from "./log/logger.ts";

// Observability for a long-running service (one process-wide set of exporters).
export {
  getPipelineMetrics,
  getTracer,
  initializeObservability,
  shutdownObservability,
  type ObservabilityOptions,
} from "./telemetry/library.ts";
export { PipelineMetrics } from "./telemetry/metrics.ts";
export type { TelemetryOptions, TelemetryInputs } from "./telemetry/options.ts";
export type { ExportLoss } from "./telemetry/sdk.ts";
