#!/usr/bin/env bun
/**
 * Where refine's memory goes, stage by stage: runs one refine in this process through the
 * library entry (`runRefine` from src/index.ts) and, at every `<stage>.completed` event, forces a
 * full collection (`Bun.gc(true)`) and prints what is still alive: RSS, the heap's live bytes,
 * memory held outside the heap's cells (string and buffer contents), the peak RSS so far, the
 * highest RSS seen during the stage (at its progress events and every 20 ms the event loop is
 * free; no collection there, so it includes garbage), and the object types with the most instances (`heapStats()` of bun:jsc). `--sizes` also takes
 * a heap snapshot at each stage and sums its cells' sizes by type (slower, and the snapshot's own
 * memory raises the peak of the stages after it: read the peak from a run without `--sizes`).
 *
 *   bun run bench/heap.ts 100000 --shape aviation-dense [--sizes] [--top 12] [--workers]
 *
 * The data is generated first in another process when it is not cached.
 * Everything runs on this thread (HOTPASS_WORKERS=0) unless `--workers` is given: a worker
 * thread's heap is not in `heapStats()`, though its memory is in RSS. The collections at each
 * stage make the run slower than a real one and its peak lower; the figures are for comparing
 * stages and representations, not for the README's timings.
 */
import { heapStats } from "bun:jsc";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { table } from "./measure.ts";
import { isShape, SHAPES, shapeData } from "./shapes.ts";

const argv = process.argv.slice(2);
const option = (flag: string): string | undefined => {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv.splice(at, 2)[1] : undefined;
};
const flag = (name: string): boolean => argv.includes(name) && argv.splice(argv.indexOf(name), 1).length > 0;
const shape = option("--shape") ?? "aviation";
const top = Number(option("--top") ?? 10);
const sizes = flag("--sizes");
const workers = flag("--workers");
const orgs = Number(argv[0] ?? 100_000);
if (!isShape(shape) || argv.length > 1 || !Number.isInteger(orgs)) {
  console.error(`usage: bun run bench/heap.ts [N] [--shape ${SHAPES.join("|")}] [--sizes] [--top N] [--workers]`);
  process.exit(2);
}
if (!workers) process.env.HOTPASS_WORKERS = "0";

const MiB = 2 ** 20;
const mib = (bytes: number) => (bytes / MiB).toFixed(0);
const peakMiB = () => process.resourceUsage().maxRSS / 1024; // KiB on Linux

interface Point {
  stage: string;
  seconds: number;
  rss: number;
  heapUsed: number;
  extra: number;
  objects: number;
  peak: number;
  progressPeak: number;
  counts: [string, number][];
  bySize?: [string, number, number][];
}

/** Live bytes by cell type from a heap snapshot (JSC's Inspector format: id, size, class, flags per node). */
function sizesByType(): [string, number, number][] {
  const snapshot = Bun.generateHeapSnapshot() as unknown as { nodes: number[]; nodeClassNames: string[] };
  const byType = new Map<string, [number, number]>();
  for (let i = 0; i < snapshot.nodes.length; i += 4) {
    const name = snapshot.nodeClassNames[snapshot.nodes[i + 2]!]!;
    const entry = byType.get(name) ?? [0, 0];
    entry[0]++;
    entry[1] += snapshot.nodes[i + 1]!;
    byType.set(name, entry);
  }
  return [...byType].map(([name, [count, bytes]]): [string, number, number] => [name, count, bytes]).sort((a, b) => b[2] - a[2]).slice(0, top);
}

const points: Point[] = [];
const started = performance.now();
let progressPeak = 0;
const sample = () => {
  progressPeak = Math.max(progressPeak, process.memoryUsage.rss() / MiB);
};

function take(stage: string): void {
  Bun.gc(true);
  const memory = process.memoryUsage();
  const stats = heapStats();
  const point: Point = {
    stage,
    seconds: (performance.now() - started) / 1000,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    extra: stats.extraMemorySize,
    objects: stats.objectCount,
    peak: peakMiB(),
    progressPeak,
    counts: Object.entries(stats.objectTypeCounts).sort((a, b) => b[1] - a[1]).slice(0, top),
  };
  progressPeak = 0;
  if (sizes) {
    point.bySize = sizesByType();
    Bun.gc(true);
  }
  points.push(point);
  console.log(
    `${stage.padEnd(24)} t ${point.seconds.toFixed(1).padStart(6)} s  RSS ${mib(point.rss).padStart(5)} MiB  peak so far ${point.peak.toFixed(0).padStart(5)} MiB  ` +
      `heap live ${mib(point.heapUsed).padStart(5)} MiB (outside cells ${mib(point.extra)} MiB)  objects ${point.objects}  ${(point.heapUsed / orgs).toFixed(0)} B/org`,
  );
  console.log(`  most instances: ${point.counts.map(([type, n]) => `${type} ${n}`).join(", ")}`);
  if (point.bySize) console.log(`  most bytes: ${point.bySize.map(([type, n, bytes]) => `${type} ${mib(bytes)} MiB (${n})`).join(", ")}`);
}

// Generated (when not cached) in another process, so the generator's memory is not in this one's peak.
const generated = Bun.spawnSync(["bun", "run", join(import.meta.dir, "shapes.ts"), shape, String(orgs)], { stdout: "inherit", stderr: "inherit" });
if (generated.exitCode !== 0) process.exit(1);
const data = await shapeData(shape, orgs);
const out = mkdtempSync(join(tmpdir(), "hotpass-heap-"));
console.log(`${shape}: ${orgs} organisations, ${data.sourceRows} source rows; ${workers ? "two threads" : "one thread (HOTPASS_WORKERS=0)"}`);
const { runRefine } = await import("../src/index.ts");
take("before (library loaded)");
const sampler = setInterval(sample, 20);
try {
  await runRefine(
    { inputDir: data.dir, outputPath: join(out, "refined.xlsx"), profile: data.profile, distDir: out },
    {
      onEvent: (event) => {
        if (event.name.endsWith(".progress")) sample();
        else if (event.name.endsWith(".completed") && !event.name.startsWith("enrich")) take(event.name);
      },
    },
  );
} finally {
  clearInterval(sampler);
  rmSync(out, { recursive: true, force: true });
}
take("after (result returned)");

console.log(`\n${shape}, ${orgs} organisations (${data.sourceRows} source rows), after a full collection at each point:\n`);
console.log(
  table(
    ["after", "RSS MiB", "peak RSS so far MiB", "max RSS seen in the stage MiB", "heap live MiB", "of it outside cells MiB", "objects", "top types by instances"],
    points.map((p) => [
      p.stage, mib(p.rss), p.peak.toFixed(0), p.progressPeak ? p.progressPeak.toFixed(0) : "", mib(p.heapUsed), mib(p.extra), p.objects,
      p.counts.slice(0, 5).map(([type, n]) => `${type} ${(n / 1000).toFixed(0)}k`).join(", "),
    ]),
  ),
);
if (sizes) {
  console.log("\nlive bytes by type (heap snapshot):\n");
  console.log(table(["after", ...Array.from({ length: Math.min(top, 6) }, (_, i) => `#${i + 1}`)], points.map((p) => [p.stage, ...(p.bySize ?? []).slice(0, 6).map(([type, n, bytes]) => `${type} ${mib(bytes)} MiB (${(n / 1000).toFixed(0)}k)`)])));
}
