/**
 * The compiled binary's telemetry, as a user sees it: `hotpass refine` (and `enrich`) exporting to a real OTLP/HTTP
 * receiver on 127.0.0.1 (protobuf bodies decoded with protobufjs), the console exporter, noop,
 * OTEL_* variables, flag precedence, usage errors, and collectors that misbehave.
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hotpass, tempDir } from "../support/binary.ts";
import { startOtlpReceiver, type OtlpReceiver, type ReceiverMode } from "../support/otlp-receiver.ts";

// Each case runs the binary once or twice and may wait out an export timeout on a busy machine.
setDefaultTimeout(30_000);

let work: { path: string; cleanup: () => void };
let home: string;
let inputDir: string;

beforeAll(() => {
  work = tempDir("hotpass-telemetry-");
  home = join(work.path, "home");
  inputDir = join(work.path, "data");
  mkdirSync(home, { recursive: true });
  mkdirSync(inputDir, { recursive: true });
  const rows = [
    "Organisation Name,Province,Website,Email,Phone",
    "Skyward Aviation,Gauteng,skyward.co.za,info@skyward.co.za,011 555 0101",
    "Blue Sky Flight School,Western Cape,https://bluesky.example,hello@bluesky.example,021 555 0102",
    "Karoo Air Charter,Northern Cape,,ops@karooair.example,",
    "Skyward Aviation,Gauteng,,sales@skyward.co.za,011 555 0101",
    ",Limpopo,,,",
    "Lowveld Wings,Mpumalanga,lowveldwings.example,not-an-email,013 555 0199",
  ];
  // Enough organisations that every stage takes measurable time (durations are reported in ms).
  const provinces = ["Gauteng", "Western Cape", "KwaZulu-Natal", "Free State", "Limpopo"];
  for (let i = 1; i <= 600; i++) {
    rows.push(`Aero Club ${i},${provinces[i % provinces.length]},club${i}.example,desk@club${i}.example,011 555 ${String(1000 + i).slice(-4)}`);
  }
  writeFileSync(join(inputDir, "organisations.csv"), `${rows.join("\n")}\n`);
});
afterAll(() => work.cleanup());

const receivers: OtlpReceiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.stop();
});
async function receiver(mode: ReceiverMode = "ok"): Promise<OtlpReceiver> {
  const started = await startOtlpReceiver(mode);
  receivers.push(started);
  return started;
}

let runs = 0;
/** Runs `hotpass refine` on the test workbook into a fresh output folder. */
async function refine(flags: string[], env: Record<string, string | undefined> = {}) {
  const out = join(work.path, `out-${++runs}`);
  const outputPath = join(out, "refined.csv");
  const result = await hotpass(
    ["refine", "--input-dir", inputDir, "--output-path", outputPath, "--profile", "generic", ...flags],
    {
      cwd: work.path,
      env: {
        HOME: home,
        HOTPASS_CONFIG_DIR: join(home, ".config", "hotpass"),
        XDG_CONFIG_HOME: join(home, ".config"),
        XDG_STATE_HOME: join(home, ".local", "state"),
        XDG_DATA_HOME: join(home, ".local", "share"),
        HOTPASS_DISABLE_LINEAGE: "1",
        OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: undefined,
        OTEL_EXPORTER_OTLP_HEADERS: undefined,
        OTEL_RESOURCE_ATTRIBUTES: undefined,
        OTEL_SERVICE_NAME: undefined,
        OTEL_SDK_DISABLED: undefined,
        ...env,
      },
    },
  );
  return { ...result, out, outputPath };
}

/** Data rows in the refined CSV (header excluded). */
function outputRows(path: string): number {
  return readFileSync(path, "utf8").trim().split("\n").length - 1;
}

function jsonLines(text: string): Record<string, any>[] {
  return text
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .map((line) => JSON.parse(line));
}

const otlp = (r: OtlpReceiver, ...more: string[]) => ["--telemetry-exporter", "otlp", "--telemetry-otlp-endpoint", r.url, ...more];

