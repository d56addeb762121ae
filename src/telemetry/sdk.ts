/**
 * The OpenTelemetry SDK for one process: tracer and meter providers with the chosen exporters,
 * and a shutdown that never waits longer than the export timeout (plus a small margin), whatever
 * the collector does. Loaded lazily (only when something is exported), so start-up is unaffected.
 */
import type { Meter, Tracer } from "@opentelemetry/api";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import type { PushMetricExporter, ResourceMetrics } from "@opentelemetry/sdk-metrics";
import type { ReadableSpan, SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace";
import { VERSION } from "../version.ts";
import { ConsoleJsonMetricExporter, ConsoleJsonSpanExporter, streamWriter } from "./console-exporters.ts";
import { redactUrl, type TelemetryOptions } from "./options.ts";

/** Extra time `shutdown` allows beyond the export timeout before it gives up waiting. */
const SHUTDOWN_MARGIN_MS = 750;
/** The periodic metric export matters only for long runs and services; short runs export at shutdown. */
const METRIC_INTERVAL_MS = 60_000;

export interface SdkResourceInput {
  command?: string;
  profile?: string;
  runId?: string;
  /** Where the run was started: cli, dashboard, mcp or library. */
  surface?: string;
}

/** What did not reach the OTLP collector, for the one warning line. */
export interface ExportLoss {
  spans: number;
  points: number;
  reasons: string[];
  endpoints: string[];
}

export interface Sdk {
  tracer: Tracer;
  meter: Meter;
  /** Flushes and stops every exporter; resolves within the export timeout plus a margin. */
  shutdown(): Promise<ExportLoss | undefined>;
}

/** The resource attributes of every span and metric. */
export function resourceAttributes(options: TelemetryOptions, input: SdkResourceInput): Record<string, string> {
  const attributes: Record<string, string> = { ...options.resourceAttributes };
  attributes["service.name"] = options.serviceName;
  attributes["service.version"] = VERSION;
  if (options.environment !== undefined) {
    attributes["deployment.environment.name"] = options.environment;
    attributes["deployment.environment"] = options.environment;
  }
  if (input.command !== undefined) attributes["hotpass.command"] = input.command;
  if (input.profile !== undefined) attributes["hotpass.profile"] = input.profile;
  if (input.runId !== undefined) attributes["hotpass.run_id"] = input.runId;
  if (input.surface !== undefined) attributes["hotpass.surface"] = input.surface;
  return attributes;
}

export async function startSdk(options: TelemetryOptions, input: SdkResourceInput): Promise<Sdk> {
  const [traceSdk, metricsSdk, { resourceFromAttributes }] = await Promise.all([
    import("@opentelemetry/sdk-trace"),
    import("@opentelemetry/sdk-metrics"),
    import("@opentelemetry/resources"),
  ]);
  const resource = resourceFromAttributes(resourceAttributes(options, input));
  const ledger = new Ledger();
  const spanProcessors: SpanProcessor[] = [];
  const metricExporters: PushMetricExporter[] = [];
  const timeoutMillis = options.timeoutMs;

  if (options.console) {
    const write = streamWriter(options.consoleStream);
    spanProcessors.push(new traceSdk.SimpleSpanProcessor({ exporter: new ConsoleJsonSpanExporter(write) }));
    metricExporters.push(new ConsoleJsonMetricExporter(write));
  }
  if (options.otlp) {
    const [{ OTLPTraceExporter }, { OTLPMetricExporter }] = await Promise.all([
      import("@opentelemetry/exporter-trace-otlp-proto"),
      import("@opentelemetry/exporter-metrics-otlp-proto"),
    ]);
    const { tracesUrl, metricsUrl, headers } = options.otlp;
    // keepAlive off: an idle pooled socket must not keep the process alive after the run.
    const common = { headers, timeoutMillis, keepAlive: false };
    const traces = new OTLPTraceExporter({ ...common, url: tracesUrl });
    const metrics = new OTLPMetricExporter({ ...common, url: metricsUrl });
    ledger.endpoints.add(new URL(redactUrl(tracesUrl)).origin).add(new URL(redactUrl(metricsUrl)).origin);
    spanProcessors.push(
      new traceSdk.BatchSpanProcessor({
        exporter: new CountingSpanExporter(traces, ledger),
        exportTimeoutMillis: timeoutMillis,
        maxQueueSize: 8192,
        maxExportBatchSize: 2048,
      }),
    );
    metricExporters.push(new CountingMetricExporter(metrics, ledger));
  }

  const tracerProvider = new traceSdk.TracerProvider({
    resource,
    spanProcessors,
    spanLimits: { eventCountLimit: 1024, attributeValueLengthLimit: 4096 },
  });
  const meterProvider = new metricsSdk.MeterProvider({
    resource,
    readers: metricExporters.map(
      (exporter) =>
        new metricsSdk.PeriodicExportingMetricReader({
          exporter,
          exportIntervalMillis: Math.max(METRIC_INTERVAL_MS, timeoutMillis),
          exportTimeoutMillis: timeoutMillis,
        }),
    ),
  });

  let stopped: Promise<ExportLoss | undefined> | undefined;
  return {
    tracer: tracerProvider.getTracer("hotpass", VERSION),
    meter: meterProvider.getMeter("hotpass", VERSION),
    shutdown() {
      stopped ??= (async () => {
        // Spans and metrics export side by side, so both finish within the one timeout.
        const work = Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
        const finished = await withDeadline(work, timeoutMillis + SHUTDOWN_MARGIN_MS);
        // The processors' own timers may end the shutdown before the exporter reports back:
        // whatever is still in flight by now did not arrive.
        ledger.abandonPending(`no answer within ${seconds(timeoutMillis)}`, !finished);
        return ledger.loss(timeoutMillis);
      })();
      return stopped;
    },
  };
}

/** Resolves true when `work` settles first, false when the deadline passes (the timer never holds the process). */
async function withDeadline(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    (timer as { unref?: () => void }).unref?.();
  });
  const result = await Promise.race([work.then(() => true as const), deadline]);
  clearTimeout(timer);
  return result;
}

