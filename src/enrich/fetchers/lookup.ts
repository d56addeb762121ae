/**
 * The lookup table: `--lookup FILE`, else `.hotpass/lookups/organizations.{csv,xlsx,json}` in the
 * working folder. Exact match on the normalised organisation name; confidence 0.95.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { usageError } from "../../errors.ts";
import type { EnrichOptions } from "../types.ts";
import { CONFIDENCE, idleFetcher, type OfflineFetcher } from "./fetcher.ts";
import { loadReferenceTable, referenceCandidates } from "./reference.ts";

export const DEFAULT_LOOKUPS = ["csv", "xlsx", "json"].map((suffix) => join(".hotpass", "lookups", `organizations.${suffix}`));

export function findLookup(options: Pick<EnrichOptions, "lookupPath" | "cwd">): string | null {
  if (options.lookupPath) {
    const path = resolve(options.cwd, options.lookupPath);
    if (!existsSync(path)) throw usageError(`lookup table not found: ${options.lookupPath}`, "check the --lookup path");
    return path;
  }
  for (const candidate of DEFAULT_LOOKUPS) {
    const path = resolve(options.cwd, candidate);
    if (existsSync(path)) return path;
  }
  return null;
}

export async function prepareLookup(options: EnrichOptions): Promise<OfflineFetcher> {
  const path = findLookup(options);
  if (!path) return idleFetcher("lookup", "exact_name", "no lookup table");
  const table = await loadReferenceTable({ path, country: options.profile.country_code, what: "lookup table" });
  return {
    name: "lookup",
    strategy: "exact_name",
    from: path,
    candidates: (row) => referenceCandidates(table, row, "lookup", CONFIDENCE.lookup, "exact_name"),
  };
}
