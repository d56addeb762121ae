/**
 * A local registry the profile names (`enrich.registry: {path, name_column, columns}`), e.g. the
 * SACAA operator list for aviation. Exact match on the normalised name; confidence 0.98. A
 * relative path is resolved against the profile file's folder (or the working folder for a
 * bundled profile).
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { usageError } from "../../errors.ts";
import type { EnrichOptions } from "../types.ts";
import { CONFIDENCE, idleFetcher, type OfflineFetcher } from "./fetcher.ts";
import { loadReferenceTable, referenceCandidates } from "./reference.ts";

export function registryPath(options: Pick<EnrichOptions, "profile" | "cwd">): string | null {
  const registry = options.profile.enrich?.registry;
  if (!registry) return null;
  if (isAbsolute(registry.path)) return registry.path;
  const origin = options.profile.origin;
  const base = origin && !origin.startsWith("bundled:") ? dirname(resolve(options.cwd, origin)) : options.cwd;
  return resolve(base, registry.path);
}

export async function prepareRegistry(options: EnrichOptions): Promise<OfflineFetcher> {
  const path = registryPath(options);
  const registry = options.profile.enrich?.registry;
  if (!path || !registry) return idleFetcher("registry", "exact_name", "the profile names no registry");
  if (!existsSync(path)) {
    throw usageError(
      `registry file not found: ${path} (enrich.registry.path in profile ${options.profile.origin})`,
      "fix the path in the profile, or remove enrich.registry",
    );
  }
  const table = await loadReferenceTable({
    path,
    nameColumn: registry.name_column,
    columns: registry.columns,
    country: options.profile.country_code,
    what: "registry",
  });
  return {
    name: "registry",
    strategy: "exact_name",
    from: path,
    candidates: (row) => referenceCandidates(table, row, "registry", CONFIDENCE.registry, "exact_name"),
  };
}
