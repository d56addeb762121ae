/**
 * Interim run catalogue: finds the runs in the dist folders (refine quality reports, enrich
 * reports) until the core's `listRuns` lands; only `data.ts` imports this file. A report that is
 * not JSON, or is half-written, becomes a run marked broken with the reason, never an exception.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export interface FoundReport {
  /** Which dist folder (index into the folders given) and the report's path inside it. */
  dist: number;
  path: string;
  kind: "refine" | "enrich";
  modifiedMs: number;
  bytes: number;
}

const REPORT = /-(quality|enrich)-report\.json$/;
const MAX_DEPTH = 3;
const MAX_ENTRIES = 20_000;

/** Every report file under the folders (three levels deep at most; dot folders skipped). */
export function findReports(folders: string[]): FoundReport[] {
  const found: FoundReport[] = [];
  let seen = 0;
  const walk = (dist: number, dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) return;
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < MAX_DEPTH) walk(dist, path, depth + 1);
      const kind = entry.isFile() ? REPORT.exec(entry.name)?.[1] : undefined;
      if (!kind) continue;
      try {
        const stat = statSync(path);
        found.push({ dist, path, kind: kind === "quality" ? "refine" : "enrich", modifiedMs: stat.mtimeMs, bytes: stat.size });
      } catch {
        // removed between listing and stat: not a run any more
      }
    }
  };
  folders.forEach((folder, dist) => walk(dist, folder, 0));
  return found;
}

/** A cheap summary of the folders' reports: changes whenever a report appears, changes or goes. */
export function fingerprint(reports: FoundReport[]): string {
  return reports.map((r) => `${r.path}:${r.modifiedMs}:${r.bytes}`).sort().join("|");
}
