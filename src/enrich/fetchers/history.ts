/**
 * History: the most recent earlier refined output in `--dist-dir` (modified before the input,
 * neither the input nor the output itself). Rows match on `organization_slug`; confidence 0.85.
 * Files that are not refined tables (reports, CSVW metadata) are passed over.
 */
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatOf, readTable, type Table } from "../../formats/index.ts";
import { normaliseForColumn } from "../../rules/index.ts";
import { ENRICHABLE_COLUMNS, type Candidate, type EnrichOptions, type EnrichableColumn } from "../types.ts";
import { CONFIDENCE, idleFetcher, type OfflineFetcher } from "./fetcher.ts";
import { rowSlug } from "./reference.ts";

/** Earlier table files in the dist folder, newest first. */
export function historyCandidates(options: Pick<EnrichOptions, "distDir" | "inputPath" | "outputPath">): string[] {
  const distDir = resolve(options.distDir);
  const exclude = new Set([resolve(options.inputPath), resolve(options.outputPath)]);
  let inputTime: number;
  let names: string[];
  try {
    inputTime = statSync(options.inputPath).mtimeMs;
    names = readdirSync(distDir);
  } catch {
    return [];
  }
  const files: { path: string; mtime: number }[] = [];
  for (const name of names) {
    if (name.startsWith(".") || /report|metadata|\.tmp/i.test(name) || !formatOf(name)?.read) continue;
    const path = join(distDir, name);
    if (exclude.has(path)) continue;
    try {
      const stat = statSync(path);
      if (stat.isFile() && stat.mtimeMs < inputTime) files.push({ path, mtime: stat.mtimeMs });
    } catch {
      // vanished while listing: not history
    }
  }
  return files.sort((a, b) => b.mtime - a.mtime).map((file) => file.path);
}

async function newestRefined(paths: string[]): Promise<Table | null> {
  for (const path of paths) {
    try {
      const table = await readTable(path);
      if (table.columns.includes("organization_slug") && table.columns.includes("organization_name")) return table;
    } catch {
      // unreadable or not a table: look further back
    }
  }
  return null;
}

export async function prepareHistory(options: EnrichOptions): Promise<OfflineFetcher> {
  const table = await newestRefined(historyCandidates(options));
  if (!table) return idleFetcher("history", "slug_match", "no earlier refined output in the dist folder");
  const slugIndex = table.columns.indexOf("organization_slug");
  const indexes = ENRICHABLE_COLUMNS.map((column) => [column, table.columns.indexOf(column)] as const).filter(
    ([, index]) => index >= 0,
  );
  const bySlug = new Map<string, Partial<Record<EnrichableColumn, string>>>();
  for (const row of table.rows) {
    const slug = row[slugIndex];
    if (slug === null || slug === undefined || bySlug.has(String(slug))) continue;
    const values: Partial<Record<EnrichableColumn, string>> = {};
    for (const [column, index] of indexes) {
      const cell = row[index];
      const value = cell === null || cell === undefined ? null : normaliseForColumn(column, String(cell), options.profile.country_code);
      if (value !== null) values[column] = value;
    }
    bySlug.set(String(slug), values);
  }
  const label = `history:${table.path.split(/[\\/]/).pop()}`;
  return {
    name: "history",
    strategy: "slug_match",
    from: table.path,
    candidates(row) {
      const slug = rowSlug(row);
      const match = slug ? bySlug.get(slug) : undefined;
      if (!match) return [];
      const out: Candidate[] = [];
      for (const column of ENRICHABLE_COLUMNS) {
        const value = match[column];
        if (value !== undefined && row.get(column) === null) {
          out.push({ column, value, fetcher: "history", source: label, strategy: "slug_match", confidence: CONFIDENCE.history });
        }
      }
      return out;
    },
  };
}
