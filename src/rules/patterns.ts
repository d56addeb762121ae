/**
 * Patterns a profile carries (placeholder names, expectation `regex` rules) are user input matched
 * against every row, so they run on RE2 (re2js, a pure-JS port): matching takes time linear in the
 * text whatever the pattern (source file globs, `*` and `?` only, go to the one wildcard matcher,
 * src/text/wildcard.ts). A backtracking engine took 157 s for
 * `^(a+)+$` over 300 names of `aaa…!`; on RE2 the whole refine of them takes 0.3 s. RE2 syntax is
 * JavaScript's for the common cases (classes, groups, anchors, `\b`, `\d`, repeats up to 1,000);
 * look-around and back-references cannot run in linear time and are refused. Our own patterns stay
 * native RegExp, the bundled profiles' ones included (SHIPPED_PATTERNS). This module is only
 * reached from code that reads a profile, so `hotpass --version` never loads re2js.
 */
import { RE2JS } from "re2js";
import { usageError } from "../errors.ts";
import { wildcardMatch } from "../text/wildcard.ts";

/** What a compiled pattern offers: whether it is found in a text. */
export interface TextPattern {
  test(text: string): boolean;
}

/** The longest pattern a profile may hold (the README states it with the other input bounds). */
export const MAX_PATTERN_CHARS = 1_000;

/** Why `pattern` cannot be a profile pattern, or undefined when it can. */
export function patternProblem(pattern: string): string | undefined {
  return compiled(pattern, 0).problem;
}

/**
 * Compiles one profile pattern (`key` names it in the profile: `placeholder_names[1]`,
 * `expectations.sources[2].pattern`); a pattern RE2 cannot run is a usage error naming the key.
 */
export function compileProfilePattern(key: string, pattern: string, options: { caseInsensitive?: boolean } = {}): TextPattern {
  const result = compiled(pattern, flags(options));
  if (result.problem !== undefined) throw refused(key, pattern, result.problem);
  return result.pattern!;
}

/**
 * Several profile patterns as one: found when any of them is. One RE2 program over the
 * alternatives costs one pass per text instead of one per pattern (about 0.7 µs for a
 * 30-character name against the bundled profiles' two placeholder patterns).
 */
export function compileAnyOf(patterns: readonly { key: string; pattern: string }[], options: { caseInsensitive?: boolean } = {}): TextPattern {
  if (patterns.length === 0) return { test: () => false };
  if (patterns.length === 1) return compileProfilePattern(patterns[0]!.key, patterns[0]!.pattern, options);
  const tooLong = patterns.find(({ pattern }) => pattern.length > MAX_PATTERN_CHARS);
  const whole = tooLong ? undefined : compiled(patterns.map(({ pattern }) => `(?:${pattern})`).join("|"), flags(options));
  if (whole?.pattern) return whole.pattern;
  // One of them is refused: name it (or, should only their union be too large, all of them).
  for (const { key, pattern } of patterns) compileProfilePattern(key, pattern, options);
  throw refused(patterns.map(({ key }) => key).join(", "), patterns.map(({ pattern }) => pattern).join(" | "), whole?.problem ?? "refused");
}

function flags(options: { caseInsensitive?: boolean }): number {
  return options.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0;
}

/**
 * The patterns the bundled profiles ship (their placeholder names, as compileAnyOf joins them),
 * run as native RegExp: they were written here, cannot backtrack badly (every alternative is
 * anchored, no repeat holds another), and tests/rules/patterns.test.ts holds each to RE2's answer
 * on 200,000 texts full of case-folding traps. RE2 in JavaScript costs about 0.3 µs a name once
 * warm and ten times that before: at 10,000 organisations 40 ms of a 0.33 s load. A user's
 * profile with the very same patterns runs the same way; any other pattern runs on RE2.
 */
export const SHIPPED_PATTERNS: ReadonlyMap<string, RegExp> = new Map([
  [shippedKey("(?:^unknown organi[sz]ation\\b)|(?:^(n/?a|none|null|unknown|unspecified|-+|\\?+)$)", RE2JS.CASE_INSENSITIVE), /^unknown organi[sz]ation\b|^(n\/?a|none|null|unknown|unspecified|-+|\?+)$/i],
]);

function shippedKey(pattern: string, flagBits: number): string {
  return `${flagBits}:${pattern}`;
}

function compiled(pattern: string, flagBits: number): { pattern?: TextPattern; problem?: string } {
  if (pattern.length > MAX_PATTERN_CHARS) return { problem: `longer than ${MAX_PATTERN_CHARS} characters` };
  const shipped = SHIPPED_PATTERNS.get(shippedKey(pattern, flagBits));
  if (shipped) return { pattern: shipped };
  try {
    return { pattern: RE2JS.compile(pattern, flagBits) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

function refused(key: string, pattern: string, problem: string): Error {
  return usageError(
    `profile ${key}: ${JSON.stringify(pattern.length > 60 ? `${pattern.slice(0, 60)}…` : pattern)} cannot be used: ${problem}`,
    "profile patterns use RE2 syntax, matched in linear time: no look-ahead, look-behind or back-references",
  );
}

/**
 * A file-name glob (`Reachout Database*`: `*` any run of characters, `?` one character), matched
 * against the whole name without regard to case by the one wildcard matcher (src/text/wildcard.ts:
 * no RegExp, so globs such as `*a*a*a*a*a*a*a*a*a*a*a*a*c` cannot take exponential time).
 */
export function compileGlob(key: string, glob: string): TextPattern {
  if (glob.length > MAX_PATTERN_CHARS) {
    throw usageError(`profile ${key}: the file pattern is longer than ${MAX_PATTERN_CHARS} characters`, "shorten the pattern");
  }
  return { test: (name) => wildcardMatch(glob, name, { anyOne: true, caseInsensitive: true }) };
}
