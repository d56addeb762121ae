/**
 * The telemetry session driven by a real EventBus, exporting over OTLP/HTTP protobuf to a real
 * receiver that decodes every body. (The compiled binary is covered in binary.test.ts.)
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { flagInputs } from "../support/flags.ts";
import { Logger } from "../../src/log/logger.ts";
import { EventBus, type ExpectationResult } from "../../src/pipeline/events.ts";
import { startTelemetry } from "../../src/telemetry/session.ts";
import { startOtlpReceiver, type OtlpReceiver, type ReceiverMode } from "../support/otlp-receiver.ts";

setDefaultTimeout(30_000);

const receivers: OtlpReceiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.stop();
});

async function receiver(mode: ReceiverMode = "ok"): Promise<OtlpReceiver> {
  const started = await startOtlpReceiver(mode);
  receivers.push(started);
  return started;
}

const RESULTS: ExpectationResult[] = [
  { rule: "not_null", scope: "output", column: "organization_name", success: true, failed: 0, total: 40, message: "ok" },
  { rule: "regex", scope: "output", column: "contact_email", success: false, failed: 7, total: 40, message: "bad" },
  { rule: "regex", scope: "output", column: "website", success: false, failed: 3, total: 40, message: "bad" },
  { rule: "value_set", scope: "output", column: "province", success: false, failed: 2, total: 40, message: "bad" },
];

/** The events of a refine run, in order, as the pipeline emits them. */
function emitRefine(bus: EventBus, fail = false): void {
  bus.emit("pipeline.start", { input_dir: "/data", output_path: "/out/refined.xlsx", profile: "aviation", run_id: "run-1" });
  bus.emit("load.started", { input_dir: "/data" });
  bus.emit("load.file", { file: "/data/a.xlsx", rows: 30, files_done: 1, files_total: 2, thread: "main" });
  bus.emit("load.completed", {
    total_rows: 50,
    source_rows: 50,
    sources: [
      { source: "SACAA Cleaned", file: "/data/a.xlsx", sheet: "S", rows: 30, columns: ["Name"], mapping: {}, seconds: 0.1 },
      { source: "Reachout Database", file: "/data/b.xlsx", sheet: "R", rows: 20, columns: ["Org"], mapping: {}, seconds: 0.1 },
    ],
    load_seconds: 0.25,
    dropped: { empty_organization_name: 3, duplicate_key: 1 },
  });
  bus.emit("normalise.started", { total_rows: 46 });
  bus.emit("normalise.completed", { total_rows: 46, normalise_seconds: 0.05 });
  bus.emit("aggregate.started", { total: 46 });
  bus.emit("aggregate.progress", { completed: 23, total: 46 });
  if (fail) {
    bus.emit("pipeline.failed", { error: "disk full", exit_code: 1, reason: "error" });
    return;
  }
  bus.emit("aggregate.completed", { total: 46, aggregated_records: 40, conflicts: 2, aggregation_seconds: 0.125, aggregate_seconds: 0.1 });
  bus.emit("expectations.started", { records: 40 });
  bus.emit("expectations.completed", { success: false, failure_count: 3, results: RESULTS, expectations_seconds: 0.0625 });
  bus.emit("write.started", { path: "/out/refined.xlsx", format: "xlsx" });
  bus.emit("write.completed", {
    path: "/out/refined.xlsx",
    format: "xlsx",
    rows: 40,
    bytes: 12345,
    columns: ["organization_name", "province"],
    null_counts: { organization_name: 0, province: 4 },
    files: ["/out/refined.xlsx", "/out/refined.quality.json"],
    write_seconds: 0.5,
  });
  bus.emit("warning", { message: "2 conflicts resolved by priority" });
  bus.emit("pipeline.completed", {
    total_records: 40,
    invalid_records: 4,
    duration: 1.2,
    quality_score_mean: 0.8125,
    report_path: "/out/refined.quality.json",
    recommendations: [],
    files: [],
  });
}

async function run(argv: string[], options: { env?: Record<string, string>; fail?: boolean; emit?: (bus: EventBus) => void } = {}) {
  const inputs = flagInputs(argv).telemetry;
  const lines: string[] = [];
  const logger = new Logger({ format: "json", runId: "run-1", write: (line) => lines.push(line) });
  const session = await startTelemetry({ command: "refine", inputs, runId: "run-1", logger, env: options.env ?? {} });
  const bus = new EventBus([session.sink]);
  (options.emit ?? ((b) => emitRefine(b, options.fail)))(bus);
  const started = performance.now();
  await session.end(options.fail ? { exitCode: 1 } : { exitCode: 0 });
  const endMs = performance.now() - started;
  logger.info("after the run");
  return { session, lines, endMs, records: lines.map((line) => JSON.parse(line)) };
}

