/**
 * Wildcard patterns — `*` any run of characters, and (when asked) `?` any one character — matched
 * without a regular expression. Such patterns come from outside: robots.txt rules fetched from a
 * website, known_hosts host patterns, file globs in a profile. Turned into a backtracking RegExp
 * (`*` -> `.*`), `/*a*a*a*a*a*a*a*a*a*a*a*a*b` against a long path of `a`s takes exponential time;
 * here one pass keeps only the last `*` to fall back to (a later `*` can absorb whatever an
 * earlier one would have), so a match costs at most (text length × pattern length) steps and
 * usually one pass.
 *
 * @example
 * wildcardMatch("/*.php", "/index.php?x=1", { prefix: true });        // true (robots.txt `Disallow: /*.php`)
 * wildcardMatch("*.example.com", "ci.example.com", { anyOne: true }); // true
 * wildcardMatch("host?", "host12", { anyOne: true });                 // false
 */

export interface WildcardOptions {
  /** `?` matches any one character (globs, known_hosts); otherwise it is a literal `?` (robots.txt). */
  anyOne?: boolean;
  /** The pattern need only match the start of the text (a robots.txt rule not ending in `$`). */
  prefix?: boolean;
  /** Letters compare without regard to case (host names, file names). */
  caseInsensitive?: boolean;
}

/** Whether `pattern` matches all of `text` (or, with `prefix`, its start). `*` is never literal. */
export function wildcardMatch(pattern: string, text: string, options: WildcardOptions = {}): boolean {
  const { anyOne = false, prefix = false, caseInsensitive = false } = options;
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const t = caseInsensitive ? text.toLowerCase() : text;
  let i = 0; // in the pattern
  let j = 0; // in the text
  let star = -1; // the last `*` seen, or -1
  let resume = 0; // where in the text that `*` stopped absorbing
  while (j < t.length) {
    if (prefix && i === p.length) return true;
    const c = p[i];
    if (c === "*") {
      star = i++;
      resume = j;
    } else if (c !== undefined && (c === t[j] || (anyOne && c === "?"))) {
      i++;
      j++;
    } else if (star >= 0) {
      // Let the last `*` absorb one more character and try the rest of the pattern again.
      i = star + 1;
      j = ++resume;
    } else {
      return false;
    }
  }
  while (p[i] === "*") i++;
  return i === p.length;
}
