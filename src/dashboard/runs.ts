/**
 * The Runs page's data: one row per run found in the dist folders, newest first, each with the
 * numbers a person compares across runs, and links to the files it wrote. A report that cannot
 * be read is a row marked broken, with the reason.
 */
import { basename, dirname, join } from "node:path";
import { listRuns as coreListRuns, type CoreRunSummary, type Env } from "./data.ts";
import type { Folders } from "./paths.ts";
import type { FileLink, RunRow } from "./wire.ts";

export type { FileLink, RunRow, RunStatus } from "./wire.ts";

export function fileLink(folders: Folders, path: string): FileLink {
  const at = folders.locate(path);
  return { name: basename(path), ...(at ? { href: `/files/${at.index}/${at.rel.split("/").map(encodeURIComponent).join("/")}` } : {}) };
}

/** `<folder index>/<report path inside it>`, or `log/<run id>` for a run known only from the lineage log. */
function keyOf(folders: Folders, run: CoreRunSummary): string {
  const at = run.reportPath ? folders.locate(run.reportPath) : undefined;
  return at ? `${at.index}/${at.rel}` : `log/${run.runId}`;
}

function row(folders: Folders, run: CoreRunSummary): RunRow {
  return {
    key: keyOf(folders, run),
    command: run.command,
    time: run.startedAt ?? run.finishedAt ?? "",
    runId: run.runId,
    profile: run.profile ?? "",
    status: run.status,
    ...(run.records !== undefined ? { records: run.records } : {}),
    ...(run.qualityMean !== undefined ? { qualityMean: run.qualityMean } : {}),
    ...(run.invalidRecords !== undefined ? { invalid: run.invalidRecords } : {}),
    ...(run.expectationsPassed !== undefined ? { expectations: { passed: run.expectationsPassed, failed: run.expectationsFailed ?? 0 } } : {}),
    ...(run.durationSeconds !== undefined ? { durationSeconds: run.durationSeconds } : {}),
    files: run.files.filter((f) => f !== run.reportPath).map((f) => fileLink(folders, f)),
    report: run.reportPath ? fileLink(folders, run.reportPath) : { name: "(no report: the run failed)" },
    ...(run.problem ? { error: run.problem } : {}),
  };
}

/** Every run in the folders, newest first (the core's catalogue, shaped for the page). */
export async function listRuns(folders: Folders, env: Env): Promise<RunRow[]> {
  return (await coreListRuns(folders.real, env)).map((run) => row(folders, run));
}

/** The report file a run key names, or undefined when the key is not a report in the folders. */
export function reportPathOf(folders: Folders, key: string): string | undefined {
  const slash = key.indexOf("/");
  const index = Number(key.slice(0, slash));
  const rel = key.slice(slash + 1);
  if (slash < 1 || !Number.isInteger(index) || !/-(quality|enrich)-report\.json$/.test(rel)) return undefined;
  return folders.resolve(index, rel);
}

/** Where a refine's output table is: the report says; an older report implies it from its name. */
export function outputOf(reportPath: string, report: { output_path?: unknown; output?: unknown }): string {
  if (typeof report.output_path === "string") return report.output_path;
  if (typeof report.output === "string") return report.output;
  return join(dirname(reportPath), basename(reportPath).replace(/-(quality|enrich)-report\.json$/, ".xlsx"));
}