describe("hotpass refine --telemetry-exporter otlp", () => {
  test("spans, span events, resource, metrics and the trace id in every JSON log line", async () => {
    const r = await receiver();
    const run = await refine([
      ...otlp(r, "--telemetry-otlp-header", "authorization=Bearer tok-9f8e7d"),
      "--telemetry-resource-attr", "env=staging", "team=platform",
      "--telemetry-environment", "production",
      "--log-format", "json",
    ], { OTEL_RESOURCE_ATTRIBUTES: "region=af-south-1,team=overridden" });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(r.undecodable).toEqual([]);

    // Span tree: the root and the five stages as its children, each with its start/complete events.
    const root = r.spans.find((span) => span.name === "hotpass.refine")!;
    expect(root.parentSpanId).toBe("");
    const stages = r.spans.filter((span) => span.parentSpanId === root.spanId && span.name.startsWith("pipeline."));
    expect(stages.map((span) => span.name)).toEqual([
      "pipeline.load",
      "pipeline.normalise",
      "pipeline.aggregate",
      "pipeline.expectations",
      "pipeline.write",
    ]);
    for (const stage of stages) {
      const name = stage.name.slice("pipeline.".length);
      const events = stage.events.map((event) => event.name);
      expect(events[0]).toBe(`${name}.started`);
      expect(events.at(-1)).toBe(`${name}.completed`);
      expect(stage.traceId).toBe(root.traceId);
    }
    expect(root.events.map((event) => event.name)).toContain("pipeline.start");
    expect(root.events.map((event) => event.name)).toContain("pipeline.completed");

    // Resource attributes from the binary, the flags and OTEL_RESOURCE_ATTRIBUTES (flags win).
    expect(root.resource).toMatchObject({
      "service.name": "hotpass",
      "deployment.environment.name": "production",
      "hotpass.command": "refine",
      "hotpass.profile": "generic",
      env: "staging",
      team: "platform",
      region: "af-south-1",
    });
    expect(typeof root.resource["service.version"]).toBe("string");

    // The header arrived and is printed nowhere.
    expect(r.requests.length).toBeGreaterThanOrEqual(2);
    for (const request of r.requests) expect(request.headers.authorization).toBe("Bearer tok-9f8e7d");
    expect(run.stdout + run.stderr).not.toContain("tok-9f8e7d");

    // Every JSON log line carries the run's trace id and run id.
    const lines = jsonLines(run.stdout);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(line.trace_id).toBe(root.traceId);
      expect(line.run_id).toBe(root.resource["hotpass.run_id"]);
    }

    // Metrics: records processed equals the output rows, the quality score equals the report's
    // mean, each stage duration recorded once and positive.
    const metric = (name: string) => r.metrics.find((m) => m.name === name)!;
    const rows = outputRows(run.outputPath);
    expect(rows).toBeGreaterThan(0);
    expect(metric("hotpass.records.processed")).toMatchObject({ unit: "{record}", points: [{ value: rows }] });
    const completed = root.events.find((event) => event.name === "pipeline.completed")!;
    const report = JSON.parse(readFileSync(String(completed.attributes.report_path), "utf8"));
    const score = metric("hotpass.data.quality_score");
    expect(score.unit).toBe("1");
    expect(score.points).toHaveLength(1);
    expect(score.points[0]!.value).toBe(report.data_quality_distribution.mean);
    expect(report.total_records).toBe(rows);
    for (const name of ["hotpass.load.duration", "hotpass.aggregation.duration", "hotpass.expectations.duration", "hotpass.write.duration"]) {
      const histogram = metric(name);
      expect(histogram.unit).toBe("s");
      expect(histogram.points).toHaveLength(1);
      expect(histogram.points[0]!.count).toBe(1);
      expect(histogram.points[0]!.sum!).toBeGreaterThan(0);
    }
    expect(metric("hotpass.write.duration").points[0]!.attributes).toEqual({ format: "csv" });
  });

  test("OTEL_EXPORTER_OTLP_ENDPOINT alone turns otlp on; OTEL_SERVICE_NAME names the service", async () => {
    const r = await receiver();
    const run = await refine([], { OTEL_EXPORTER_OTLP_ENDPOINT: r.url, OTEL_SERVICE_NAME: "refinery" });
    expect(run.code).toBe(0);
    expect(r.spans.find((span) => span.name === "hotpass.refine")?.resource["service.name"]).toBe("refinery");
  });

  test("flags win over OTEL_*: the flag endpoint and service name are used, the environment's are not", async () => {
    const flagged = await receiver();
    const ignored = await receiver();
    const run = await refine([...otlp(flagged), "--telemetry-service-name", "from-flag"], {
      OTEL_EXPORTER_OTLP_ENDPOINT: ignored.url,
      OTEL_SERVICE_NAME: "from-env",
    });
    expect(run.code).toBe(0);
    expect(ignored.requests).toEqual([]);
    expect(flagged.spans[0]!.resource["service.name"]).toBe("from-flag");
  });

  test("noop exports nothing, even with an endpoint in the environment", async () => {
    const r = await receiver();
    const run = await refine(["--telemetry-exporter", "noop"], { OTEL_EXPORTER_OTLP_ENDPOINT: r.url });
    expect(run.code).toBe(0);
    expect(r.requests).toEqual([]);
  });

  test("OTEL_SDK_DISABLED=true exports nothing", async () => {
    const r = await receiver();
    const run = await refine([], { OTEL_EXPORTER_OTLP_ENDPOINT: r.url, OTEL_SDK_DISABLED: "true" });
    expect(run.code).toBe(0);
    expect(r.requests).toEqual([]);
  });
});

