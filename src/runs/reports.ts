/**
 * Reading a run's report back: the quality report refine writes and the run report enrich
 * writes. A file that is not one (half-written, hand-edited, another program's JSON) is a
 * HotpassError (exit 2) naming the file and what is wrong with it, never a crash.
 *
 * @example
 * const report = await readQualityReport("dist/refined-quality-report.json");
 * console.log(report.data_quality_distribution.mean);
 */
import { usageError } from "../errors.ts";
import type { EnrichReport } from "../enrich/report.ts";
import type { QualityReport } from "../pipeline/report.ts";

/** Reports larger than this are not reports (a guard for the servers that read dist/). */
export const MAX_REPORT_BYTES = 64 << 20;

type Check = [key: string, type: "string" | "number" | "boolean" | "object" | "array"];

const QUALITY_KEYS: Check[] = [
  ["run_id", "string"],
  ["profile", "string"],
  ["generated_at", "string"],
  ["total_records", "number"],
  ["invalid_records", "number"],
  ["expectations_passed", "boolean"],
  ["expectation_results", "array"],
  ["data_quality_distribution", "object"],
  ["performance_metrics", "object"],
];

const ENRICH_KEYS: Check[] = [
  ["run_id", "string"],
  ["command", "string"],
  ["profile", "string"],
  ["generated_at", "string"],
  ["output_path", "string"],
  ["total_records", "number"],
  ["enriched_records", "number"],
];

export async function readQualityReport(path: string): Promise<QualityReport> {
  const value = await readReport(path, QUALITY_KEYS, "quality report");
  return value as unknown as QualityReport;
}

export async function readEnrichReport(path: string): Promise<EnrichReport> {
  const value = await readReport(path, ENRICH_KEYS, "enrich run report");
  if (value.command !== "enrich") throw usageError(`${path} is not an enrich run report (command '${String(value.command)}')`);
  return value as unknown as EnrichReport;
}

async function readReport(path: string, keys: Check[], what: string): Promise<Record<string, unknown>> {
  const file = Bun.file(path);
  let text: string;
  try {
    if (file.size > MAX_REPORT_BYTES) throw usageError(`${path} is not a ${what}: ${file.size} bytes is too large for one`);
    text = await file.text();
  } catch (error) {
    if ((error as { exitCode?: number }).exitCode === 2) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`cannot read the ${what} ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw usageError(`${path} is not a ${what}: it is not complete JSON (half-written or edited?)`, "run the command again to rewrite it");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw usageError(`${path} is not a ${what}: expected a JSON object`);
  const record = value as Record<string, unknown>;
  for (const [key, type] of keys) {
    const found = record[key];
    const ok = type === "array" ? Array.isArray(found) : type === "object" ? found !== null && typeof found === "object" && !Array.isArray(found) : typeof found === type;
    if (!ok) throw usageError(`${path} is not a ${what}: '${key}' is ${found === undefined ? "missing" : `not a ${type}`}`);
  }
  return record;
}
