#!/usr/bin/env bun
/**
 * What loading a profile costs.
 *
 * - In-process, from the sources: "cold" is a fresh process importing the profile loader and
 *   loading the bundled aviation profile (module loading included, as a command pays it once);
 *   "warm" is one more load of it in a process that has loaded one already.
 * - The binary: `hotpass refine --profile aviation` on an empty folder (it loads the profile, then
 *   stops: no workbooks), median wall and CPU time (CPU time is the steadier figure on a shared machine). `--against OTHER_BINARY` runs an older build the same
 *   way, alternating with dist/hotpass, so both see the same machine load.
 *
 *   bun run bench/profile.ts [--runs 30] [--against path/to/old/hotpass]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const argv = process.argv.slice(2);
const option = (flag: string) => {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv[at + 1] : undefined;
};

if (argv[0] === "--child") {
  const started = performance.now();
  const { loadProfile } = await import("../src/profiles/loader.ts");
  await loadProfile("aviation", []);
  const cold = performance.now() - started;
  const warmStarted = performance.now();
  const repeats = 200;
  for (let i = 0; i < repeats; i++) await loadProfile("aviation", []);
  console.log(JSON.stringify({ cold, warm: (performance.now() - warmStarted) / repeats }));
  process.exit(0);
}

const runs = Number(option("--runs") ?? 30);
const against = option("--against");
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const summary = (values: number[], digits = 1) =>
  `median ${median(values).toFixed(digits)} ms, min ${Math.min(...values).toFixed(digits)} ms`;

const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < runs + 2; i++) {
  const child = Bun.spawnSync([process.execPath, import.meta.path, "--child"], { stdout: "pipe", stderr: "inherit" });
  if (child.exitCode !== 0) throw new Error(`child exited ${child.exitCode}`);
  if (i < 2) continue; // warm the page cache
  const figures = JSON.parse(child.stdout.toString()) as { cold: number; warm: number };
  cold.push(figures.cold);
  warm.push(figures.warm);
}
console.log(`load the aviation profile from the sources, ${runs} fresh processes:`);
console.log(`  cold (import the loader + load): ${summary(cold, 2)}`);
console.log(`  warm (one more load):            ${summary(warm, 3)}`);

const empty = mkdtempSync(join(tmpdir(), "hotpass-bench-profile-"));
const binaries = [resolve(import.meta.dir, "../dist/hotpass"), ...(against ? [resolve(against)] : [])];
const times = binaries.map(() => [] as number[]);
const cpu = binaries.map(() => [] as number[]);
try {
  for (let i = 0; i < runs + 2; i++) {
    binaries.forEach((binary, b) => {
      const started = performance.now();
      const result = Bun.spawnSync(
        [binary, "refine", "--profile", "aviation", "--input-dir", empty, "--output-path", join(empty, "out.csv")],
        { stdout: "ignore", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } },
      );
      const ms = performance.now() - started;
      if (result.exitCode !== 2 || !result.stderr.toString().includes("no workbooks")) {
        throw new Error(`${binary} did not stop at the empty folder: ${result.stderr.toString()}`);
      }
      if (i >= 2) {
        times[b]!.push(ms);
        cpu[b]!.push(Number(result.resourceUsage.cpuTime.total) / 1000); // µs -> ms
      }
    });
  }
} finally {
  rmSync(empty, { recursive: true, force: true });
}
console.log(`hotpass refine --profile aviation on an empty folder, ${runs} runs each:`);
binaries.forEach((binary, b) => console.log(`  ${binary}: wall ${summary(times[b]!)}; CPU ${summary(cpu[b]!)}`));