describe("OTEL_* endpoints and headers", () => {
  test("traces and metrics to their own endpoints; OTEL_EXPORTER_OTLP_HEADERS sent and never printed", async () => {
    const traces = await receiver();
    const metrics = await receiver();
    const run = await refine(["--log-format", "json"], {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${traces.url}/v1/traces`,
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${metrics.url}/v1/metrics`,
      OTEL_EXPORTER_OTLP_HEADERS: "x-tenant=acme,authorization=Bearer%20env-tok-31",
    });
    expect(run.code).toBe(0);
    expect(traces.requests.map((request) => request.path)).toEqual(["/v1/traces"]);
    expect(metrics.requests.map((request) => request.path)).toEqual(["/v1/metrics"]);
    for (const request of [...traces.requests, ...metrics.requests]) {
      expect(request.headers["x-tenant"]).toBe("acme");
      expect(request.headers.authorization).toBe("Bearer env-tok-31");
    }
    expect(run.stdout + run.stderr).not.toContain("env-tok-31");
  });

  test("--telemetry-otlp-metrics-endpoint sends metrics elsewhere than traces", async () => {
    const traces = await receiver();
    const metrics = await receiver();
    const run = await refine([...otlp(traces), "--telemetry-otlp-metrics-endpoint", metrics.url]);
    expect(run.code).toBe(0);
    expect(traces.spans.length).toBeGreaterThan(0);
    expect(traces.metrics).toEqual([]);
    expect(metrics.metrics.map((metric) => metric.name)).toContain("hotpass.records.processed");
  });
});

describe("hotpass enrich --telemetry-exporter otlp", () => {
  test("root span hotpass.enrich with a span per fetcher; enrichment metrics per fetcher", async () => {
    const refined = await refine([]);
    expect(refined.code).toBe(0);
    const r = await receiver();
    const enriched = join(refined.out, "enriched.csv");
    const run = await hotpass(
      ["enrich", "--input", refined.outputPath, "--output", enriched, "--profile", "generic", ...otlp(r)],
      { cwd: work.path, env: { HOME: home, HOTPASS_DISABLE_LINEAGE: "1", OTEL_EXPORTER_OTLP_ENDPOINT: undefined } },
    );
    expect(run.code).toBe(0);
    const root = r.spans.find((span) => span.name === "hotpass.enrich")!;
    expect(root.resource["hotpass.command"]).toBe("enrich");
    const fetchers = r.spans.filter((span) => span.name.startsWith("enrich.fetcher."));
    expect(fetchers.length).toBeGreaterThan(0);
    for (const span of fetchers) expect(span.parentSpanId).toBe(root.spanId);
    const names = fetchers.map((span) => span.name.slice("enrich.fetcher.".length)).sort();

    const duration = r.metrics.find((metric) => metric.name === "hotpass.enrichment.duration")!;
    expect(duration.unit).toBe("s");
    expect(duration.points.map((point) => point.attributes.fetcher).sort()).toEqual(names);
    for (const point of duration.points) expect(point.attributes.network_used).toBe(false);
    const records = r.metrics.find((metric) => metric.name === "hotpass.enrichment.records")!;
    expect(records.unit).toBe("{record}");
    expect(records.points.length).toBeGreaterThan(0);
    for (const point of records.points) {
      expect(names).toContain(String(point.attributes.fetcher));
      expect(typeof point.attributes.strategy).toBe("string");
      expect(point.value).toBeGreaterThan(0);
    }
    const processed = r.metrics.find((metric) => metric.name === "hotpass.records.processed")!;
    expect(processed.points).toEqual([{ attributes: { source: "enrich" }, value: outputRows(refined.outputPath) }]);
  });
});

describe("console exporter", () => {
  test("spans and metrics as JSON lines on stdout; on stderr when --log-format json owns stdout", async () => {
    const text = await refine(["--telemetry-exporter", "console"]);
    expect(text.code).toBe(0);
    const spans = jsonLines(text.stdout).filter((line) => line.signal === "span");
    expect(spans.map((span) => span.name)).toContain("hotpass.refine");
    expect(spans.map((span) => span.name)).toContain("pipeline.load");
    const metrics = jsonLines(text.stdout).filter((line) => line.signal === "metric");
    expect(metrics.map((metric) => metric.name)).toContain("hotpass.records.processed");

    const json = await refine(["--telemetry-exporter", "console", "--log-format", "json"]);
    expect(json.code).toBe(0);
    const stdout = jsonLines(json.stdout);
    expect(stdout.length).toBe(json.stdout.trim().split("\n").length);
    expect(stdout.every((line) => line.signal === undefined && typeof line.event === "string")).toBe(true);
    expect(jsonLines(json.stderr).some((line) => line.signal === "span" && line.name === "hotpass.refine")).toBe(true);
  });

  test("a command's --json answer keeps stdout to itself (net status --json)", async () => {
    const config = join(work.path, "net-config");
    const run = await hotpass(["net", "status", "--json", "--telemetry-exporter", "console"], {
      cwd: work.path,
      env: { HOME: home, HOTPASS_CONFIG_DIR: config, XDG_CONFIG_HOME: config },
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).sessions).toEqual([]);
    expect(jsonLines(run.stderr).some((line) => line.signal === "span" && line.name === "hotpass.net")).toBe(true);
  });

  test("--observability turns the console exporter on", async () => {
    const run = await refine(["--observability"]);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).some((line) => line.signal === "span" && line.name === "hotpass.refine")).toBe(true);
  });
});

