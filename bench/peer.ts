#!/usr/bin/env bun
/**
 * Refine against its pandas peer (bench/peer_pandas.py), side by side on the same files in the
 * same run: the binary and the peer run alternately (H P H P ...), each measured from outside
 * (wall, CPU = user + sys, peak RSS, the load average), and every pair gives the ratios the
 * targets are stated in: speed-up = peer wall / refine wall, memory = refine peak / peer peak.
 * Both write .xlsx. Needs Debian's python3-pandas, python3-openpyxl and python3-phonenumbers
 * (`apt-get install -y --no-install-recommends python3-pandas python3-openpyxl python3-phonenumbers`)
 * and `bun run build.ts` first.
 *
 *   bun run bench/peer.ts 100000 --shape aviation-dense --runs 3
 *   bun run bench/peer.ts 10000 --shape generic-csv --binary /tmp/hotpass-main --python /usr/bin/python3
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { measure, median, spread, type Measured } from "./measure.ts";
import { failure, refineWithBinary } from "./refine-run.ts";
import { isShape, SHAPES, shapeData, type ShapeData } from "./shapes.ts";

const argv = process.argv.slice(2);
const option = (flag: string): string | undefined => {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv.splice(at, 2)[1] : undefined;
};
const root = resolve(import.meta.dir, "..");
const shape = option("--shape") ?? "aviation";
const runs = Number(option("--runs") ?? 3);
const binary = resolve(option("--binary") ?? join(root, "dist", "hotpass"));
const python = option("--python") ?? "/usr/bin/python3";
const limitOption = option("--limit-mib");
const limitMiB = limitOption ? Number(limitOption) : undefined;
const orgs = Number(argv[0] ?? 100_000);
if (!isShape(shape) || argv.length > 1 || !Number.isInteger(orgs) || !(runs >= 1)) {
  console.error(`usage: bun run bench/peer.ts [N] [--shape ${SHAPES.join("|")}] [--runs N] [--binary PATH] [--python PATH] [--limit-mib MiB]`);
  process.exit(2);
}
if (!existsSync(binary)) {
  console.error(`${binary} does not exist (run \`bun run build.ts\` first)`);
  process.exit(2);
}

async function peerOnce(data: ShapeData): Promise<Measured & { organisations?: number; steps?: Record<string, number> }> {
  const out = mkdtempSync(join(tmpdir(), "hotpass-peer-"));
  try {
    const script = join(import.meta.dir, "peer_pandas.py");
    const m = await measure([python, script, "--profile", data.profile, "--input-dir", data.dir, "--output-path", join(out, "peer.xlsx")], { captureStdout: true, limitMiB });
    if (m.exitCode !== 0) return m;
    const summary = JSON.parse(m.stdout.trim().split("\n").at(-1)!) as { organisations: number; seconds: Record<string, number> };
    return { ...m, organisations: summary.organisations, steps: summary.seconds };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const line = (m: Measured) => `wall ${m.wall.toFixed(2)} s, CPU ${m.cpu.toFixed(2)} s, peak RSS ${m.peakMiB.toFixed(0)} MiB, load average ${m.load}`;

const data = await shapeData(shape, orgs);
console.log(`${shape}, ${orgs} organisations, ${data.sourceRows} source rows (${data.dir}); refine = ${binary}, peer = ${python} bench/peer_pandas.py`);
const pairs: { refine: Measured; peer: Measured }[] = [];
let failed = false;
for (let i = 0; i < runs; i++) {
  const refine = await refineWithBinary(binary, data, { limitMiB });
  if (refine.report) console.log(`refine: ${refine.report.total_records} records, ${line(refine)}`);
  else console.error(`refine: ${failure(refine, limitMiB)}`);
  const peer = await peerOnce(data);
  if (peer.exitCode === 0) console.log(`peer:   ${peer.organisations} organisations, ${line(peer)}; ${Object.entries(peer.steps ?? {}).map(([k, v]) => `${k} ${v} s`).join(", ")}`);
  else console.error(`peer: ${failure(peer, limitMiB)}`);
  if (!refine.report || peer.exitCode !== 0) {
    failed = true;
    continue;
  }
  pairs.push({ refine, peer });
  console.log(`pair ${i + 1}: refine is ${(peer.wall / refine.wall).toFixed(2)}x faster (wall), ${(peer.cpu / refine.cpu).toFixed(2)}x less CPU, at ${(refine.peakMiB / peer.peakMiB).toFixed(2)} of the peer's peak RSS`);
}
if (pairs.length > 0) {
  const of = (pick: (p: (typeof pairs)[number]) => number, digits = 2) => spread(pairs.map(pick), digits);
  console.log(
    `\n${shape} at ${orgs} organisations, ${pairs.length} pair(s):\n` +
      `  refine wall ${of((p) => p.refine.wall)} s, CPU ${of((p) => p.refine.cpu)} s, peak RSS ${of((p) => p.refine.peakMiB, 0)} MiB\n` +
      `  peer   wall ${of((p) => p.peer.wall)} s, CPU ${of((p) => p.peer.cpu)} s, peak RSS ${of((p) => p.peer.peakMiB, 0)} MiB\n` +
      `  speed-up (peer wall / refine wall) ${of((p) => p.peer.wall / p.refine.wall)}x; CPU ratio ${of((p) => p.peer.cpu / p.refine.cpu)}x; ` +
      `memory (refine peak / peer peak) ${of((p) => p.refine.peakMiB / p.peer.peakMiB)} (targets: >= 12x, <= 0.5)\n` +
      `  speed-up of the medians ${(median(pairs.map((p) => p.peer.wall)) / median(pairs.map((p) => p.refine.wall))).toFixed(2)}x`,
  );
}
if (failed) process.exit(1);
