/**
 * Observability for programs that embed Hotpass (a long-running service): one process-wide set of
 * exporters, the pipeline metrics, and a shutdown that flushes everything buffered.
 *
 * @example
 * await initializeObservability({ exporters: ["otlp"], otlpEndpoint: "http://collector:4318" });
 * const metrics = getPipelineMetrics();
 * metrics.recordRecordsProcessed(result.rows, { source: "base_pipeline" });
 * metrics.updateQualityScore(result.qualityScoreMean);
 * await shutdownObservability();
 */
import { createNoopMeter, trace, type Tracer } from "@opentelemetry/api";
import { PipelineMetrics } from "./metrics.ts";
import { resolveTelemetryOptions, type TelemetryInputs, type TelemetryOptions } from "./options.ts";
import type { ExportLoss, Sdk } from "./sdk.ts";

export interface ObservabilityOptions extends TelemetryInputs {
  /** The `hotpass.profile` resource attribute and the quality score's `profile` attribute. */
  profile?: string;
  /** The `hotpass.command` resource attribute (default "library"). */
  command?: string;
  /** Where OTEL_* variables are read from (process.env by default). */
  env?: Record<string, string | undefined>;
  /** Write console spans/metrics to stderr instead of stdout. */
  consoleToStderr?: boolean;
}

interface State {
  options: TelemetryOptions;
  sdk?: Sdk;
  metrics: PipelineMetrics;
  tracer: Tracer;
}

let state: State | undefined;
let fallback: { metrics: PipelineMetrics; tracer: Tracer } | undefined;

/**
 * Starts the exporters (options as for the CLI flags; OTEL_* variables fill the gaps). Calling it
 * again replaces the previous set-up after flushing it. Throws on contradictory options.
 */
export async function initializeObservability(options: ObservabilityOptions = {}): Promise<TelemetryOptions> {
  const resolved = resolveTelemetryOptions({
    inputs: options,
    env: options.env ?? process.env,
    machineStdout: options.consoleToStderr,
  });
  if (state) await shutdownObservability();
  if (!resolved.enabled) {
    state = {
      options: resolved,
      metrics: new PipelineMetrics(createNoopMeter(), options.profile),
      tracer: trace.getTracer("hotpass"),
    };
    return resolved;
  }
  const { startSdk } = await import("./sdk.ts");
  const sdk = await startSdk(resolved, { command: options.command ?? "library", profile: options.profile });
  state = { options: resolved, sdk, metrics: new PipelineMetrics(sdk.meter, options.profile), tracer: sdk.tracer };
  return resolved;
}

/** The pipeline metrics (no-op ones until `initializeObservability` has run). */
export function getPipelineMetrics(): PipelineMetrics {
  if (state) return state.metrics;
  fallback ??= noopFallback();
  return fallback.metrics;
}

/** The tracer for spans of your own around Hotpass calls. */
export function getTracer(): Tracer {
  if (state) return state.tracer;
  fallback ??= noopFallback();
  return fallback.tracer;
}

/**
 * Flushes every buffered span and metric and stops the exporters, within the export timeout.
 * Resolves with what could not be exported (undefined when everything arrived); never throws.
 */
export async function shutdownObservability(): Promise<ExportLoss | undefined> {
  const current = state;
  state = undefined;
  if (!current?.sdk) return undefined;
  try {
    return await current.sdk.shutdown();
  } catch {
    return undefined;
  }
}

function noopFallback(): { metrics: PipelineMetrics; tracer: Tracer } {
  return { metrics: new PipelineMetrics(createNoopMeter()), tracer: trace.getTracer("hotpass") };
}