describe("usage errors and warnings", () => {
  test("an OTLP endpoint without --telemetry-exporter otlp exits 2 and says so", async () => {
    const run = await refine(["--telemetry-otlp-endpoint", "http://127.0.0.1:1"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--telemetry-otlp-endpoint needs --telemetry-exporter otlp");
    expect(run.stderr).not.toContain("    at ");
  });

  test("a malformed header exits 2 without echoing it, even with --debug", async () => {
    const run = await refine(["--telemetry-exporter", "otlp", "--telemetry-otlp-header", "Bearer-xyz-secret", "--debug"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--telemetry-otlp-header expects KEY=VALUE");
    expect(run.stdout + run.stderr).not.toContain("xyz-secret");
  });

  test("--debug names the header but never its value", async () => {
    const r = await receiver();
    const run = await refine([...otlp(r, "--telemetry-otlp-header", "x-api-key=k-55aa"), "--debug"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("x-api-key=***");
    expect(run.stdout + run.stderr).not.toContain("k-55aa");
  });

  test("port 4317 gets one warning line about 4318, and the run still finishes", async () => {
    const run = await refine([
      "--telemetry-exporter", "otlp", "--telemetry-otlp-endpoint", "127.0.0.1:4317", "--telemetry-otlp-insecure",
      "--telemetry-otlp-timeout", "1",
    ]);
    expect(run.code).toBe(0);
    const warnings = run.stderr.split("\n").filter((line) => line.includes("4318"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("4317");
    expect(outputRows(run.outputPath)).toBeGreaterThan(0);
  });
});

describe("a collector that misbehaves changes neither the exit code nor, beyond the timeout, the run time", () => {
  for (const mode of ["refuse", "blackhole", "500", "429"] as const) {
    test(mode, async () => {
      const r = await receiver(mode);
      const baseline = await refine([]);
      const run = await refine(otlp(r, "--telemetry-otlp-timeout", "2"));
      expect(run.code).toBe(baseline.code);
      expect(run.code).toBe(0);
      // The export timeout (2 s) plus the shutdown margin and room for a busy machine, on top of a
      // run without telemetry (the SDK's own retry schedule alone would take far longer).
      expect(run.ms - baseline.ms).toBeLessThan(2000 + 2500);
      const warnings = run.stderr.split("\n").filter((line) => line.includes("not exported"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(r.url);
      expect(outputRows(run.outputPath)).toBe(outputRows(baseline.outputPath));
    });
  }

  test("a failing pipeline keeps its own exit code with a black-holed collector", async () => {
    const r = await receiver("blackhole");
    const run = await hotpass(
      ["refine", "--input-dir", join(work.path, "no-such-folder"), "--output-path", join(work.path, "x.csv"), "--profile", "generic", ...otlp(r, "--telemetry-otlp-timeout", "1")],
      { cwd: work.path, env: { HOME: home, HOTPASS_DISABLE_LINEAGE: "1" } },
    );
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n").filter((line) => line.includes("not exported"))).toHaveLength(1);
    expect(run.ms).toBeLessThan(1000 + 1500 + 3000);
  });

  test("a failing pipeline: root span ERROR with the error message, exported before the exit", async () => {
    const r = await receiver();
    const run = await hotpass(
      ["refine", "--input-dir", join(work.path, "no-such-folder"), "--output-path", join(work.path, "y.csv"), "--profile", "generic", ...otlp(r)],
      { cwd: work.path, env: { HOME: home, HOTPASS_DISABLE_LINEAGE: "1" } },
    );
    expect(run.code).toBe(2);
    const root = r.spans.find((span) => span.name === "hotpass.refine")!;
    expect(root.status.code).toBe(2);
    expect(run.stderr).toContain(root.status.message);
    expect(root.events.map((event) => event.name)).toContain("exception");
    // The failure happened while loading: the event sits on the (ERROR) load span.
    const load = r.spans.find((span) => span.name === "pipeline.load")!;
    expect(load.status.code).toBe(2);
    expect(load.events.map((event) => event.name)).toContain("pipeline.failed");
  });
});
