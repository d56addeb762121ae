#!/usr/bin/env bun
/**
 * End-to-end refine benchmark: generates the three aviation workbooks for N organisations
 * (cached in bench/.data/<N>), runs the compiled binary on them, and prints wall time, source
 * rows per second, peak RSS (/usr/bin/time's maximum resident set size), CPU time (user + sys:
 * on a shared machine the honest measure of the work, as wall time also counts waiting for the
 * other processes; the load average is printed with it) and the stage times from the quality
 * report. Run `bun run build.ts` first. On a shared machine one run can be 30 % off the next, so
 * `--runs N` repeats each size and ends with the median, minimum and maximum.
 *
 *   bun run bench/refine.ts                 # 10,000 and 100,000 organisations, xlsx output
 *   bun run bench/refine.ts 100000 --output csv --runs 5
 *   HOTPASS_WORKERS=0 bun run bench/refine.ts 100000   # everything on one thread
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateAviationWorkbooks } from "./generate.ts";

const root = resolve(import.meta.dir, "..");
const binary = join(root, "dist", "hotpass");
const argv = process.argv.slice(2);
const outputIndex = argv.indexOf("--output");
const format = outputIndex >= 0 ? argv.splice(outputIndex, 2)[1]! : "xlsx";
const runsIndex = argv.indexOf("--runs");
const runs = runsIndex >= 0 ? Number(argv.splice(runsIndex, 2)[1]) : 1;
const sizes = argv.length ? argv.map(Number) : [10_000, 100_000];

async function dataFor(orgs: number): Promise<{ dir: string; sourceRows: number }> {
  const dir = join(root, "bench", ".data", String(orgs));
  const marker = join(dir, ".generated.json");
  if (existsSync(marker)) return { dir, sourceRows: JSON.parse(readFileSync(marker, "utf8")).sourceRows };
  const result = await generateAviationWorkbooks({ orgs, out: dir, seed: 7 });
  writeFileSync(marker, JSON.stringify({ sourceRows: result.sourceRows }));
  console.log(`generated ${orgs} organisations (${result.sourceRows} source rows) in ${result.seconds.toFixed(1)} s`);
  return { dir, sourceRows: result.sourceRows };
}

interface Run {
  wall: number;
  cpu: number;
  peakMiB: number;
}

function refineOnce(orgs: number, dir: string, sourceRows: number): Run {
  const out = mkdtempSync(join(tmpdir(), "hotpass-bench-"));
  const output = join(out, `refined.${format}`);
  const started = performance.now();
  const proc = Bun.spawnSync(
    ["/usr/bin/time", "-f", "%M %U %S", binary, "refine", "--profile", "aviation", "--input-dir", dir, "--output-path", output, "--log-format", "json"],
    { stdout: "ignore", stderr: "pipe", env: { ...process.env, NO_COLOR: "1", HOME: out } },
  );
  const wall = (performance.now() - started) / 1000;
  const stderr = proc.stderr.toString();
  if (proc.exitCode !== 0) {
    console.error(`refine failed for ${orgs} organisations (exit ${proc.exitCode}):\n${stderr}`);
    process.exit(1);
  }
  const [maxKiB, user, sys] = stderr.trim().split("\n").at(-1)!.split(" ").map(Number);
  const peakMiB = maxKiB! / 1024;
  const cpu = user! + sys!;
  const load = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  const report = JSON.parse(readFileSync(join(out, "refined-quality-report.json"), "utf8"));
  const p = report.performance_metrics;
  console.log(
    `refine ${orgs} orgs (${sourceRows} source rows -> ${report.total_records} records, ${format}): ` +
      `wall ${wall.toFixed(2)} s, ${Math.round(sourceRows / wall)} rows/s, peak RSS ${peakMiB.toFixed(0)} MiB, ` +
      `CPU ${cpu.toFixed(2)} s (user ${user} + sys ${sys}), load average ${load}; ` +
      `load ${p.load_seconds} s, normalise+aggregate ${p.aggregation_seconds} s, expectations ${p.expectations_seconds} s, write ${p.write_seconds} s`,
  );
  rmSync(out, { recursive: true, force: true });
  return { wall, cpu, peakMiB };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

for (const orgs of sizes) {
  const { dir, sourceRows } = await dataFor(orgs);
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(refineOnce(orgs, dir, sourceRows));
  if (runs > 1) {
    const walls = results.map((r) => r.wall);
    console.log(
      `refine ${orgs} orgs, ${runs} runs: wall median ${median(walls).toFixed(2)} s (min ${Math.min(...walls).toFixed(2)}, max ${Math.max(...walls).toFixed(2)}), ` +
        `CPU median ${median(results.map((r) => r.cpu)).toFixed(2)} s, peak RSS max ${Math.max(...results.map((r) => r.peakMiB)).toFixed(0)} MiB`,
    );
  }
}
