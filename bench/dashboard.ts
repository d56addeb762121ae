#!/usr/bin/env bun
/**
 * The dashboard's benchmark, against the compiled binary (run `bun run build.ts` first):
 *
 *   bun run bench/dashboard.ts [--orgs 100000] [--format xlsx|csv] [--runs 20]
 *
 * 1. start-up: spawn `hotpass dashboard --port 0` to the first 200 on `/` (median of --runs);
 * 2. Runs with 200 runs in dist: `/api/runs` answer time, and the page in headless Chromium
 *    until its table shows 200 rows;
 * 3. Table on a refined output of --orgs organisations (refined once, cached in bench/.data):
 *    the first request (reads and keeps the table), then a page, a filter, a search and sorts,
 *    each the median of 5; and the server's peak RSS (VmHWM) against the output file's size.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { generateAviationWorkbooks } from "./generate.ts";

const root = resolve(import.meta.dir, "..");
const binary = join(root, "dist", "hotpass");
const argv = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1]! : fallback;
};
const orgs = Number(flag("orgs", "100000"));
const format = flag("format", "xlsx");
const runs = Number(flag("runs", "20"));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function serve(dist: string): Promise<{ url: string; pid: number; spawnedAt: number; stop: () => Promise<void> }> {
  const spawnedAt = performance.now();
  const proc = Bun.spawn([binary, "dashboard", "--dist-dir", dist, "--port", "0"], { stdout: "pipe", stderr: "ignore", env: { ...process.env, NO_COLOR: "1" } });
  const reader = proc.stdout.getReader();
  let out = "";
  while (!out.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the dashboard did not start");
    out += new TextDecoder().decode(value);
  }
  return { url: out.split("\n")[0]!.trim(), pid: proc.pid, spawnedAt, stop: async () => void (proc.kill("SIGINT"), await proc.exited) };
}

async function timed(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return performance.now() - started;
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function refined(orgsWanted: number, suffix: string): Promise<string> {
  const dir = join(root, "bench", ".data", `dashboard-${orgsWanted}`);
  const dist = join(dir, `dist-${suffix}`);
  const output = join(dist, `refined.${suffix}`);
  if (existsSync(join(dist, "refined-quality-report.json")) && existsSync(output)) return dist;
  const input = join(dir, "input");
  if (!existsSync(join(input, ".generated"))) {
    await generateAviationWorkbooks({ orgs: orgsWanted, out: input, seed: 7 });
    writeFileSync(join(input, ".generated"), "");
  }
  rmSync(dist, { recursive: true, force: true });
  const result = Bun.spawnSync([binary, "refine", "--input-dir", input, "--output-path", output, "--profile", "aviation"], { stdout: "ignore", stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`refine failed: ${result.stderr.toString()}`);
  return dist;
}

const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
console.log(`dashboard benchmark: ${binary}; load average ${load}`);

// 1. Start-up.
const small = await refined(200, "csv");
const startups: number[] = [];
for (let i = 0; i < runs; i++) {
  const server = await serve(small);
  for (;;) {
    const response = await fetch(server.url).catch(() => undefined);
    if (response?.status === 200) break;
  }
  startups.push(performance.now() - server.spawnedAt);
  await server.stop();
}
console.log(`start-up (spawn to first 200 on /): median ${median(startups).toFixed(1)} ms, min ${Math.min(...startups).toFixed(1)} ms over ${runs}`);

// 2. Runs page with 200 runs: copies of one report under new run ids and times.
const many = join(root, "bench", ".data", "dashboard-200-runs");
rmSync(many, { recursive: true, force: true });
mkdirSync(many, { recursive: true });
const report = JSON.parse(readFileSync(join(small, "refined-quality-report.json"), "utf8"));
for (let i = 0; i < 200; i++) {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString();
  writeFileSync(join(many, `run-${String(i).padStart(3, "0")}-quality-report.json`), JSON.stringify({ ...report, run_id: crypto.randomUUID(), generated_at: at, total_records: 150 + i }));
}
copyFileSync(join(small, "refined.csv"), join(many, "refined.csv"));
{
  const server = await serve(many);
  const api = [];
  for (let i = 0; i < 5; i++) api.push(await timed(`${server.url}api/runs`));
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  const page = await browser.newPage();
  const pages = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await page.goto(`${server.url}?n=${i}`);
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll: (s: string) => { length: number } } }).document.querySelectorAll("#runs tbody tr").length === 200);
    pages.push(performance.now() - started);
  }
  await browser.close();
  console.log(`Runs with 200 runs: /api/runs median ${median(api).toFixed(1)} ms; page in Chromium until 200 rows show: median ${median(pages).toFixed(0)} ms`);
  await server.stop();
}

// 3. Table on the big output.
const big = await refined(orgs, format);
const file = join(big, `refined.${format}`);
const bytes = statSync(file).size;
{
  const server = await serve(big);
  const key = encodeURIComponent("0/refined-quality-report.json");
  const table = (query: string) => `${server.url}api/table?key=${key}&size=50&${query}`;
  const first = await timed(table("page=1"));
  const rows = [["a page (page 500)", "page=500"], ["a filter (province)", "province=Gauteng"], ["a search (text)", "q=flight%20school"], ["a score range + missing field", "min=0.5&max=0.9&missing=website"], ["a sort (score, descending)", "sort=data_quality_score&dir=desc"], ["a sort (name)", "sort=organization_name"], ["a sort (record ids: text, all distinct)", "sort=source_record_ids"], ["a sort (phone)", "sort=contact_primary_phone"], ["sorted + filtered page 3", "sort=organization_name&province=Gauteng&page=3"]] as const;
  console.log(`Table: ${orgs.toLocaleString("en")}-row refined .${format} (${(bytes / 1048576).toFixed(1)} MiB); first request (reads and keeps the table) ${(first / 1000).toFixed(2)} s`);
  for (const [label, query] of rows) {
    const cold = await timed(table(query));
    const warm = [];
    for (let i = 0; i < 5; i++) warm.push(await timed(table(query)));
    console.log(`  ${label.padEnd(40)} first ${cold.toFixed(0)} ms, then median ${median(warm).toFixed(0)} ms`);
  }
  const peak = peakRssMiB(server.pid);
  console.log(`  server peak RSS ${peak.toFixed(0)} MiB = ${(peak / (bytes / 1048576)).toFixed(1)}x the output file`);
  await server.stop();
}
