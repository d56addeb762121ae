/**
 * Output expectations (spec section 7): the built-in rules below plus the profile's
 * `expectations.output`, judged by the engine of src/rules/expectations.ts (the same judgement as
 * the source sheets'). They warn; `--qa-mode strict` turns a failure into a data-contract error
 * (exit 2).
 */
import type { ExpectationRule, Profile } from "../profiles/types.ts";
import { columnMissing, compileProfileRules, compileRule, RuleCheck, type CompiledRule } from "../rules/expectations.ts";
import type { ExpectationResult } from "./events.ts";
import { SSOT_COLUMNS, type CellValue } from "./types.ts";

/** The cells output rules read: the refined table, or a table read back (`hotpass qa`). */
export interface OutputCells {
  readonly length: number;
  cell(index: number, column: number): CellValue;
}

export const SCORE_COLUMNS = [
  "contact_primary_lead_score",
  "intent_signal_score",
  "contact_verification_score_avg",
  "contact_lead_score_avg",
  "data_quality_score",
] as const;
const STATUS_VALUES = ["deliverable", "risky", "undeliverable"];

/** The built-in output rules, with the profile's quality thresholds as their `mostly`. */
function builtInRules(profile: Profile): ExpectationRule[] {
  const t = profile.quality_thresholds;
  return [
    { rule: "not_null", column: "organization_name" },
    { rule: "not_null", column: "organization_slug" },
    ...SCORE_COLUMNS.map((column): ExpectationRule => ({ rule: "range", column, min: 0, max: 1 })),
    { rule: "regex", column: "contact_primary_email", pattern: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", mostly: t.email },
    { rule: "regex", column: "contact_primary_phone", pattern: "^\\+\\d{6,}$", mostly: t.phone },
    { rule: "regex", column: "website", pattern: "^https?://", mostly: t.website },
    { rule: "value_set", column: "contact_primary_email_status", values: STATUS_VALUES },
    { rule: "value_set", column: "contact_primary_phone_status", values: STATUS_VALUES },
  ];
}

export interface OutputCheck {
  results: ExpectationResult[];
  /** Rows failing at least one rule. */
  invalidRecords: number;
}

/** Every rule the output is held to: the built-in ones, then the profile's (the table contract's source too). */
export function outputRules(profile: Profile): ExpectationRule[] {
  return [...builtInRules(profile), ...profile.expectations.output];
}

/** `outputRules` compiled, in the same order: ours as native RegExp, the profile's on RE2 (src/rules/patterns.ts). */
export function compileOutputRules(profile: Profile): CompiledRule[] {
  const builtIn = builtInRules(profile).map((rule) => compileRule(rule, rule.rule === "regex" ? new RegExp(rule.pattern) : undefined));
  return [...builtIn, ...compileProfileRules(profile.expectations.output, "expectations.output")];
}

/** Judges every output rule over `rows` (cells in SSOT column order), column by column. */
export function checkOutput(rows: OutputCells, profile: Profile): OutputCheck {
  const rules = compileOutputRules(profile);
  const invalid = new Uint8Array(rows.length);
  const results = rules.map((compiled) => checkColumn(compiled, rows, invalid));
  return { results, invalidRecords: invalid.reduce((sum, flag) => sum + flag, 0) };
}

function checkColumn(compiled: CompiledRule, rows: OutputCells, invalid: Uint8Array): ExpectationResult {
  const at = (SSOT_COLUMNS as readonly string[]).indexOf(compiled.rule.column);
  if (at < 0 && rows.length > 0) return columnMissing(compiled.rule, "output");
  const check = new RuleCheck(compiled, "output");
  for (let index = 0; index < rows.length; index++) {
    if (!check.check(rows.cell(index, at), index + 1)) invalid[index] = 1;
  }
  return check.result();
}
