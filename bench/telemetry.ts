#!/usr/bin/env bun
/**
 * What telemetry costs a real run: `hotpass refine` over N synthetic organisations (bench/generate.ts,
 * the three aviation workbooks) with `--telemetry-exporter noop` versus `otlp` to a local OTLP/HTTP
 * receiver that decodes every body, alternating the order in each repetition so drift on a shared
 * machine hits both sides alike.
 *
 * On a shared machine whole runs differ by more than 5 % from one to the next, so each run is also
 * cut in three by its JSON log: start-up (spawn to `pipeline.start`: telemetry's set-up is here),
 * the pipeline (`pipeline.start` to `pipeline.completed`: the same work in both modes plus one span
 * event per pipeline event) and finish (`pipeline.completed` to exit: the OTLP export and shutdown
 * are here). Start-up and finish are short, so their difference between the modes is measured
 * with little noise; it is telemetry's fixed cost, given against the pipeline's time.
 *
 *   bun run build.ts && bun run bench/telemetry.ts [--orgs 100000] [--reps 5]
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { startOtlpReceiver } from "../tests/support/otlp-receiver.ts";

const ROOT = resolve(import.meta.dir, "..");
const BINARY = join(ROOT, "dist", "hotpass");

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const orgs = flag("orgs", 100_000);
const reps = flag("reps", 5);
if (!existsSync(BINARY)) throw new Error("dist/hotpass is missing: run 'bun run build.ts' first");

const dataDir = join(ROOT, "bench", ".data", `aviation-${orgs}`);
if (!existsSync(dataDir)) {
  console.error(`generating ${orgs} organisations into ${dataDir} ...`);
  const generated = Bun.spawnSync(["bun", "run", join(ROOT, "bench", "generate.ts"), "--orgs", String(orgs), "--out", dataDir], {
    stdout: "inherit",
    stderr: "inherit",
  });
  if (generated.exitCode !== 0) throw new Error("bench/generate.ts failed");
}

const receiver = await startOtlpReceiver();
const scratch = join(ROOT, ".tmp", "bench-telemetry");
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });
// A private copy, so a rebuild of dist/hotpass during the benchmark cannot mix two binaries.
const binary = join(scratch, "hotpass");
copyFileSync(BINARY, binary);
chmodSync(binary, 0o755);
const env = {
  ...process.env,
  HOME: scratch,
  HOTPASS_DISABLE_LINEAGE: "1",
  NO_COLOR: "1",
  OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
  OTEL_SDK_DISABLED: undefined,
};

type Mode = "noop" | "otlp";
const TELEMETRY: Record<Mode, string[]> = {
  noop: ["--telemetry-exporter", "noop"],
  otlp: ["--telemetry-exporter", "otlp", "--telemetry-otlp-endpoint", receiver.url],
};

interface Sample {
  wallMs: number;
  /** User + system CPU of the hotpass process: far less disturbed by other work on the machine. */
  cpuMs: number;
  /** Spawn to the `pipeline.start` log line. */
  startMs: number;
  /** `pipeline.start` to `pipeline.completed`. */
  pipelineMs: number;
  /** `pipeline.completed` to the process's exit. */
  finishMs: number;
  /** Pipeline events in the run (each is also a span event when tracing is on). */
  events: number;
}

async function run(mode: Mode, index: number): Promise<Sample> {
  const output = join(scratch, `${mode}-${index}.csv`);
  const started = performance.now();
  const spawnedAt = Date.now();
  const proc = Bun.spawn(
    [binary, "refine", "--profile", "aviation", "--input-dir", dataDir, "--output-path", output, "--log-format", "json", ...TELEMETRY[mode]],
    { cwd: scratch, env, stdout: "pipe", stderr: "pipe" },
  );
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  const exitedAt = Date.now();
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`${mode} run exited ${code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
  rmSync(output, { force: true });
  const usage = proc.resourceUsage();
  const cpuMs = usage ? Number(usage.cpuTime.user + usage.cpuTime.system) / 1000 : Number.NaN;
  const lines = stdout.trim().split("\n").map((line) => JSON.parse(line) as { ts: string; event: string });
  const at = (event: string) => Date.parse(lines.find((line) => line.event === event)!.ts);
  const pipelineEvents = lines.filter((line) => /^(pipeline|load|normalise|aggregate|expectations|write)\./.test(line.event)).length;
  return {
    wallMs,
    cpuMs,
    startMs: at("pipeline.start") - spawnedAt,
    pipelineMs: at("pipeline.completed") - at("pipeline.start"),
    finishMs: exitedAt - at("pipeline.completed"),
    events: pipelineEvents,
  };
}

const samples: Record<Mode, Sample[]> = { noop: [], otlp: [] };
console.error("warm-up ...");
await run("noop", 0);
await run("otlp", 0);
const spansBefore = receiver.spans.length;
for (let i = 1; i <= reps; i++) {
  const order: Mode[] = i % 2 === 1 ? ["noop", "otlp"] : ["otlp", "noop"];
  for (const mode of order) samples[mode].push(await run(mode, i));
  const last = (mode: Mode) => samples[mode].at(-1)!;
  console.error(
    `rep ${i}/${reps}: noop ${seconds(last("noop").wallMs)} wall / ${seconds(last("noop").cpuMs)} cpu, ` +
      `otlp ${seconds(last("otlp").wallMs)} wall / ${seconds(last("otlp").cpuMs)} cpu`,
  );
}
await receiver.stop();

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const figure = (pick: (sample: Sample) => number) => {
  const noop = median(samples.noop.map(pick));
  const otlp = median(samples.otlp.map(pick));
  return `noop ${seconds(noop)}, otlp ${seconds(otlp)}, overhead ${(((otlp - noop) / noop) * 100).toFixed(1)} %`;
};
const spansPerRun = (receiver.spans.length - spansBefore) / reps;
const ms = (value: number) => `${Math.round(value)} ms`;
const phase = (pick: (sample: Sample) => number) => ({ noop: median(samples.noop.map(pick)), otlp: median(samples.otlp.map(pick)) });
const start = phase((sample) => sample.startMs);
const finish = phase((sample) => sample.finishMs);
const pipeline = phase((sample) => sample.pipelineMs);
const fixed = start.otlp - start.noop + (finish.otlp - finish.noop);
console.log(`refine, ${orgs} organisations, ${reps} alternating repetitions (medians):`);
console.log(`  cpu (user+sys): ${figure((sample) => sample.cpuMs)}`);
console.log(`  wall:           ${figure((sample) => sample.wallMs)}`);
console.log(`  start-up (spawn to pipeline.start): noop ${ms(start.noop)}, otlp ${ms(start.otlp)}`);
console.log(`  pipeline (pipeline.start to pipeline.completed): noop ${seconds(pipeline.noop)}, otlp ${seconds(pipeline.otlp)}`);
console.log(`  finish (pipeline.completed to exit, the export): noop ${ms(finish.noop)}, otlp ${ms(finish.otlp)}`);
console.log(
  `  telemetry's fixed cost (start-up + finish, otlp minus noop): ${ms(fixed)} = ${((fixed / pipeline.noop) * 100).toFixed(2)} % of the pipeline's ${seconds(pipeline.noop)}; ` +
    `plus one span event for each of the ${samples.otlp[0]!.events} pipeline events`,
);
console.log(`  per otlp run: ${spansPerRun} spans received and decoded (${receiver.undecodable.length} undecodable bodies)`);
rmSync(scratch, { recursive: true, force: true });
