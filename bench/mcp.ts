#!/usr/bin/env bun
/**
 * The MCP server's speed, through the compiled binary and the SDK's own client:
 *
 * - start-up: spawn `hotpass mcp` to the `initialize` answer on stdout (median of --runs);
 * - read tools on an N-organisation refined output: the first hotpass_explain_provenance (it reads
 *   the table into the server's cache), then the median and p90 of --calls calls each of
 *   hotpass_quality_report and hotpass_explain_provenance (random organisations) once it is loaded.
 *
 * The output is refined once by the CLI and kept in bench/.data/mcp-<N>-<format>/. The machine's
 * load average is printed beside the figures. Run `bun run build.ts` first.
 *
 *   bun run bench/mcp.ts                       # 100,000 organisations, CSV output
 *   bun run bench/mcp.ts 100000 --format json --runs 30 --calls 50   (csv or json: the bench reads slugs back)
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { generateAviationWorkbooks } from "./generate.ts";

const root = resolve(import.meta.dir, "..");
const binary = join(root, "dist", "hotpass");
const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = argv.indexOf(name);
  return index >= 0 ? argv.splice(index, 2)[1]! : fallback;
};
const format = option("--format", "csv");
const runs = Number(option("--runs", "20"));
const calls = Number(option("--calls", "30"));
const orgs = Number(argv[0] ?? 100_000);
if (format !== "csv" && format !== "json") throw new Error(`--format ${format}: use csv or json (the bench reads the slugs back from the table)`);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.9))]!;
const load = () => loadavg().map((n) => n.toFixed(2)).join(" ");

/** Refined output (and its report) for `orgs` organisations, made once by the CLI. */
async function refinedOutput(): Promise<{ dir: string; output: string; report: string }> {
  const dir = join(root, "bench", ".data", `mcp-${orgs}-${format}`);
  const output = join(dir, `refined.${format}`);
  const report = join(dir, "refined-quality-report.json");
  if (existsSync(report)) return { dir, output, report };
  const data = join(root, "bench", ".data", String(orgs));
  if (!existsSync(join(data, ".generated.json"))) {
    const generated = await generateAviationWorkbooks({ orgs, out: data, seed: 7 });
    writeFileSync(join(data, ".generated.json"), JSON.stringify({ sourceRows: generated.sourceRows }));
  }
  mkdirSync(dir, { recursive: true });
  console.log(`refining ${orgs} organisations into ${output} (once) ...`);
  const refine = Bun.spawnSync([binary, "refine", "--profile", "aviation", "--input-dir", data, "--output-path", output], { stdout: "ignore", stderr: "pipe", env: { ...process.env, HOME: dir } });
  if (refine.exitCode !== 0) throw new Error(`refine failed: ${refine.stderr.toString()}`);
  return { dir, output, report };
}

/** Milliseconds from spawning the server to its answer to `initialize`, and the CPU time it used in all. */
async function startupOnce(dir: string): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const proc = Bun.spawn([binary, "mcp", "--root", dir], { cwd: dir, stdin: "pipe", stdout: "pipe", stderr: "ignore", env: { ...process.env, HOME: dir } });
  proc.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } } })}\n`);
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the server closed stdout before answering initialize");
    text += new TextDecoder().decode(value);
  }
  const wall = performance.now() - started;
  proc.stdin.end();
  await proc.exited;
  const usage = proc.resourceUsage();
  return { wall, cpu: usage ? Number(usage.cpuTime.user + usage.cpuTime.system) / 1000 : NaN };
}

/** The server's resident memory in MiB (Linux). */
function rssMiB(pid: number | null): string {
  if (pid === null) return "?";
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return line ? (Number(line[1]) / 1024).toFixed(0) : "?";
}

/** The first 2,000 organisation slugs of the output. */
function slugsOf(output: string): string[] {
  if (output.endsWith(".json")) return (JSON.parse(readFileSync(output, "utf8")) as { organization_slug: string }[]).slice(0, 2000).map((row) => row.organization_slug);
  const lines = readFileSync(output, "utf8").split("\n");
  const cells = (line: string) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, ""));
  const index = cells(lines[0]!).indexOf("organization_slug");
  return lines.slice(1, 2001).filter(Boolean).map((line) => cells(line)[index]!);
}

async function timed(client: Client, name: string, args: Record<string, unknown>): Promise<number> {
  const started = performance.now();
  const result = await client.callTool({ name, arguments: args });
  const ms = performance.now() - started;
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return ms;
}

const { dir, output, report } = await refinedOutput();
const runId = JSON.parse(readFileSync(report, "utf8")).run_id as string;
console.log(`binary ${binary}; ${orgs} organisations, ${format} output; load average ${load()}`);

for (let i = 0; i < 3; i++) await startupOnce(dir); // warm the page cache
const startups: { wall: number; cpu: number }[] = [];
for (let i = 0; i < runs; i++) startups.push(await startupOnce(dir));
const walls = startups.map((s) => s.wall);
console.log(
  `start-up to initialize answered: median ${median(walls).toFixed(1)} ms  p90 ${p90(walls).toFixed(1)} ms  ` +
    `(CPU user+sys of the whole process: median ${median(startups.map((s) => s.cpu)).toFixed(1)} ms; ${runs} runs)`,
);

const transport = new StdioClientTransport({ command: binary, args: ["mcp", "--root", dir], cwd: dir, env: { ...process.env, HOME: dir } as Record<string, string>, stderr: "ignore" });
const client = new Client({ name: "bench", version: "1" });
await client.connect(transport);
const slugs = slugsOf(output);
const pick = (i: number) => slugs[(i * 7919) % Math.max(1, slugs.length)];
if (slugs.length === 0) throw new Error(`no organisation slugs found in ${output}`);

const cold = await timed(client, "hotpass_explain_provenance", { dataset: output, organization_slug: pick(0) });
console.log(`hotpass_explain_provenance, first call (reads the table): ${cold.toFixed(0)} ms; server RSS then ${rssMiB(transport.pid)} MiB`);
const reports: number[] = [];
const explains: number[] = [];
for (let i = 1; i <= calls; i++) {
  reports.push(await timed(client, "hotpass_quality_report", { run_id: runId }));
  explains.push(await timed(client, "hotpass_explain_provenance", { dataset: output, organization_slug: pick(i) }));
}
console.log(`hotpass_quality_report (by run_id):  median ${median(reports).toFixed(1)} ms  p90 ${p90(reports).toFixed(1)} ms  (${calls} calls)`);
console.log(`hotpass_explain_provenance (loaded): median ${median(explains).toFixed(1)} ms  p90 ${p90(explains).toFixed(1)} ms  (${calls} calls)`);
console.log(`load average after: ${load()}`);
await client.close();
