/**
 * Which organisation names cannot make a record: an empty name, or a placeholder that stands for
 * "no name" (`Unknown Organisation 17`, `N/A`, `-`, `TBC`), built in for every profile, plus the
 * profile's own `placeholder_names` (case-insensitive). A name is judged as cleanName leaves it.
 *
 * This is the one place names are rejected, and the load stage the one caller (LoadState): a row
 * is judged as it is read, before it becomes a record, because a joined sheet's row that matches
 * no record and names nothing counts as `unmatched_join_row` rather than as an empty name, and
 * because a record's id is built from its name.
 */
import { compileAnyOf } from "./patterns.ts";
import { cleanName } from "./text.ts";

export type NameRejection = "empty_organization_name" | "placeholder_organization_name";

const PLACEHOLDER = /^(unknown|unnamed|unspecified|n\/?a|none|null|tbc|-+)(\s+(organi[sz]ation|company|org))?(\s*#?\s*\d+)?$/i;

export interface NameRules {
  /** Why a row with this organisation name cannot become a record, if it cannot. */
  reject(raw: string | null | undefined): NameRejection | undefined;
}

/** The rules for a run, with the profile's `placeholder_names` compiled once. */
export function nameRules(placeholderNames: readonly string[] = []): NameRules {
  const profilePlaceholder = compileAnyOf(
    placeholderNames.map((pattern, i) => ({ key: `placeholder_names[${i}]`, pattern })),
    { caseInsensitive: true },
  );
  return {
    reject(raw) {
      const name = cleanName(raw);
      if (name === null) return "empty_organization_name";
      if (PLACEHOLDER.test(name) || profilePlaceholder.test(name)) return "placeholder_organization_name";
      return undefined;
    },
  };
}
