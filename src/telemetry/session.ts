/**
 * Telemetry for one command run. Commands call `startTelemetry` once, subscribe `session.sink`
 * to the run's EventBus, and `await session.end()` before exiting.
 *
 * Options are resolved once from flags > OTEL_* environment > profile > defaults (a bad
 * combination is a usage error, exit 2, thrown from here); the root span is `hotpass.<command>`;
 * stage events open and close `pipeline.<stage>` child spans; every event is also a span event;
 * metrics are recorded from the event payloads; `end` flushes within the export timeout, never
 * throws, and prints one warning line when something could not be exported.
 *
 * @example
 * const telemetry = await startTelemetry({ command: "refine", inputs, profile, runId, logger });
 * bus.subscribe(telemetry.sink);
 * try { ... } finally { await telemetry.end({ exitCode }); }
 */
import type { Span, SpanStatusCode } from "@opentelemetry/api";
import type { Logger } from "../log/logger.ts";
import type { EventSink } from "../pipeline/events.ts";
import type { Profile } from "../profiles/types.ts";
import type { Surface } from "../run/control.ts";
import { redactUrl, resolveTelemetryOptions, type TelemetryInputs, type TelemetryOptions } from "./options.ts";
import type { ExportLoss } from "./sdk.ts";

export interface TelemetryStart {
  /** "refine", "enrich", "lineage", "net", ... (the root span is `hotpass.<command>`). */
  command: string;
  /** What the caller asked for (flags, or code for the library entry). */
  inputs: TelemetryInputs;
  /** `hotpass.surface` on the resource (default "cli"). */
  surface?: Surface;
  profile?: Profile;
  runId: string;
  logger: Logger;
  /** The environment to read OTEL_* from (process.env by default). */
  env?: Record<string, string | undefined>;
  /** True when the command writes data to stdout (console spans then go to stderr); json logs imply it. */
  machineStdout?: boolean;
}

export interface TelemetrySession {
  sink: EventSink;
  /** The root span's trace id (for log lines), when tracing is on. */
  traceId(): string | undefined;
  /** Ends the root span (ERROR status when `error` is given) and flushes every exporter. */
  end(outcome?: { error?: unknown; exitCode?: number }): Promise<void>;
  /** The resolved options (what is exported where). */
  readonly options: TelemetryOptions;
}

export async function startTelemetry(input: TelemetryStart): Promise<TelemetrySession> {
  const options = resolveTelemetryOptions({
    inputs: input.inputs,
    env: input.env ?? process.env,
    profile: input.profile,
    // JSON logs, or a command's own `--json` answer, own stdout: console spans then go to stderr.
    machineStdout: input.machineStdout || input.logger.format === "json",
  });
  for (const warning of options.warnings) input.logger.warn(`telemetry: ${warning}`, "telemetry.warning");
  for (const notice of options.notices) input.logger.info(`telemetry: ${notice}`, "telemetry.notice");
  input.logger.debug(describeOptions(options), "telemetry.options");
  if (!options.enabled) {
    return { options, sink: () => {}, traceId: () => undefined, end: async () => {} };
  }

  const [{ startSdk }, { createTelemetrySink }, { PipelineMetrics }, api] = await Promise.all([
    import("./sdk.ts"),
    import("./sink.ts"),
    import("./metrics.ts"),
    import("@opentelemetry/api"),
  ]);
  const profileName = input.profile?.name;
  const sdk = await startSdk(options, { command: input.command, profile: profileName, runId: input.runId, surface: input.surface ?? "cli" });
  const root = sdk.tracer.startSpan(`hotpass.${input.command}`, {
    attributes: {
      "hotpass.command": input.command,
      "hotpass.run_id": input.runId,
      ...(profileName === undefined ? {} : { "hotpass.profile": profileName }),
    },
  });
  const traceId = root.spanContext().traceId;
  const telemetry = createTelemetrySink({
    tracer: sdk.tracer,
    root,
    metrics: new PipelineMetrics(sdk.meter, profileName),
    command: input.command,
  });
  // Every log line of the run carries the trace id, unless the command wired its own.
  input.logger.traceId ??= () => traceId;

  let ended: Promise<void> | undefined;
  return {
    options,
    sink: telemetry.sink,
    traceId: () => traceId,
    end(outcome = {}) {
      ended ??= (async () => {
        try {
          const failed = outcome.error !== undefined || (outcome.exitCode ?? 0) !== 0;
          telemetry.closeOpenSpans(failed);
          // A `*.failed` event already put the pipeline's own error on the root span.
          if (failed && !telemetry.failureRecorded()) recordFailure(root, outcome, api.SpanStatusCode.ERROR);
          if (outcome.exitCode !== undefined) root.setAttribute("hotpass.exit_code", outcome.exitCode);
          root.end();
          const loss = await sdk.shutdown();
          if (loss) input.logger.warn(lossMessage(loss), "telemetry.export_failed");
        } catch (error) {
          // Telemetry must never change the run's outcome.
          input.logger.debug(`telemetry: shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      })();
      return ended;
    },
  };
}

function recordFailure(root: Span, outcome: { error?: unknown; exitCode?: number }, ERROR: SpanStatusCode): void {
  if (outcome.error === undefined) {
    root.setStatus({ code: ERROR, message: `exit code ${outcome.exitCode}` });
    return;
  }
  const error = outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
  root.recordException(error);
  root.setStatus({ code: ERROR, message: error.message });
}

/** What is exported where, for --debug: header names only, never their values. */
function describeOptions(options: TelemetryOptions): string {
  if (!options.enabled) return "telemetry: nothing is exported";
  const parts = [`telemetry: service ${options.serviceName}`];
  if (options.console) parts.push(`console on ${options.consoleStream}`);
  if (options.otlp) {
    const headers = Object.keys(options.otlp.headers);
    parts.push(`OTLP traces ${redactUrl(options.otlp.tracesUrl)}`, `metrics ${redactUrl(options.otlp.metricsUrl)}`);
    parts.push(`headers ${headers.length > 0 ? headers.map((name) => `${name}=***`).join(" ") : "none"}`);
    parts.push(`timeout ${options.timeoutMs / 1000} s`);
  }
  return parts.join("; ");
}

/** The one warning line about what did not reach the collector. */
export function lossMessage(loss: ExportLoss): string {
  const what = [
    loss.spans > 0 ? `${loss.spans} span${loss.spans === 1 ? "" : "s"}` : "",
    loss.points > 0 ? `${loss.points} metric data point${loss.points === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  const lost = what.length > 0 ? what.join(" and ") : "telemetry";
  const where = loss.endpoints.length > 0 ? ` to ${loss.endpoints.join(", ")}` : "";
  return `telemetry: ${lost} not exported${where} (${loss.reasons.join("; ")}); the run itself is unaffected`;
}