const otlpTo = (r: OtlpReceiver, ...more: string[]) => [
  "--telemetry-exporter",
  "otlp",
  "--telemetry-otlp-endpoint",
  r.url,
  ...more,
];

describe("traces", () => {
  test("root span hotpass.refine with the five stage spans as children, each carrying its events", async () => {
    const r = await receiver();
    const { session } = await run(otlpTo(r));
    expect(r.undecodable).toEqual([]);
    const root = r.spans.find((span) => span.name === "hotpass.refine")!;
    expect(root).toBeDefined();
    expect(root.parentSpanId).toBe("");
    expect(root.traceId).toBe(session.traceId()!);
    const stages = r.spans.filter((span) => span.name.startsWith("pipeline."));
    expect(stages.map((span) => span.name).sort()).toEqual(
      ["pipeline.aggregate", "pipeline.expectations", "pipeline.load", "pipeline.normalise", "pipeline.write"],
    );
    for (const stage of stages) {
      expect(stage.parentSpanId).toBe(root.spanId);
      expect(stage.traceId).toBe(root.traceId);
      const name = stage.name.slice("pipeline.".length);
      expect(stage.events[0]!.name).toBe(`${name}.started`);
      expect(stage.events.at(-1)!.name).toBe(`${name}.completed`);
      expect(stage.endNs).toBeGreaterThanOrEqual(stage.startNs);
    }
    const load = stages.find((span) => span.name === "pipeline.load")!;
    expect(load.events.map((event) => event.name)).toEqual(["load.started", "load.file", "load.completed"]);
    expect(load.attributes).toMatchObject({ total_rows: 50, "sources.count": 2, "dropped.empty_organization_name": 3 });
    const aggregate = stages.find((span) => span.name === "pipeline.aggregate")!;
    expect(aggregate.events.map((event) => event.name)).toContain("aggregate.progress");
    expect(root.events.map((event) => event.name)).toEqual(["pipeline.start", "warning", "pipeline.completed"]);
    expect(root.events.at(-1)!.attributes).toMatchObject({ total_records: 40, quality_score_mean: 0.8125 });
    expect(root.status.code).not.toBe(2);
  });

  test("pipeline.failed: root span ERROR with the error recorded; the open stage span is closed as ERROR", async () => {
    const r = await receiver();
    await run(otlpTo(r), { fail: true });
    const root = r.spans.find((span) => span.name === "hotpass.refine")!;
    expect(root.status).toEqual({ code: 2, message: "disk full" });
    const exception = root.events.find((event) => event.name === "exception")!;
    expect(exception.attributes["exception.message"]).toBe("disk full");
    const aggregate = r.spans.find((span) => span.name === "pipeline.aggregate")!;
    expect(aggregate.status.code).toBe(2);
    expect(aggregate.events.map((event) => event.name)).toContain("pipeline.failed");
  });

  test("end({ error }) without a failure event still marks the root span ERROR", async () => {
    const r = await receiver();
    const inputs = flagInputs(otlpTo(r)).telemetry;
    const logger = new Logger({ format: "json", write: () => {} });
    const session = await startTelemetry({ command: "lineage", inputs, runId: "run-2", logger, env: {} });
    await session.end({ error: new Error("marquez said no"), exitCode: 1 });
    const root = r.spans.find((span) => span.name === "hotpass.lineage")!;
    expect(root.status).toEqual({ code: 2, message: "marquez said no" });
    expect(root.attributes["hotpass.exit_code"]).toBe(1);
  });

  test("resource: service, version, environment, command, run id, flag and OTEL_RESOURCE_ATTRIBUTES pairs", async () => {
    const r = await receiver();
    await run(
      otlpTo(r, "--telemetry-resource-attr", "env=staging", "team=platform", "--telemetry-environment", "production", "--telemetry-service-name", "hp-ci"),
      { env: { OTEL_RESOURCE_ATTRIBUTES: "team=from-env,region=eu" } },
    );
    const version = (await Bun.file(`${import.meta.dir}/../../package.json`).json()).version;
    for (const resource of [r.spans[0]!.resource, r.metrics[0]!.resource]) {
      expect(resource).toMatchObject({
        "service.name": "hp-ci",
        "service.version": version,
        "deployment.environment.name": "production",
        "deployment.environment": "production",
        "hotpass.command": "refine",
        "hotpass.run_id": "run-1",
        env: "staging",
        team: "platform",
        region: "eu",
      });
    }
  });

  test("the header reaches the collector and is printed nowhere; every log line carries the trace id", async () => {
    const r = await receiver();
    const { lines, session } = await run(otlpTo(r, "--telemetry-otlp-header", "authorization=Bearer sekrit-123"));
    expect(r.requests.map((request) => request.headers.authorization)).toEqual(["Bearer sekrit-123", "Bearer sekrit-123"]);
    expect(r.requests.every((request) => request.contentType === "application/x-protobuf")).toBe(true);
    expect(lines.join("")).not.toContain("sekrit");
    const records = lines.map((line) => JSON.parse(line));
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(record.trace_id).toBe(session.traceId());
  });
});

