#!/usr/bin/env bun
/**
 * Lineage delivery: (1) `hotpass lineage replay` of a spool of N events to a local endpoint that
 * accepts everything (each event is sent, then removed from the spool under the lock), and
 * (2) `hotpass lineage runs` over a local event log of N runs, (3) a refine run with and without
 * lineage. Run `bun run build.ts` first.
 * Usage: bun run bench/lineage.ts [events]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildRunEvent, type RunFacts } from "../src/telemetry/lineage/builders.ts";
import { appendEvents } from "../src/telemetry/lineage/spool.ts";

const binary = resolve(import.meta.dir, "../dist/hotpass");
const count = Number(process.argv[2] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), "hotpass-bench-lineage-"));
const env = { HOME: dir, XDG_STATE_HOME: join(dir, "state"), XDG_CONFIG_HOME: join(dir, "config"), NO_COLOR: "1" };

function facts(i: number): RunFacts {
  return {
    command: "refine",
    runId: crypto.randomUUID(),
    hotpassRunId: `bench-${i}`,
    namespace: "hotpass.local",
    jobName: "hotpass.pipeline.aviation",
    datasetNamespace: "file://bench",
    profile: "aviation",
    startedAt: Date.now(),
    inputs: [{ path: `/data/in-${i % 3}.xlsx`, sheets: [{ sheet: "Sheet1", rows: 1000, columns: ["a", "b", "c"] }], bytes: 50_000, assertions: [] }],
    output: { path: "/dist/refined.xlsx", format: "xlsx", rows: 900, bytes: 80_000, columns: Array.from({ length: 42 }, (_, c) => `col${c}`), nullCounts: {}, assertions: [] },
  };
}

let received = 0;
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: async (r) => (await r.arrayBuffer(), received++, new Response(null, { status: 201 })) });
const paths = (await import("../src/telemetry/lineage/config.ts")).statePaths(env);
const events = Array.from({ length: count }, (_, i) => buildRunEvent(i % 2 ? "COMPLETE" : "START", facts(i >> 1), Date.now() + i));
appendEvents(paths.spool, events);
let started = performance.now();
// Asynchronous spawn: the endpoint lives in this process and must keep answering.
const run = async (args: string[]) => {
  const proc = Bun.spawn([binary, ...args], { env, stdout: "pipe", stderr: "pipe" });
  const [stderr, exitCode] = [await new Response(proc.stderr).text(), await proc.exited];
  return { stderr, exitCode };
};
const replay = await run(["lineage", "replay", "--json", "--lineage-url", server.url.href]);
const replaySeconds = (performance.now() - started) / 1000;
if (replay.exitCode !== 0 || received !== count) throw new Error(`replay: exit ${replay.exitCode}, ${received}/${count} received: ${replay.stderr}`);
console.log(`replay ${count} spooled events: ${replaySeconds.toFixed(2)} s (${Math.round(count / replaySeconds)} events/s)`);

appendEvents(paths.log, events);
started = performance.now();
const runs = await run(["lineage", "runs", "--json", "--limit", "20"]);
if (runs.exitCode !== 0) throw new Error(`runs: exit ${runs.exitCode}: ${runs.stderr}`);
console.log(`lineage runs over a log of ${count} events: ${((performance.now() - started) / 1000).toFixed(2)} s`);

// (3) What lineage adds to a refine run: the same refine with events posted to the local
// endpoint, and with lineage off (medians of 5 runs each).
const { generateAviationWorkbooks } = await import("./generate.ts");
const data = join(dir, "data");
await generateAviationWorkbooks({ orgs: 500, out: data, seed: 7 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const timeRefine = async (flags: string[]) => {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await run(["refine", "--profile", "aviation", "--input-dir", data, "--output-path", join(dir, "out", "r.xlsx"), ...flags]);
    if (r.exitCode !== 0) throw new Error(`refine: exit ${r.exitCode}: ${r.stderr}`);
    times.push(performance.now() - t);
  }
  return median(times);
};
const off = await timeRefine(["--no-observability"]);
const on = await timeRefine(["--lineage-url", server.url.href]);
console.log(`refine of 500 organisations: ${(off / 1000).toFixed(2)} s without lineage, ${(on / 1000).toFixed(2)} s with lineage to a local endpoint (${on >= off ? "+" : "−"}${Math.abs(Math.round(on - off))} ms)`);

server.stop(true);
rmSync(dir, { recursive: true, force: true });
