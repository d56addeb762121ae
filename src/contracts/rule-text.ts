/** How a contract rule reads in messages and schema descriptions: its kind, then what it allows. */
import type { ExpectationRule } from "../profiles/types.ts";

/** `withMostly`: add the share QA tolerates failing (for descriptions; a violation is one value). */
export function ruleText(rule: ExpectationRule, withMostly = false): string {
  const mostly = withMostly && rule.mostly !== undefined && rule.mostly < 1 ? ` (QA tolerates ${Math.round((1 - rule.mostly) * 100)}% failing)` : "";
  switch (rule.rule) {
    case "not_null":
      return `not_null${mostly}`;
    case "regex":
      return `regex ${rule.pattern}${mostly}`;
    case "value_set":
      return `value_set ${rule.values.join(", ")} (case ignored)${mostly}`;
    case "range":
      return `range [${rule.min ?? "-inf"}, ${rule.max ?? "inf"}]${mostly}`;
  }
}
