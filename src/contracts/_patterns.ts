/**
 * Patterns for the emitted schemas that judge a value as the expectation engine does.
 *
 * - A value set ignores case and outer spaces (the engine folds both), so it becomes a pattern
 *   of case-blind letters: `risky` -> `[rR][iI][sS][kK][yY]`. The values are listed in the field's
 *   description for people.
 * - JSON Schema's `pattern` is, like the engine's regex rules, searched in the value (ECMA-262).
 * - Table Schema's `pattern` must match the whole value (XML Schema's sense, where `^` and `$` are
 *   plain characters), so a rule's anchors become the absence of a leading or trailing `.*`.
 */
const SPECIAL = /[\\^$.|?*+()[\]{}]/g;

function caseBlind(value: string): string {
  let out = "";
  for (const char of value.trim().toLowerCase()) {
    const upper = char.toUpperCase();
    out += upper !== char && upper.length === 1 ? `[${char}${upper}]` : char.replace(SPECIAL, "\\$&");
  }
  return out;
}

/** A value set as a JSON Schema pattern (searched, so anchored here). */
export function valueSetPattern(values: readonly string[]): string {
  return `^\\s*(?:${values.map(caseBlind).join("|")})\\s*$`;
}

/** A value set as a Table Schema pattern (whole value). */
export function valueSetWholePattern(values: readonly string[]): string {
  return `\\s*(${values.map(caseBlind).join("|")})\\s*`;
}

/**
 * A searched regular expression as a whole-value pattern, or undefined when that cannot be done
 * plainly (anchors together with a top-level `|`, or an anchor inside the pattern).
 */
export function wholeValuePattern(pattern: string): string | undefined {
  const starts = pattern.startsWith("^");
  const ends = pattern.endsWith("$") && !pattern.endsWith("\\$");
  const body = pattern.slice(starts ? 1 : 0, ends ? -1 : undefined);
  if (/(^|[^\\])[\^$]/.test(body.replace(/\[[^\]]*\]/g, ""))) return undefined;
  const alternation = /(^|[^\\])\|/.test(body);
  if (alternation && (starts || ends)) return undefined;
  const core = alternation ? `(${body})` : body;
  return `${starts ? "" : ".*"}${core}${ends ? "" : ".*"}`;
}
