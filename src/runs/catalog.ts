/**
 * Every run found in the dist folders a user names: refine's quality reports, enrich's run
 * reports, `hotpass qa` checks (the same quality report, `command: "qa"`, about a table qa did not
 * write), and the runs of the local lineage event log that wrote into those folders (a failed
 * run leaves no report, but its FAIL event names the output it meant to write). Newest first.
 * The dashboard's Runs page and the MCP server's `hotpass_list_runs` both read this.
 *
 * @example
 * const runs = await listRuns(["dist"]);
 * for (const run of runs) console.log(run.startedAt, run.command, run.runId, run.status);
 */
import { readdirSync, statSync, openSync, readSync, closeSync } from "node:fs";
import { basename, join, resolve, sep } from "node:path";
import { statePaths, type Env } from "../telemetry/lineage/config.ts";
import { readLog } from "../telemetry/lineage/spool.ts";
import type { RunEvent } from "../telemetry/lineage/types.ts";
import { MAX_REPORT_BYTES, readEnrichReport, readQualityReport } from "./reports.ts";

/**
 * passed: every expectation passed (enrich: the run completed); warning: the run completed with
 * failed expectations; failed: the run failed (strict mode, or a FAIL in the lineage log);
 * broken: a report that cannot be read.
 */
export type RunStatus = "passed" | "warning" | "failed" | "broken";

/** What made the run: a refine, an enrich, or a `hotpass qa` check of a table. */
export type RunCommand = "refine" | "enrich" | "qa";

export interface RunSummary {
  runId: string;
  command: RunCommand;
  profile?: string;
  status: RunStatus;
  startedAt?: string;
  finishedAt?: string;
  durationSeconds?: number;
  records?: number;
  qualityMean?: number;
  invalidRecords?: number;
  expectationsPassed?: number;
  expectationsFailed?: number;
  inputPath?: string;
  outputPath?: string;
  /** The report this entry was read from (absent for a run known only from the lineage log). */
  reportPath?: string;
  files: string[];
  traceId?: string;
  /** The dist folder (as given) the run was found in. */
  distDir: string;
  /** Why a broken report could not be read, or the error of a failed run. */
  problem?: string;
}

export interface ListRunsOptions {
  env?: Env;
  /** How deep below each dist folder reports are looked for (default 4). */
  depth?: number;
}

const SKIP = new Set(["contract-notices", "node_modules"]);
const SNIFF_BYTES = 1024;

export async function listRuns(distDirs: readonly string[], options: ListRunsOptions = {}): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  const seen = new Set<string>();
  for (const distDir of distDirs) {
    for (const path of reportFiles(resolve(distDir), options.depth ?? 4)) {
      const run = await summarise(path, distDir);
      if (!run) continue;
      seen.add(run.runId);
      runs.push(run);
    }
  }
  for (const run of failedFromLog(distDirs, options.env ?? process.env)) {
    if (!seen.has(run.runId)) runs.push(run);
  }
  return runs.sort((a, b) => (b.startedAt ?? b.finishedAt ?? "").localeCompare(a.startedAt ?? a.finishedAt ?? ""));
}

/** The `.json` files under `root` that begin like a run report (run_id, generated_at near the top). */
function reportFiles(root: string, depth: number): string[] {
  const found: string[] = [];
  const walk = (dir: string, left: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (left > 0 && !SKIP.has(entry.name)) walk(path, left - 1);
      } else if (entry.isFile() && entry.name.endsWith(".json") && looksLikeReport(path)) {
        found.push(path);
      }
    }
  };
  walk(root, depth);
  return found;
}