/** Counts what was handed to the OTLP exporters and what failed or was still in flight at the deadline. */
class Ledger {
  spansLost = 0;
  pointsLost = 0;
  spansPending = 0;
  pointsPending = 0;
  readonly reasons = new Set<string>();
  readonly endpoints = new Set<string>();

  settle(kind: "spans" | "points", count: number, result: ExportResult): void {
    if (kind === "spans") this.spansPending -= count;
    else this.pointsPending -= count;
    if (result.code === ExportResultCode.SUCCESS) return;
    if (kind === "spans") this.spansLost += count;
    else this.pointsLost += count;
    this.reasons.add(describe(result.error));
  }

  abandonPending(reason: string, timedOut: boolean): void {
    const pending = this.spansPending + this.pointsPending;
    if (pending > 0 || (timedOut && this.spansLost + this.pointsLost === 0)) this.reasons.add(reason);
    this.spansLost += this.spansPending;
    this.pointsLost += this.pointsPending;
    this.spansPending = this.pointsPending = 0;
  }

  loss(timeoutMillis: number): ExportLoss | undefined {
    if (this.spansLost + this.pointsLost === 0 && this.reasons.size === 0) return undefined;
    const reasons = [...this.reasons].map((reason) => reason.replace("{timeout}", seconds(timeoutMillis)));
    return { spans: this.spansLost, points: this.pointsLost, reasons, endpoints: [...this.endpoints] };
  }
}

class CountingSpanExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly ledger: Ledger,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const count = spans.length;
    this.ledger.spansPending += count;
    try {
      this.inner.export(spans, (result) => {
        this.ledger.settle("spans", count, result);
        done(result);
      });
    } catch (error) {
      const result = { code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) };
      this.ledger.settle("spans", count, result);
      done(result);
    }
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

class CountingMetricExporter implements PushMetricExporter {
  constructor(
    private readonly inner: PushMetricExporter,
    private readonly ledger: Ledger,
  ) {
    // Keep the OTLP exporter's temporality and aggregation choices.
    if (inner.selectAggregationTemporality) this.selectAggregationTemporality = inner.selectAggregationTemporality.bind(inner);
    if (inner.selectAggregation) this.selectAggregation = inner.selectAggregation.bind(inner);
  }

  selectAggregationTemporality?: PushMetricExporter["selectAggregationTemporality"];
  selectAggregation?: PushMetricExporter["selectAggregation"];

  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    let count = 0;
    for (const scope of metrics.scopeMetrics) for (const metric of scope.metrics) count += metric.dataPoints.length;
    this.ledger.pointsPending += count;
    try {
      this.inner.export(metrics, (result) => {
        this.ledger.settle("points", count, result);
        done(result);
      });
    } catch (error) {
      const result = { code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) };
      this.ledger.settle("points", count, result);
      done(result);
    }
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
};

/** A short reason that never includes request headers (the SDK's errors carry status and message only). */
function describe(error: unknown): string {
  if (!error || typeof error !== "object") return "export failed";
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "number") return `HTTP ${code}`;
  if (typeof code === "string") return NETWORK_CODES[code] ?? code;
  const text = typeof message === "string" ? message : "";
  if (/timed out/i.test(text)) return "no answer within {timeout}";
  if (/retryable/i.test(text)) return "the collector kept asking to retry later (HTTP 429/502/503/504)";
  if (/connection refused|ECONNREFUSED|Unable to connect/i.test(text)) return "connection refused";
  return text.slice(0, 120) || "export failed";
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}
