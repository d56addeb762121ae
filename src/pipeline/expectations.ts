/**
 * Output expectations (spec section 7): the built-in rules below plus the profile's
 * `expectations.output`, judged by the engine of src/rules/expectations.ts (the same judgement as
 * the source sheets') as output-stats.ts gathers the output. They warn; `--qa-mode strict` turns a
 * failure into a data-contract error (exit 2).
 */
import type { ExpectationRule, Profile } from "../profiles/types.ts";
import { compileProfileRules, compileRule, type CompiledRule } from "../rules/expectations.ts";

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

/** Every rule the output is held to: the built-in ones, then the profile's (the table contract's source too). */
export function outputRules(profile: Profile): ExpectationRule[] {
  return [...builtInRules(profile), ...profile.expectations.output];
}

/** `outputRules` compiled, in the same order: ours as native RegExp, the profile's on RE2 (src/rules/patterns.ts). */
export function compileOutputRules(profile: Profile): CompiledRule[] {
  const builtIn = builtInRules(profile).map((rule) => compileRule(rule, rule.rule === "regex" ? new RegExp(rule.pattern) : undefined));
  return [...builtIn, ...compileProfileRules(profile.expectations.output, "expectations.output")];
}
