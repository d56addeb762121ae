#!/usr/bin/env bun
/**
 * Start-up of the compiled binary: median wall time of `hotpass --version` and `hotpass --help`
 * over many runs. Run `bun run build.ts` first. Usage: bun run bench/startup.ts [runs]
 */
import { resolve } from "node:path";

const binary = resolve(import.meta.dir, "../dist/hotpass");
const runs = Number(process.argv[2] ?? 200);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function measure(args: string[]): number[] {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) Bun.spawnSync([binary, ...args], { stdout: "ignore", stderr: "ignore" }); // warm the page cache
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = Bun.spawnSync([binary, ...args], { stdout: "ignore", stderr: "ignore", env: { NO_COLOR: "1" } });
    times.push(performance.now() - started);
    if (result.exitCode !== 0) throw new Error(`${args.join(" ")} exited ${result.exitCode}`);
  }
  return times;
}

const size = Bun.file(binary).size / (1024 * 1024);
console.log(`binary: ${binary} (${size.toFixed(1)} MiB), ${runs} runs each`);
for (const args of [["--version"], ["--help"]]) {
  const times = measure(args);
  console.log(
    `hotpass ${args.join(" ").padEnd(10)} median ${median(times).toFixed(1)} ms  p90 ${percentile(times, 0.9).toFixed(1)} ms  min ${Math.min(...times).toFixed(1)} ms`,
  );
}