describe("metrics", () => {
  test("instrument names, units, attributes and values come from the event payloads", async () => {
    const r = await receiver();
    await run(otlpTo(r));
    const metric = (name: string) => {
      const found = r.metrics.filter((m) => m.name === name);
      expect(found).toHaveLength(1);
      return found[0]!;
    };
    expect(metric("hotpass.records.processed")).toMatchObject({
      unit: "{record}",
      kind: "sum",
      points: [{ attributes: { source: "refine" }, value: 40 }],
    });
    const invalid = metric("hotpass.records.invalid");
    expect(invalid.unit).toBe("{record}");
    expect(Object.fromEntries(invalid.points.map((p) => [p.attributes.reason, p.value]))).toEqual({
      empty_organization_name: 3,
      duplicate_key: 1,
    });
    expect(metric("hotpass.data.quality_score")).toMatchObject({
      unit: "1",
      kind: "gauge",
      points: [{ attributes: { profile: "aviation" }, value: 0.8125 }],
    });
    const durations = {
      "hotpass.load.duration": [0.25, { source: "Reachout Database+SACAA Cleaned" }],
      "hotpass.aggregation.duration": [0.125, {}],
      "hotpass.expectations.duration": [0.0625, {}],
      "hotpass.write.duration": [0.5, { format: "xlsx" }],
    } as const;
    for (const [name, [seconds, attributes]] of Object.entries(durations)) {
      expect(metric(name)).toMatchObject({ unit: "s", kind: "histogram", points: [{ attributes, count: 1, sum: seconds }] });
    }
    const failures = metric("hotpass.validation.failures");
    expect(failures.unit).toBe("{failure}");
    expect(Object.fromEntries(failures.points.map((p) => [p.attributes.rule, p.value]))).toEqual({ regex: 2, value_set: 1 });
  });

  test("enrichment and intent metrics (and a span per fetcher) from the enrich events", async () => {
    const r = await receiver();
    await run(otlpTo(r), {
      emit(bus) {
        bus.emit("enrich.started", { input_path: "in.xlsx", output_path: "out.xlsx", profile: "aviation", run_id: "run-1", allow_network: false });
        bus.emit("enrich.fetcher.completed", { fetcher: "registry", strategy: "offline", records: 12, seconds: 0.3, network_used: false });
        bus.emit("enrich.fetcher.completed", { fetcher: "website", strategy: "network", records: 5, seconds: 1.5, network_used: true });
        bus.emit("enrich.completed", { total_records: 20, enriched_records: 15, output_path: "out.xlsx", duration: 2, intent_signals: 6 });
      },
    });
    const byName = (name: string) => r.metrics.find((m) => m.name === name)!;
    const records = byName("hotpass.enrichment.records");
    expect(records.unit).toBe("{record}");
    expect(records.points.map((p) => [p.attributes.fetcher, p.attributes.strategy, p.value]).sort()).toEqual([
      ["registry", "offline", 12],
      ["website", "network", 5],
    ]);
    const duration = byName("hotpass.enrichment.duration");
    expect(duration.unit).toBe("s");
    expect(duration.points.map((p) => [p.attributes.fetcher, p.attributes.network_used, p.sum]).sort()).toEqual([
      ["registry", false, 0.3],
      ["website", true, 1.5],
    ]);
    expect(byName("hotpass.intent.signals")).toMatchObject({ unit: "{signal}", points: [{ value: 6 }] });
    expect(byName("hotpass.records.processed").points[0]).toMatchObject({ value: 20 });
    const fetcherSpans = r.spans.filter((span) => span.name.startsWith("enrich.fetcher."));
    expect(fetcherSpans.map((span) => span.name).sort()).toEqual(["enrich.fetcher.registry", "enrich.fetcher.website"]);
  });
});

describe("a collector that misbehaves never fails or holds the run", () => {
  for (const mode of ["refuse", "blackhole", "500", "429"] as const) {
    test(`${mode}: end() returns within the timeout plus a margin, with one warning line`, async () => {
      const r = await receiver(mode);
      const { endMs, records } = await run(otlpTo(r, "--telemetry-otlp-timeout", "1.5"));
      expect(endMs).toBeLessThan(1500 + 2000);
      const warnings = records.filter((record) => record.level === "warn");
      expect(warnings).toHaveLength(1);
      expect(warnings[0].message).toMatch(/^telemetry: \d+ spans and \d+ metric data points not exported to http:\/\/127\.0\.0\.1:\d+ \(.+\)/);
      const reason = { refuse: "connection refused", blackhole: "no answer within 1.5 s", "500": "HTTP 500", "429": "retry later" }[mode];
      expect(warnings[0].message).toContain(reason);
    });
  }
});