function looksLikeReport(path: string): boolean {
  let fd: number | undefined;
  try {
    if (statSync(path).size > MAX_REPORT_BYTES) return false;
    fd = openSync(path, "r");
    const head = Buffer.alloc(SNIFF_BYTES);
    const read = readSync(fd, head, 0, SNIFF_BYTES, 0);
    const text = head.subarray(0, read).toString("utf8");
    return /^\s*\{/.test(text) && text.includes('"run_id"') && text.includes('"generated_at"');
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** An unreadable report's command, from the name its command gives it (qa: `<table>-qa-quality-report.json`). */
function commandByName(path: string): RunCommand {
  const name = basename(path);
  return name.endsWith("-enrich-report.json") ? "enrich" : name.endsWith("-qa-quality-report.json") ? "qa" : "refine";
}

async function summarise(path: string, distDir: string): Promise<RunSummary | undefined> {
  const enrich = commandByName(path) === "enrich";
  try {
    if (enrich) {
      const report = await readEnrichReport(path);
      return {
        runId: report.run_id,
        command: "enrich",
        profile: report.profile,
        status: "passed",
        startedAt: report.started_at,
        finishedAt: report.generated_at,
        durationSeconds: report.duration_seconds,
        records: report.total_records,
        inputPath: report.input_path,
        outputPath: report.output_path,
        reportPath: path,
        files: report.files,
        distDir,
      };
    }
    const report = await readQualityReport(path);
    const results = report.expectation_results;
    const failed = results.filter((r) => !r.success).length;
    const strictFailure = report.qa_mode === "strict" && !report.expectations_passed;
    return {
      runId: report.run_id,
      command: report.command === "qa" ? "qa" : "refine",
      profile: report.profile,
      status: report.expectations_passed ? "passed" : strictFailure ? "failed" : "warning",
      startedAt: report.started_at,
      finishedAt: report.generated_at,
      durationSeconds: report.performance_metrics.total_seconds,
      records: report.total_records,
      qualityMean: report.data_quality_distribution.mean,
      invalidRecords: report.invalid_records,
      expectationsPassed: results.length - failed,
      expectationsFailed: failed,
      inputPath: report.input_dir,
      outputPath: report.output_path,
      reportPath: path,
      files: report.files ?? [report.output_path, path],
      ...(report.trace_id ? { traceId: report.trace_id } : {}),
      distDir,
      // A qa check writes the same report about a table it did not write.
      ...(strictFailure ? { problem: report.command === "qa" ? "expectations failed in --qa-mode strict (hotpass qa exits 2)" : "expectations failed in --qa-mode strict; the output was not written" } : {}),
    };
  } catch (error) {
    return {
      runId: basename(path, ".json"),
      command: commandByName(path),
      status: "broken",
      finishedAt: statSync(path).mtime.toISOString(),
      reportPath: path,
      files: [path],
      distDir,
      problem: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Runs the lineage log saw fail while writing into one of `distDirs` (they left no report). */
function failedFromLog(distDirs: readonly string[], env: Env): RunSummary[] {
  const roots = distDirs.map((dir) => [dir, resolve(dir)] as const);
  let events: RunEvent[];
  try {
    events = readLog(statePaths(env).log);
  } catch {
    return [];
  }
  const starts = new Map<string, RunEvent>();
  const out: RunSummary[] = [];
  for (const event of events) {
    if (event.eventType === "START") starts.set(event.run.runId, event);
    if (event.eventType !== "FAIL") continue;
    const facet = (event.run.facets?.hotpass ?? {}) as { command?: string; runId?: string; profile?: string; outputPath?: string };
    const output = facet.outputPath;
    const root = output === undefined ? undefined : roots.find(([, abs]) => output === abs || output.startsWith(abs + sep));
    if (!root || (facet.command !== "refine" && facet.command !== "enrich")) continue;
    const started = starts.get(event.run.runId)?.eventTime;
    const message = (event.run.facets?.errorMessage as { message?: string } | undefined)?.message;
    out.push({
      runId: facet.runId ?? event.run.runId,
      command: facet.command,
      ...(facet.profile ? { profile: facet.profile } : {}),
      status: "failed",
      ...(started ? { startedAt: started } : {}),
      finishedAt: event.eventTime,
      ...(started ? { durationSeconds: (Date.parse(event.eventTime) - Date.parse(started)) / 1000 } : {}),
      outputPath: output,
      files: [],
      distDir: root[0],
      ...(message ? { problem: message } : {}),
    });
  }
  return out;
}
