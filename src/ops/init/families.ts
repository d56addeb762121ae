/**
 * Groups input files into families — the same workbook delivered again (`Contacts 2024-10.xlsx`,
 * `Contacts 2024-11.xlsx`) — and gives each a file-name pattern that claims its files and no
 * other family's, checked with the loader's own claim rule.
 */
import { basename, extname } from "node:path";
import { claimFiles } from "../../pipeline/load/discover.ts";
import type { SourceSpec } from "../../profiles/types.ts";

export interface Family {
  /** The name part the files share, e.g. "Contact Database". */
  label: string;
  /** Glob over file names (case-insensitive), e.g. "Contact Database*". */
  pattern: string;
  /** Absolute paths, in name order. */
  files: string[];
  /** True when the pattern had to fall back to one exact file name. */
  exact: boolean;
}

/**
 * The stable part of a file name: cut at the first " - ", "__", bracket, or word holding a digit
 * (dates, versions, copies), then trimmed of separators.
 */
export function familyName(file: string): string {
  const stem = basename(file, extname(file));
  const cut = stem.split(/\s+-\s+|__|[([{]|(?:^|[\s_.-])[^\s_.-]*\d/)[0] ?? stem;
  const trimmed = cut.replace(/[\s_.-]+$/g, "").replace(/^[\s_.-]+/g, "");
  return trimmed || stem;
}

export function groupFamilies(files: string[]): Family[] {
  const byName = new Map<string, Family>();
  for (const file of files) {
    const label = familyName(file);
    const key = label.toLowerCase();
    const family = byName.get(key) ?? { label, pattern: `${escapeGlob(label)}*`, files: [], exact: false };
    family.files.push(file);
    byName.set(key, family);
  }
  // Longer (more specific) patterns first, so "Contact Database*" is tried before "Contact*".
  const families = [...byName.values()].sort((a, b) => b.label.length - a.label.length || a.label.localeCompare(b.label));
  // A pattern that claims another family's file falls back to the exact names it must claim.
  for (let attempt = 0; attempt < families.length; attempt++) {
    const claims = claimFiles(files, families.map(asSource));
    const wrong = families.find((family) => family.files.some((file) => claims.get(file)?.label !== family.label));
    if (!wrong) break;
    if (wrong.files.length === 1) {
      wrong.pattern = escapeGlob(basename(wrong.files[0]!));
      wrong.exact = true;
    } else {
      wrong.pattern = `${escapeGlob(wrong.label)}${wrong.exact ? "" : " *"}`;
      wrong.exact = true;
    }
  }
  return families;
}

function asSource(family: Family): SourceSpec {
  return { label: family.label, key: family.label, pattern: family.pattern, priority: 1, sheets: [] };
}

/** The profile glob knows `*` and `?` only: a literal one becomes a single-character wildcard. */
function escapeGlob(text: string): string {
  return text.replace(/[*?]/g, "?");
}
