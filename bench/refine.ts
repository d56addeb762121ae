#!/usr/bin/env bun
/**
 * End-to-end refine benchmark: generates a data shape for N organisations (bench/shapes.ts,
 * cached in bench/.data/), runs the compiled binary on it, and prints wall time, source rows per
 * second, peak RSS (/usr/bin/time's maximum resident set size), CPU time (user + sys: on a shared
 * machine the honest measure of the work, as wall time also counts waiting for the other
 * processes; the load average is printed with it) and the stage times from the quality report.
 * Run `bun run build.ts` first. On a shared machine one run can be 30 % off the next, so
 * `--runs N` repeats each size and ends with the median, minimum and maximum.
 *
 *   bun run bench/refine.ts                 # 10,000 and 100,000 organisations, xlsx output
 *   bun run bench/refine.ts 100000 --output csv --runs 5
 *   bun run bench/refine.ts 100000 --shape aviation-dense        # aviation | aviation-dense | generic-csv
 *   bun run bench/refine.ts --sweep --shape generic-csv          # 10k, 100k, 300k, 1M, then a table
 *   bun run bench/refine.ts 100000 --vs /tmp/hotpass-main --runs 5   # A B A B: dist/hotpass against another binary
 *   bun run bench/refine.ts 1000000 --limit-mib 6000             # stop a run past 6,000 MiB resident
 *   bun run bench/refine.ts 100000 --memory-budget-mb 512         # passed to refine: spill at 100,000
 *   HOTPASS_WORKERS=0 bun run bench/refine.ts 100000   # everything on one thread
 *
 * `--binary PATH` (default dist/hotpass) is the binary measured; `--vs PATH` a second one, run
 * alternately with it on the same data, with the ratio (vs / binary) of every pair and the medians.
 */
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { median, spread, table } from "./measure.ts";
import { failure, refineWithBinary } from "./refine-run.ts";
import { isShape, SHAPES, shapeData, type ShapeData, type ShapeName } from "./shapes.ts";

const root = resolve(import.meta.dir, "..");
const argv = process.argv.slice(2);
function option(flag: string): string | undefined {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv.splice(at, 2)[1] : undefined;
}
function flag(name: string): boolean {
  const at = argv.indexOf(name);
  return at >= 0 && argv.splice(at, 1).length > 0;
}
const format = option("--output") ?? "xlsx";
const runs = Number(option("--runs") ?? 1);
const shapeName = option("--shape") ?? "aviation";
const binary = resolve(option("--binary") ?? join(root, "dist", "hotpass"));
const vsPath = option("--vs");
const vs = vsPath ? resolve(vsPath) : undefined;
const limitOption = option("--limit-mib");
const budget = option("--memory-budget-mb");
const limit = limitOption ? Number(limitOption) : undefined;
const sweep = flag("--sweep");
if (!isShape(shapeName) || argv.some((a) => !/^\d+$/.test(a)) || !(runs >= 1)) {
  console.error(`usage: bun run bench/refine.ts [N ...] [--sweep] [--shape ${SHAPES.join("|")}] [--runs N] [--output FORMAT] [--binary PATH] [--vs PATH] [--limit-mib MiB] [--memory-budget-mb MB]`);
  process.exit(2);
}
for (const path of [binary, vs]) {
  if (path && !existsSync(path)) {
    console.error(`${path} does not exist (run \`bun run build.ts\` first)`);
    process.exit(2);
  }
}
const shape: ShapeName = shapeName;
const sizes = sweep ? [10_000, 100_000, 300_000, 1_000_000] : argv.length ? argv.map(Number) : [10_000, 100_000];
/** The binaries measured: A (and B with --vs), told apart by side even when they are the same file. */
const binaries = (vs ? [binary, vs] : [binary]).map((path, side) => ({ path, side, label: vs ? (side === 0 ? "A" : "B") : "" }));
type Binary = (typeof binaries)[number];

interface Run {
  side: number;
  orgs: number;
  ok: boolean;
  wall: number;
  cpu: number;
  peakMiB: number;
  load: string;
  records?: number;
}

