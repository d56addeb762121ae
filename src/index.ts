/**
 * The library entry, for programs that embed Hotpass (a long-running service, a scheduler task).
 * See the README's telemetry section for the embedding example.
 */
export {
  getPipelineMetrics,
  getTracer,
  initializeObservability,
  shutdownObservability,
  type ObservabilityOptions,
} from "./telemetry/library.ts";
export { PipelineMetrics } from "./telemetry/metrics.ts";
export type { TelemetryOptions } from "./telemetry/options.ts";
export type { ExportLoss } from "./telemetry/sdk.ts";
export { runRefine } from "./pipeline/run.ts";
