#!/usr/bin/env bun
/**
 * Measures the loader alone on generated aviation workbooks: wall time, CPU time, rows per
 * second and peak RSS. Generates the data first if the folder is missing. The loader runs on one
 * thread here (HOTPASS_WORKERS=0 unless set): with the worker thread, part of the records would
 * come back only with the normalise stage.
 *
 *   bun run bench/load.ts [--orgs 100000] [--dir bench/.data/100000]
 */
import { existsSync } from "node:fs";
import { EventBus } from "../src/pipeline/events.ts";
import { loadSources } from "../src/pipeline/load/index.ts";
import { loadProfile } from "../src/profiles/loader.ts";
import { generateAviationWorkbooks } from "./generate.ts";

const argv = process.argv.slice(2);
const value = (flag: string) => {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv[at + 1] : undefined;
};
const orgs = Number(value("--orgs") ?? 100_000);
const dir = value("--dir") ?? `bench/.data/${orgs}`; // shared with bench/refine.ts
if (!existsSync(dir)) {
  const generated = await generateAviationWorkbooks({ orgs, out: dir });
  console.log(`generated ${generated.sourceRows} source rows in ${generated.seconds.toFixed(1)} s`);
}

process.env.HOTPASS_WORKERS ??= "0";
const profile = await loadProfile("aviation", []);
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await loadSources(
  {
    inputDir: dir,
    outputPath: "unused.xlsx",
    profile,
    runId: "bench",
    distDir: dir,
    countryCode: "ZA",
    qaMode: "default",
    archive: false,
    reportFormats: [],
    maxUncompressedBytes: 4 * 1024 ** 3,
    memoryBudgetBytes: 2 ** 40,
  },
  new EventBus(),
);
const wall = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const rows = result.sources.reduce((sum, s) => sum + s.rows, 0);
console.log(
  `load: ${rows} source rows -> ${result.records.length} records in ${wall.toFixed(2)} s wall, ` +
    `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU, ${Math.round(rows / wall)} rows/s, ` +
    `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`,
);
if (argv.includes("--retained")) {
  Bun.gc(true);
  const m = process.memoryUsage();
  console.log(`retained after GC: heap ${Math.round(m.heapUsed / 2 ** 20)} MiB, rss ${Math.round(m.rss / 2 ** 20)} MiB`);
}
