/**
 * The `console` exporter: one JSON object per finished span and per metric data point, on stdout,
 * or on stderr when stdout carries machine output (`--log-format json`), so the two never mix.
 * JSON rather than the SDK's `console.dir` dump: it is one line, greppable, and cannot corrupt a
 * JSON-lines stream it sits next to.
 */
import { ExportResultCode, hrTimeToMilliseconds, type ExportResult } from "@opentelemetry/core";
import { DataPointType, type PushMetricExporter, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";

type Write = (line: string) => void;

export function streamWriter(stream: "stdout" | "stderr"): Write {
  const target = stream === "stdout" ? process.stdout : process.stderr;
  return (line) => {
    target.write(line);
  };
}

export class ConsoleJsonSpanExporter implements SpanExporter {
  constructor(private readonly write: Write) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    let out = "";
    for (const span of spans) {
      const context = span.spanContext();
      out += `${JSON.stringify({
        signal: "span",
        name: span.name,
        trace_id: context.traceId,
        span_id: context.spanId,
        parent_span_id: span.parentSpanContext?.spanId ?? null,
        start: new Date(hrTimeToMilliseconds(span.startTime)).toISOString(),
        duration_ms: Math.round(hrTimeToMilliseconds(span.duration) * 1000) / 1000,
        status: ["UNSET", "OK", "ERROR"][span.status.code] ?? "UNSET",
        ...(span.status.message ? { status_message: span.status.message } : {}),
        attributes: span.attributes,
        events: span.events.map((event) => ({ name: event.name, attributes: event.attributes ?? {} })),
      })}\n`;
    }
    if (out) this.write(out);
    done({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

export class ConsoleJsonMetricExporter implements PushMetricExporter {
  constructor(private readonly write: Write) {}

  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    let out = "";
    for (const scope of metrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        for (const point of metric.dataPoints) {
          const base = { signal: "metric", name: metric.descriptor.name, unit: metric.descriptor.unit };
          const value =
            metric.dataPointType === DataPointType.HISTOGRAM
              ? histogramValue(point.value as { count: number; sum?: number; min?: number; max?: number })
              : { kind: metric.dataPointType === DataPointType.GAUGE ? "gauge" : "sum", value: point.value };
          out += `${JSON.stringify({ ...base, ...value, attributes: point.attributes })}\n`;
        }
      }
    }
    if (out) this.write(out);
    done({ code: ExportResultCode.SUCCESS });
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

function histogramValue(value: { count: number; sum?: number; min?: number; max?: number }) {
  return { kind: "histogram", count: value.count, sum: value.sum, min: value.min, max: value.max };
}