async function refineOnce({ path, side, label }: Binary, data: ShapeData): Promise<Run> {
  const m = await refineWithBinary(path, data, { format, limitMiB: limit, extraArgs: budget ? ["--memory-budget-mb", budget] : [] });
  const tag = `refine${label ? `[${label}]` : ""} ${data.orgs} orgs${shape === "aviation" ? "" : ` ${shape}`}`;
  const load1 = m.load.split(" ")[0]!;
  if (!m.report) {
    console.error(`${tag}: ${failure(m, limit)}`);
    return { side, orgs: data.orgs, ok: false, wall: m.wall, cpu: m.cpu, peakMiB: m.peakMiB, load: load1 };
  }
  const p = m.report.performance_metrics;
  console.log(
    `${tag} (${data.sourceRows} source rows -> ${m.report.total_records} records, ${format}): ` +
      `wall ${m.wall.toFixed(2)} s, ${Math.round(data.sourceRows / m.wall)} rows/s, peak RSS ${m.peakMiB.toFixed(0)} MiB, ` +
      `CPU ${m.cpu.toFixed(2)} s (user ${m.user} + sys ${m.sys}), load average ${load1}; ` +
      `load ${p.load_seconds} s, normalise+aggregate ${p.aggregation_seconds} s, expectations ${p.expectations_seconds} s, write ${p.write_seconds} s`,
  );
  return { side, orgs: data.orgs, ok: true, wall: m.wall, cpu: m.cpu, peakMiB: m.peakMiB, load: load1, records: m.report.total_records };
}

function summarise(results: Run[], orgs: number, label: string): void {
  const walls = results.map((r) => r.wall);
  console.log(
    `refine${label ? `[${label}]` : ""} ${orgs} orgs, ${results.length} runs: wall median ${median(walls).toFixed(2)} s (min ${Math.min(...walls).toFixed(2)}, max ${Math.max(...walls).toFixed(2)}), ` +
      `CPU median ${median(results.map((r) => r.cpu)).toFixed(2)} s, peak RSS max ${Math.max(...results.map((r) => r.peakMiB)).toFixed(0)} MiB`,
  );
}

const all: Run[] = [];
const data = new Map<number, ShapeData>();
for (const orgs of sizes) {
  const shaped = await shapeData(shape, orgs);
  data.set(orgs, shaped);
  const pairs: Run[][] = [];
  for (let i = 0; i < runs; i++) {
    const pair: Run[] = [];
    for (const b of binaries) pair.push(await refineOnce(b, shaped));
    pairs.push(pair);
    all.push(...pair);
    if (vs && pair.every((r) => r.ok)) {
      const [a, b] = pair as [Run, Run];
      console.log(`pair ${i + 1}: B/A wall ${(b.wall / a.wall).toFixed(3)}, CPU ${(b.cpu / a.cpu).toFixed(3)}, peak RSS ${(b.peakMiB / a.peakMiB).toFixed(3)}`);
    }
  }
  for (const b of binaries) {
    const ok = pairs.map((p) => p[b.side]!).filter((r) => r.ok);
    if (runs > 1 && ok.length > 0) summarise(ok, orgs, b.label);
  }
  if (vs) {
    const done = pairs.filter((p) => p.every((r) => r.ok)) as [Run, Run][];
    if (done.length > 0) {
      const ratio = (pick: (r: Run) => number) => spread(done.map(([a, b]) => pick(b) / pick(a)), 3);
      console.log(`B/A over ${done.length} pairs at ${orgs} orgs: wall ${ratio((r) => r.wall)}, CPU ${ratio((r) => r.cpu)}, peak RSS ${ratio((r) => r.peakMiB)}  (A = ${binary}, B = ${vs})`);
    }
  }
}

if (sweep || vs) {
  const rows: (string | number)[][] = [];
  for (const orgs of sizes) {
    for (const { path, side, label } of binaries) {
      const mine = all.filter((r) => r.orgs === orgs && r.side === side);
      const ok = mine.filter((r) => r.ok);
      const sourceRows = data.get(orgs)!.sourceRows;
      const loads = mine.map((r) => r.load).join(", ");
      const shown = path.startsWith(process.cwd()) ? relative(process.cwd(), path) : path;
      const name = vs ? `${label} ${shown}` : shown;
      if (ok.length === 0) {
        const worst = mine.at(-1)!;
        rows.push([name, orgs, sourceRows, "failed", `${worst.wall.toFixed(1)} (failed)`, worst.cpu.toFixed(1), worst.peakMiB.toFixed(0), "", loads]);
        continue;
      }
      const wall = median(ok.map((r) => r.wall));
      rows.push([name, orgs, sourceRows, ok[0]!.records ?? "", spread(ok.map((r) => r.wall)), spread(ok.map((r) => r.cpu)), spread(ok.map((r) => r.peakMiB), 0), Math.round(sourceRows / wall), loads]);
    }
  }
  console.log(`\n${shape}, ${format} output, ${runs} run(s) per size${vs ? ", binaries alternated" : ""}:\n`);
  console.log(table(["binary", "organisations", "source rows", "records", "wall s", "CPU s", "peak RSS MiB", "rows/s (median wall)", "load (1 min)"], rows));
}
if (all.some((r) => !r.ok)) process.exit(1);
