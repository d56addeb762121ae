/**
 * Turns the run's event stream into traces and metrics:
 * - `<stage>.started` opens `pipeline.<stage>` as a child of the root span, `<stage>.completed`
 *   closes it (with the payload as span attributes);
 * - every event is also a span event on the current span (the open stage span, else the root);
 * - the metric instruments are fed from the payloads, each stage duration recorded once;
 * - `pipeline.failed` / `enrich.failed` mark the root span ERROR with the error recorded.
 */
import { ROOT_CONTEXT, SpanStatusCode, trace, type Span, type Tracer } from "@opentelemetry/api";
import { STAGES, type EventPayloads, type EventSink, type PipelineEvent, type Stage } from "../pipeline/events.ts";
import { payloadAttributes } from "./attributes.ts";
import type { PipelineMetrics } from "./metrics.ts";

export interface TelemetrySinkInput {
  tracer: Tracer;
  root: Span;
  metrics: PipelineMetrics;
  /** The command (the `source` attribute of records processed). */
  command: string;
}

export interface TelemetrySink {
  sink: EventSink;
  /** Ends stage spans left open (a run that stopped mid-stage); ERROR when the run failed. */
  closeOpenSpans(failed: boolean): void;
  /** True once a `*.failed` event marked the root span ERROR. */
  failureRecorded(): boolean;
}

const STAGE_SET = new Set<string>(STAGES);

export function createTelemetrySink({ tracer, root, metrics, command }: TelemetrySinkInput): TelemetrySink {
  const rootContext = trace.setSpan(ROOT_CONTEXT, root);
  const open: { stage: Stage; span: Span }[] = [];
  let profile: string | undefined;
  let failureRecorded = false;

  const current = (): Span => open.at(-1)?.span ?? root;

  const sink: EventSink = (event) => {
    const dot = event.name.indexOf(".");
    const stage = dot > 0 ? event.name.slice(0, dot) : "";
    const phase = event.name.slice(dot + 1);
    const attributes = payloadAttributes(event.data);

    if (STAGE_SET.has(stage) && phase === "started") {
      const span = tracer.startSpan(
        `pipeline.${stage}`,
        { startTime: event.ts, attributes: { "hotpass.stage": stage } },
        rootContext,
      );
      open.push({ stage: stage as Stage, span });
      span.addEvent(event.name, attributes, event.ts);
    } else if (STAGE_SET.has(stage) && phase === "completed") {
      const index = open.findLastIndex((entry) => entry.stage === stage);
      const span = index >= 0 ? open[index]!.span : root;
      span.addEvent(event.name, attributes, event.ts);
      if (index >= 0) {
        span.setAttributes(attributes);
        span.end(event.ts);
        open.splice(index, 1);
      }
    } else {
      current().addEvent(event.name, attributes, event.ts);
    }

    if (event.name === "pipeline.start") profile = event.data.profile;
    recordMetrics(event, metrics, { command, profile });
    if (event.name === "pipeline.failed" || event.name === "enrich.failed") {
      const { error } = event.data;
      root.recordException({ name: "HotpassError", message: error }, event.ts);
      root.setStatus({ code: SpanStatusCode.ERROR, message: error });
      failureRecorded = true;
    }
    if (event.name === "enrich.fetcher.completed") fetcherSpan(event);
  };

  /** A fetcher reports when it finished and how long it took: its span is drawn from that. */
  function fetcherSpan(event: PipelineEvent<"enrich.fetcher.completed">): void {
    const { fetcher, seconds } = event.data;
    const span = tracer.startSpan(
      `enrich.fetcher.${fetcher}`,
      { startTime: event.ts - seconds * 1000, attributes: payloadAttributes(event.data) },
      rootContext,
    );
    span.end(event.ts);
  }

  return {
    sink,
    failureRecorded: () => failureRecorded,
    closeOpenSpans(failed) {
      for (const { span } of open.splice(0).reverse()) {
        if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: "the run stopped during this stage" });
        span.end();
      }
    },
  };
}

function recordMetrics(
  event: PipelineEvent,
  metrics: PipelineMetrics,
  run: { command: string; profile?: string },
): void {
  switch (event.name) {
    case "load.completed": {
      const data = event.data;
      for (const [reason, count] of Object.entries(data.dropped)) metrics.recordInvalidRecords(count, { reason });
      const sources = [...new Set(data.sources.map((source) => source.source))].sort();
      metrics.recordLoadDuration(data.load_seconds, { source: sources.length > 0 ? sources.join("+") : "none" });
      break;
    }
    case "aggregate.completed":
      metrics.recordAggregationDuration(event.data.aggregation_seconds);
      break;
    case "expectations.completed": {
      const data = event.data;
      metrics.recordExpectationsDuration(data.expectations_seconds);
      const failuresByRule = new Map<string, number>();
      for (const result of data.results) {
        if (!result.success) failuresByRule.set(result.rule, (failuresByRule.get(result.rule) ?? 0) + 1);
      }
      for (const [rule, count] of failuresByRule) metrics.recordValidationFailures(count, { rule });
      break;
    }
    case "write.completed": {
      const data = event.data;
      metrics.recordWriteDuration(data.write_seconds, { format: data.format });
      break;
    }
    case "pipeline.completed": {
      const data = event.data;
      metrics.recordRecordsProcessed(data.total_records, { source: run.command });
      metrics.updateQualityScore(data.quality_score_mean, run.profile === undefined ? {} : { profile: run.profile });
      break;
    }
    case "enrich.fetcher.completed": {
      const data = event.data;
      metrics.recordEnrichment(data.records, data.seconds, data);
      break;
    }
    case "enrich.completed": {
      const data = event.data;
      metrics.recordRecordsProcessed(data.total_records, { source: run.command });
      if (data.intent_signals !== undefined) metrics.recordIntentSignals(data.intent_signals);
      break;
    }
  }
}
