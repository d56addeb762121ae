#!/usr/bin/env bun
/**
 * The seeded mutational fuzzer over the readers: `bun run fuzz [--cases N] [--seed S] [--only I]
 * [--binary K]`. It runs the cases in a child process (worker.ts) under a memory ceiling, and
 * takes a child that stops reporting for `stall` ms as hung: the case it was on is a finding, and
 * a fresh child goes on from the next one. With `--binary K`, K of the cases also go through
 * `dist/hotpass refine`, which must exit 0 or 2 with at most one error line and no stack trace.
 * Exits 1 when anything was found; each finding says how to replay it.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, tempDir } from "../support/binary.ts";
import { hotpassBounded, peakRssKiB } from "../support/bounded.ts";
import { fuzzCase } from "./cases.ts";

const CASES_PER_CHILD = 250;

export interface FuzzOptions {
  cases: number;
  seed: number;
  /** Run only this case (replaying a finding). */
  only?: number;
  ceilingMiB?: number;
  /** A child silent for this long is hung. */
  stallMs?: number;
  /** A case slower than this is a finding even if it ends. */
  slowMs?: number;
}

export interface Finding {
  case: number;
  what: string;
  how?: string;
  replay: string;
}

export interface FuzzReport {
  cases: number;
  read: number;
  refused: number;
  findings: Finding[];
  ms: number;
  peakMiB: number;
}

interface Line {
  case: number;
  ms: number;
  outcome: string;
  finding?: string;
  how?: string;
}

/** Runs cases [from, to) in one child; resolves with the lines it printed and why it stopped. */
async function child(seed: number, from: number, to: number, options: FuzzOptions, onLine: (line: Line) => void): Promise<{ stopped?: "memory" | "stall" | "exit"; peakMiB: number; last: number }> {
  const ceiling = (options.ceilingMiB ?? 400) * 1024;
  const proc = Bun.spawn(["bun", join(import.meta.dir, "worker.ts"), "--seed", String(seed), "--from", String(from), "--to", String(to), "--slow-ms", String(options.slowMs ?? 5000)], {
    cwd: ROOT,
    stdout: "pipe",
    stderr: "pipe",
  });
  let last = from - 1;
  let heard = performance.now();
  let peak = 0;
  let stopped: "memory" | "stall" | "exit" | undefined;
  const watch = setInterval(() => {
    peak = Math.max(peak, peakRssKiB(proc.pid) ?? 0);
    if (stopped) return;
    if (peak > ceiling) stopped = "memory";
    else if (performance.now() - heard > (options.stallMs ?? 15_000)) stopped = "stall";
    if (stopped) proc.kill("SIGKILL");
  }, 10);
  const errors = new Response(proc.stderr).text(); // drained, so the child never blocks on it
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of proc.stdout) {
    pending += decoder.decode(chunk, { stream: true });
    let cut = pending.indexOf("\n");
    while (cut >= 0) {
      const line = JSON.parse(pending.slice(0, cut)) as Line;
      pending = pending.slice(cut + 1);
      last = line.case;
      heard = performance.now();
      onLine(line);
      cut = pending.indexOf("\n");
    }
  }
  const code = await proc.exited;
  await errors;
  clearInterval(watch);
  if (!stopped && code !== 0) stopped = "exit";
  return { ...(stopped ? { stopped } : {}), peakMiB: Math.round(peak / 1024), last };
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const first = options.only ?? 0;
  const end = options.only === undefined ? options.cases : options.only + 1;
  const report: FuzzReport = { cases: 0, read: 0, refused: 0, findings: [], ms: 0, peakMiB: 0 };
  const replay = (index: number) => `bun run fuzz --seed ${options.seed} --only ${index}`;
  let from = first;
  while (from < end) {
    // A fresh child every few hundred cases: the ceiling then measures a case, not the garbage
    // the collector has not yet returned from earlier ones.
    const to = Math.min(end, from + CASES_PER_CHILD);
    const run = await child(options.seed, from, to, options, (line) => {
      report.cases++;
      if (line.outcome === "read") report.read++;
      else report.refused++;
      if (line.finding) report.findings.push({ case: line.case, what: line.finding, how: line.how, replay: replay(line.case) });
    });
    report.peakMiB = Math.max(report.peakMiB, run.peakMiB);
    if (!run.stopped) {
      from = to;
      continue;
    }
    // The case after the last one reported is the one that hung, blew the ceiling or killed it.
    const culprit = run.last + 1;
    const made = await fuzzCase(options.seed, culprit);
    const what = run.stopped === "memory" ? `memory past ${options.ceilingMiB ?? 400} MiB` : run.stopped === "stall" ? "hung (no answer)" : "the reader process died";
    report.findings.push({ case: culprit, what, how: made.how, replay: replay(culprit) });
    report.cases++;
    from = culprit + 1;
  }
  report.ms = Math.round(performance.now() - started);
  return report;
}

/** Case `index` through the binary: exit 0 or 2, at most one error line, no stack trace. */
export async function throughBinary(seed: number, index: number): Promise<string | undefined> {
  const made = await fuzzCase(seed, index);
  const work = tempDir("hotpass-fuzz-bin-");
  try {
    mkdirSync(join(work.path, "in"));
    writeFileSync(join(work.path, "in", `case${made.suffix}`), made.bytes);
    const home = join(work.path, "home");
    const result = await hotpassBounded(["refine", "--input-dir", "in", "--output-path", "out/refined.csv", "--profile", "generic"], {
      cwd: work.path,
      ceilingMiB: 400,
      timeoutMs: 30_000,
      env: { HOME: home, XDG_STATE_HOME: home, HOTPASS_CONFIG_DIR: home, HOTPASS_DISABLE_LINEAGE: "1" },
    });
    const errors = result.stderr.split("\n").filter((line) => line.startsWith("hotpass: error:"));
    if (result.killed) return `${result.killed} through the binary`;
    if (result.code !== 0 && result.code !== 2) return `exit ${result.code}: ${result.stderr.slice(0, 400)}`;
    if (errors.length !== (result.code === 0 ? 0 : 1)) return `${errors.length} error lines: ${result.stderr.slice(0, 400)}`;
    if (/^\s+at /m.test(result.stderr)) return `a stack trace: ${result.stderr.slice(0, 400)}`;
    return undefined;
  } finally {
    rmSync(work.path, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? Number(argv[at + 1]) : undefined;
  };
  const options: FuzzOptions = { cases: value("--cases") ?? 1000, seed: value("--seed") ?? 1, ...(value("--only") !== undefined ? { only: value("--only") } : {}) };
  const report = await fuzz(options);
  const sample = value("--binary") ?? 0;
  for (let k = 0; k < sample; k++) {
    const index = options.only ?? Math.floor((k * options.cases) / sample);
    const problem = await throughBinary(options.seed, index);
    if (problem) report.findings.push({ case: index, what: problem, replay: `bun run fuzz --seed ${options.seed} --only ${index} --binary 1` });
  }
  console.log(`fuzz: seed ${options.seed}: ${report.cases} cases (${report.read} read, ${report.refused} refused) in ${(report.ms / 1000).toFixed(1)} s, peak ${report.peakMiB} MiB; ${sample} through the binary; ${report.findings.length} finding(s)`);
  for (const finding of report.findings) console.log(`- case ${finding.case}: ${finding.what}\n  made by: ${finding.how ?? "?"}\n  replay: ${finding.replay}`);
  process.exit(report.findings.length ? 1 : 0);
}
