/**
 * The one expectation engine (spec section 7), for source sheets while they stream and for the
 * output table: compile a rule once, check it cell by cell, describe the outcome. Both scopes
 * judge a value the same way:
 *
 * - a value is judged as trimmed text (numbers as they are); an empty cell is only the business
 *   of `not_null` (as in Great Expectations), the other rules pass over it;
 * - `value_set` ignores case; `regex` is searched in the value (anchor it with `^...$` to match
 *   the whole value); `range` needs a finite number;
 * - a rule holds when at least `mostly` (default 1) of the cells it judged pass.
 *
 * @example
 * const [rule] = compileProfileRules([{ rule: "value_set", column: "status", values: ["Active"] }], "expectations.output");
 * const check = new RuleCheck(rule!, "output");
 * check.check(" active ", 1); // true
 * check.check("Bogus", 2);    // false
 * check.result().message;     // "status is one of Active: 1 of 2 rows failed"
 */
import type { ExpectationResult, ExpectationSample } from "../pipeline/events.ts";
import type { ExpectationRule } from "../profiles/types.ts";
import { compileProfilePattern, type TextPattern } from "./patterns.ts";

/** A cell as a table holds it: text from a sheet, text or a number in the output, or nothing. */
export type RuleValue = string | number | null | undefined;

export interface CompiledRule {
  readonly rule: ExpectationRule;
  /** Whether a present value (trimmed, non-empty text, or a number) passes. */
  readonly passes: (value: string | number) => boolean;
}

/** Failing cells kept per rule for the report, and how much of each value. */
export const MAX_SAMPLES = 5;
const SAMPLE_CHARS = 200;

/**
 * One rule with its pattern already compiled (`pattern` is required for a regex rule: our own
 * rules pass a native RegExp, profile rules the RE2 pattern of compileProfilePattern).
 */
export function compileRule(rule: ExpectationRule, pattern?: TextPattern): CompiledRule {
  switch (rule.rule) {
    case "not_null":
      return { rule, passes: () => true };
    case "regex": {
      if (!pattern) throw new Error(`regex rule on ${rule.column} compiled without its pattern`);
      return { rule, passes: (value) => pattern.test(String(value)) };
    }
    case "value_set": {
      const allowed = new Set(rule.values.map(fold));
      return { rule, passes: (value) => allowed.has(fold(String(value))) };
    }
    case "range":
      return {
        rule,
        passes: (value) => {
          const n = typeof value === "number" ? value : Number(value);
          return Number.isFinite(n) && (rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max);
        },
      };
  }
}

/** A profile's rules (`key`: where they sit in it, e.g. `expectations.sources`), patterns included. */
export function compileProfileRules(rules: readonly ExpectationRule[], key: string): CompiledRule[] {
  return rules.map((rule, i) => compileRule(rule, rule.rule === "regex" ? compileProfilePattern(`${key}[${i}].pattern`, rule.pattern) : undefined));
}

/** Counts one rule over one column: a sheet's while it streams, or the output's. */
export class RuleCheck {
  private total = 0;
  private failed = 0;
  private readonly samples: ExpectationSample[] = [];
  private readonly judgesEmpty: boolean;

  constructor(
    private readonly compiled: CompiledRule,
    private readonly scope: string,
  ) {
    this.judgesEmpty = compiled.rule.rule === "not_null";
  }

  /** Judges the cell of 1-based `row`; false when it fails the rule. */
  check(value: RuleValue, row: number): boolean {
    const present = typeof value === "number" ? value : (value ?? "").trim();
    if (present === "" && !this.judgesEmpty) return true;
    this.total++;
    if (present !== "" && this.compiled.passes(present)) return true;
    this.failed++;
    if (this.samples.length < MAX_SAMPLES) this.samples.push({ row, value: sampleText(value) });
    return false;
  }

  result(): ExpectationResult {
    return ruleResult(this.compiled.rule, this.scope, this.total, this.failed, this.samples);
  }
}

/**
 * A rule's result from its counts: it holds when at least `mostly` of the cells it judged pass.
 * (RuleCheck's, and the spill path's once it has added up the partitions' counts.)
 */
export function ruleResult(rule: ExpectationRule, scope: string, total: number, failed: number, samples: ExpectationSample[]): ExpectationResult {
  const mostly = rule.mostly ?? 1;
  return {
    rule: rule.rule,
    scope,
    column: rule.column,
    success: total === 0 || (total - failed) / total >= mostly,
    failed,
    total,
    mostly,
    message: `${describeRule(rule)}: ${failed} of ${total} rows failed`,
    samples,
  };
}

/** The result of a rule whose column the scope does not have: a failure, never a silent pass. */
export function columnMissing(rule: ExpectationRule, scope: string): ExpectationResult {
  return {
    rule: rule.rule,
    scope,
    column: rule.column,
    success: false,
    failed: 0,
    total: 0,
    mostly: rule.mostly ?? 1,
    message: `column ${rule.column} not found in ${scope}`,
    samples: [],
  };
}

/** `status is one of Active, Dormant for at least 90% of rows`. */
export function describeRule(rule: ExpectationRule): string {
  const what =
    rule.rule === "not_null" ? "is never empty"
    : rule.rule === "regex" ? `matches ${rule.pattern}`
    : rule.rule === "value_set" ? `is one of ${rule.values.join(", ")}`
    : `is within [${rule.min ?? "-inf"}, ${rule.max ?? "inf"}]`;
  const mostly = rule.mostly ?? 1;
  const share = mostly < 1 ? ` for at least ${Math.round(mostly * 100)}% of rows` : "";
  return `${rule.column} ${what}${share}`;
}

function fold(text: string): string {
  return text.trim().toLowerCase();
}

/** A failing value as a result shows it: text, cut to SAMPLE_CHARS (cutting it again changes nothing). */
export function sampleText(value: RuleValue): string {
  const text = value === null || value === undefined ? "" : String(value);
  return text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS)}…` : text;
}
