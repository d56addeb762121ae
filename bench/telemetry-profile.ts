#!/usr/bin/env bun
/**
 * Where telemetry's cost would show if it had one: a CPU profile (Bun's --cpu-prof, 1 ms samples)
 * of `hotpass refine` run from source with `--telemetry-exporter otlp` to a local receiver that
 * decodes every body, and the share of the samples that fall in telemetry code (the OpenTelemetry
 * packages, their protobuf writer, and src/telemetry/). Unlike whole-run timings this does not
 * depend on how busy the machine is. Generate the data first with bench/refine.ts or
 * bench/telemetry.ts.
 *
 *   bun run bench/telemetry-profile.ts [--orgs 100000]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startOtlpReceiver } from "../tests/support/otlp-receiver.ts";

const ROOT = resolve(import.meta.dir, "..");
const index = process.argv.indexOf("--orgs");
const orgs = index >= 0 ? Number(process.argv[index + 1]) : 100_000;
const data = [join(ROOT, "bench", ".data", String(orgs)), join(ROOT, "bench", ".data", `aviation-${orgs}`)].find((dir) => {
  try {
    return readdirSync(dir).some((name) => name.endsWith(".xlsx"));
  } catch {
    return false;
  }
});
if (!data) throw new Error(`no generated data for ${orgs} organisations: run 'bun run bench/refine.ts ${orgs}' first`);

interface ProfileNode {
  id: number;
  callFrame: { url: string };
}

const TELEMETRY_CODE = /@opentelemetry|\/src\/telemetry\/(?!lineage)|protobufjs/;

const receiver = await startOtlpReceiver();
const scratch = mkdtempSync(join(tmpdir(), "hotpass-telemetry-profile-"));
try {
  const proc = Bun.spawn(
    ["bun", "--cpu-prof", `--cpu-prof-dir=${join(scratch, "profile")}`, join(ROOT, "src", "cli.ts"), "refine", "--profile", "aviation", "--input-dir", data, "--output-path", join(scratch, "refined.csv"), "--telemetry-exporter", "otlp", "--telemetry-otlp-endpoint", receiver.url],
    { env: { ...process.env, HOME: scratch, HOTPASS_DISABLE_LINEAGE: "1", NO_COLOR: "1" }, stdout: "ignore", stderr: "pipe" },
  );
  const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`refine exited ${code}: ${stderr.trim().split("\n").at(-1)}`);
  const file = readdirSync(join(scratch, "profile")).find((name) => name.endsWith(".cpuprofile"))!;
  const profile = JSON.parse(readFileSync(join(scratch, "profile", file), "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const urls = new Map(profile.nodes.map((node) => [node.id, node.callFrame.url]));
  let total = 0;
  let telemetry = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    total += micros;
    if (TELEMETRY_CODE.test(urls.get(id) ?? "")) telemetry += micros;
  });
  console.log(
    `refine of ${orgs} organisations with OTLP export (main thread profile, ${receiver.spans.length} spans received): ` +
      `${(telemetry / 1000).toFixed(1)} ms of ${(total / 1e6).toFixed(2)} s in telemetry code = ${((telemetry / total) * 100).toFixed(2)} %`,
  );
} finally {
  await receiver.stop();
  rmSync(scratch, { recursive: true, force: true });
}
