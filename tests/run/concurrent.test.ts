/**
 * The library entry as the dashboard and the MCP server use it: several refines in one process at
 * once, one of them cancelled half-way. Each finished run must be exactly what it would have been
 * alone (table bytes, report, telemetry, lineage), the cancelled one must leave nothing behind but
 * its lineage FAIL, and no run may leave a process handler or a temporary file.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { CancelledError, runRefine, type PipelineEvent, type RefineRequest } from "../../src/index.ts";
import { tempDir } from "../support/binary.ts";
import { startOtlpReceiver, type OtlpReceiver } from "../support/otlp-receiver.ts";

let work: { path: string; cleanup: () => void };
let data: string;
let receiver: OtlpReceiver;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  work = tempDir("hotpass-concurrent-");
  data = join(work.path, "data");
  await generateAviationWorkbooks({ orgs: 2000, out: data, seed: 7 });
  receiver = await startOtlpReceiver();
  env = { HOME: work.path, XDG_STATE_HOME: join(work.path, "state"), HOTPASS_CONFIG_DIR: join(work.path, "config") };
});
afterAll(async () => {
  await receiver.stop();
  work.cleanup();
});

const RUN_IDS: Record<string, string> = {
  alone: "00000000-0000-4000-8000-000000000001",
  first: "00000000-0000-4000-8000-000000000002",
  second: "00000000-0000-4000-8000-000000000003",
  cancelled: "00000000-0000-4000-8000-000000000004",
};

const request = (name: string): RefineRequest => ({
  inputDir: data,
  outputPath: join(work.path, name, "refined.csv"),
  profile: "aviation",
  runId: RUN_IDS[name],
  telemetry: { exporters: ["otlp"], otlpEndpoint: receiver.url, insecure: true },
  lineage: { lineageFile: join(work.path, `${name}.lineage.jsonl`) },
});

/** The report without what differs between any two runs (timings, ids, the output folder). */
function comparableReport(name: string): Record<string, unknown> {
  const text = readFileSync(join(work.path, name, "refined-quality-report.json"), "utf8").replaceAll(join(work.path, name), "OUT").replaceAll(RUN_IDS[name]!, "RUN");
  const { performance_metrics, generated_at, started_at, run_id, trace_id, ...rest } = JSON.parse(text);
  return rest;
}

const listeners = () => ["SIGINT", "SIGTERM", "exit", "uncaughtException", "unhandledRejection"].map((name) => process.listenerCount(name as NodeJS.Signals));
const tempFiles = (name: string) => (existsSync(join(work.path, name)) ? readdirSync(join(work.path, name)).filter((file) => file.endsWith(".tmp")) : []);
const lineageTypes = (name: string) =>
  readFileSync(join(work.path, `${name}.lineage.jsonl`), "utf8").trim().split("\n").map((line) => JSON.parse(line).eventType as string);

describe("refines in one process", () => {
  test("two at once and a third cancelled half-way: each as if it ran alone, nothing left behind", async () => {
    const before = listeners();
    const alone = await runRefine(request("alone"), { env });

    const controller = new AbortController();
    const seen: PipelineEvent[] = [];
    const cancelled = runRefine(request("cancelled"), {
      env,
      signal: controller.signal,
      onEvent: (event) => {
        seen.push(event);
        if (event.name === "aggregate.progress" && event.data.completed > 0) controller.abort();
      },
    });
    const [first, second, third] = await Promise.allSettled([runRefine(request("first"), { env }), runRefine(request("second"), { env }), cancelled]);

    expect(first.status).toBe("fulfilled");
    expect(second.status).toBe("fulfilled");
    for (const name of ["first", "second"]) {
      expect(readFileSync(join(work.path, name, "refined.csv"), "utf8")).toBe(readFileSync(join(work.path, "alone", "refined.csv"), "utf8"));
      expect(comparableReport(name)).toEqual(comparableReport("alone"));
      expect(lineageTypes(name)).toEqual(["START", "COMPLETE"]);
      expect(tempFiles(name)).toEqual([]);
    }
    expect(alone.records).toBeGreaterThan(1000);

    // The cancelled run: a CancelledError, pipeline.failed (reason cancelled), lineage FAIL, no output.
    expect(third.status).toBe("rejected");
    expect((third as PromiseRejectedResult).reason).toBeInstanceOf(CancelledError);
    const failed = seen.find((event) => event.name === "pipeline.failed");
    expect(failed?.name === "pipeline.failed" && failed.data.reason).toBe("cancelled");
    expect(lineageTypes("cancelled")).toEqual(["START", "FAIL"]);
    expect(existsSync(join(work.path, "cancelled", "refined.csv"))).toBe(false);
    expect(existsSync(join(work.path, "cancelled"))).toBe(false); // the folder it made for itself is gone too
    expect(listeners()).toEqual(before);

    // Telemetry: every run is its own trace with its own resource, and the cancelled one is an error.
    const roots = receiver.spans.filter((span) => span.name === "hotpass.refine");
    expect(roots).toHaveLength(4);
    expect(new Set(roots.map((span) => span.traceId)).size).toBe(4);
    const byRun = new Map(roots.map((span) => [span.resource["hotpass.run_id"], span]));
    for (const name of ["alone", "first", "second", "cancelled"]) {
      const root = byRun.get(request(name).runId!)!;
      expect(root.resource["hotpass.surface"]).toBe("library");
      expect(root.status.code).toBe(name === "cancelled" ? 2 : 0);
      const stages = receiver.spans.filter((span) => span.traceId === root.traceId && span.name.startsWith("pipeline.")).map((span) => span.name);
      if (name === "cancelled") expect(stages).not.toContain("pipeline.write");
      else expect(stages).toEqual(["pipeline.load", "pipeline.normalise", "pipeline.aggregate", "pipeline.expectations", "pipeline.write"]);
    }
  });
});
