/**
 * The runs whose reports lie under the server's roots: every `*-quality-report.json` (refine) and
 * `*-enrich-report.json` (enrich), newest first. The walk is bounded (depth and folder count), so
 * a root that is a whole home folder answers in bounded time.
 *
 * Stands in until the core's run catalogue (`listRuns(distDirs)`) is part of the library API;
 * `library.ts` is the only caller.
 */
import { readdirSync, realpathSync, statSync } from "node:fs";
import { join, sep } from "node:path";

export interface RunSummary {
  run_id: string;
  kind: "refine" | "enrich";
  profile: string | null;
  /** ISO time the report was written. */
  generated_at: string | null;
  output_path: string | null;
  report_path: string;
  records: number | null;
  /** Refine only: whether every expectation passed. */
  expectations_passed: boolean | null;
  quality_score_mean: number | null;
}

const MAX_DEPTH = 4;
const MAX_FOLDERS = 2_000;
const SKIP = new Set(["node_modules", ".git"]);
const REPORT = /-(quality|enrich)-report\.json$/;

export async function findRuns(roots: readonly string[]): Promise<RunSummary[]> {
  const found: RunSummary[] = [];
  const inside = (path: string): boolean => {
    try {
      const real = realpathSync(path);
      return roots.some((root) => real === root || real.startsWith(root + sep));
    } catch {
      return false;
    }
  };
  let folders = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || ++folders > MAX_FOLDERS) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (!inside(path)) continue; // a symbolic link out of the roots
      if (REPORT.test(name)) {
        const run = await summarise(path, name.endsWith("-enrich-report.json") ? "enrich" : "refine");
        if (run) found.push(run);
        continue;
      }
      if (SKIP.has(name)) continue;
      try {
        if (statSync(path).isDirectory()) await walk(path, depth + 1);
      } catch {
        // unreadable entries are not runs
      }
    }
  };
  for (const root of roots) await walk(root, 0);
  return found.sort((a, b) => (b.generated_at ?? "").localeCompare(a.generated_at ?? ""));
}

async function summarise(path: string, kind: RunSummary["kind"]): Promise<RunSummary | undefined> {
  let report: Record<string, unknown>;
  try {
    report = (await Bun.file(path).json()) as Record<string, unknown>;
  } catch {
    return undefined; // half-written or not JSON: not a run to list
  }
  if (report === null || typeof report !== "object" || typeof report.run_id !== "string") return undefined;
  const text = (key: string) => (typeof report[key] === "string" ? (report[key] as string) : null);
  const number = (value: unknown) => (typeof value === "number" ? value : null);
  const distribution = report.data_quality_distribution as { mean?: unknown } | undefined;
  return {
    run_id: report.run_id,
    kind,
    profile: text("profile"),
    generated_at: text("generated_at") ?? text("finished_at") ?? new Date(statSync(path).mtimeMs).toISOString(),
    output_path: text("output_path") ?? text("output"),
    report_path: path,
    records: number(report.total_records),
    expectations_passed: typeof report.expectations_passed === "boolean" ? report.expectations_passed : null,
    quality_score_mean: number(distribution?.mean),
  };
}
