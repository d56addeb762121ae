/**
 * How the live Runs page knows something changed, cheaply enough to ask once a second: the
 * names, sizes and modification times of the report files in the dist folders and of the local
 * lineage event log (a failed run leaves only its FAIL event there). Nothing is read or parsed;
 * on a change the page asks for the list again (the core's catalogue, `listRuns`).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { statePaths } from "../telemetry/lineage/config.ts";

const REPORT = /-(quality|enrich)-report\.json$/;
const MAX_DEPTH = 4;
const MAX_ENTRIES = 20_000;

export function runsFingerprint(folders: readonly string[], env: Record<string, string | undefined>): string {
  const parts: string[] = [];
  let seen = 0;
  const stamp = (path: string) => {
    try {
      const stat = statSync(path);
      parts.push(`${path}:${stat.size}:${stat.mtimeMs}`);
    } catch {
      // gone between listing and stat
    }
  };
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES || entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < MAX_DEPTH && entry.name !== "node_modules") walk(path, depth + 1);
      else if (entry.isFile() && REPORT.test(entry.name)) stamp(path);
    }
  };
  for (const folder of folders) walk(folder, 0);
  stamp(statePaths(env).log);
  return parts.sort().join("|");
}
