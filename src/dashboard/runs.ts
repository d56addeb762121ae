/**
 * The Runs page's data: one row per run found in the dist folders, newest first, each with the
 * numbers a person compares across runs, and links to the files it wrote. A report that cannot
 * be read is a row marked broken, with the reason.
 */
import { basename, dirname, join } from "node:path";
import { findReports, readEnrichReport, readQualityReport, type FoundReport, type QualityReport } from "./data.ts";
import type { Folders } from "./paths.ts";
import type { FileLink, RunRow } from "./wire.ts";

export type { FileLink, RunRow, RunStatus } from "./wire.ts";

export function fileLink(folders: Folders, path: string): FileLink {
  const at = folders.locate(path);
  return { name: basename(path), ...(at ? { href: `/files/${at.index}/${at.rel.split("/").map(encodeURIComponent).join("/")}` } : {}) };
}

function keyOf(folders: Folders, found: FoundReport): string {
  const at = folders.locate(found.path);
  return at ? `${at.index}/${at.rel}` : `${found.dist}/${basename(found.path)}`;
}

function refineRow(folders: Folders, found: FoundReport, report: QualityReport): RunRow {
  const results = Array.isArray(report.expectation_results) ? report.expectation_results : [];
  const failed = results.filter((r) => !r.success).length;
  const files = Array.isArray((report as { files?: unknown }).files)
    ? ((report as { files?: string[] }).files ?? [])
    : [report.output_path, ...(report.contract_notices ?? []).map((n) => n.path)];
  return {
    key: keyOf(folders, found),
    command: "refine",
    time: String((report as { started_at?: string }).started_at ?? report.generated_at ?? new Date(found.modifiedMs).toISOString()),
    runId: String(report.run_id),
    profile: String(report.profile ?? ""),
    status: report.expectations_passed === false ? "failed" : "passed",
    records: report.total_records,
    qualityMean: report.data_quality_distribution?.mean,
    invalid: report.invalid_records,
    expectations: { passed: results.length - failed, failed },
    durationSeconds: report.performance_metrics?.total_seconds,
    files: files.filter((f): f is string => typeof f === "string").map((f) => fileLink(folders, f)),
    report: fileLink(folders, found.path),
  };
}

function enrichRow(folders: Folders, found: FoundReport, report: Record<string, unknown>): RunRow {
  const num = (key: string) => (typeof report[key] === "number" ? (report[key] as number) : undefined);
  const output = typeof report.output === "string" ? report.output : typeof report.output_path === "string" ? report.output_path : undefined;
  const files = Array.isArray(report.files) ? (report.files as unknown[]).filter((f): f is string => typeof f === "string") : output ? [output] : [];
  return {
    key: keyOf(folders, found),
    command: "enrich",
    time: String(report.started_at ?? report.generated_at ?? new Date(found.modifiedMs).toISOString()),
    runId: String(report.run_id),
    profile: String(report.profile ?? ""),
    status: "passed",
    records: num("total_records") ?? num("records"),
    durationSeconds: num("duration_seconds") ?? num("duration"),
    files: files.map((f) => fileLink(folders, f)),
    report: fileLink(folders, found.path),
  };
}

function brokenRow(folders: Folders, found: FoundReport, error: string): RunRow {
  return {
    key: keyOf(folders, found),
    command: found.kind,
    time: new Date(found.modifiedMs).toISOString(),
    runId: "",
    profile: "",
    status: "broken",
    files: [],
    report: fileLink(folders, found.path),
    error,
  };
}

/** Every run in the folders, newest first. */
export async function listRuns(folders: Folders): Promise<RunRow[]> {
  const found = findReports(folders.real);
  const rows = await Promise.all(
    found.map(async (f): Promise<RunRow> => {
      if (f.kind === "refine") {
        const read = await readQualityReport(f.path);
        return read.ok ? refineRow(folders, f, read.report) : brokenRow(folders, f, read.error);
      }
      const read = await readEnrichReport(f.path);
      return read.ok ? enrichRow(folders, f, read.report) : brokenRow(folders, f, read.error);
    }),
  );
  return rows.sort((a, b) => b.time.localeCompare(a.time) || a.key.localeCompare(b.key));
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
