/**
 * Output expectations (spec section 7). They warn; `--qa-mode strict` turns a failure into a
 * data-contract error (exit 2). Like Great Expectations, regex, value-set and range checks look
 * only at present values: an empty cell is the business of a not-null rule.
 */
import type { ExpectationRule, Profile } from "../profiles/types.ts";
import type { ExpectationResult } from "./events.ts";
import { tableRows } from "./rows.ts";
import { SSOT_COLUMNS, type CellValue, type RefinedRecord } from "./types.ts";

export const SCORE_COLUMNS = [
  "contact_primary_lead_score",
  "intent_signal_score",
  "contact_verification_score_avg",
  "contact_lead_score_avg",
  "data_quality_score",
] as const;
const STATUS_VALUES = ["deliverable", "risky", "undeliverable"];

/** The built-in output rules, with the profile's quality thresholds as their `mostly`. */
export function outputRules(profile: Profile): ExpectationRule[] {
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
    ...profile.expectations.output,
  ];
}

export interface OutputCheck {
  results: ExpectationResult[];
  /** Rows failing at least one rule. */
  invalidRecords: number;
}

/** `rows`: the records as arrays in SSOT column order, when the caller already has them. */
export function checkOutput(records: RefinedRecord[], profile: Profile, rows: CellValue[][] = tableRows(records)): OutputCheck {
  const invalid = new Uint8Array(rows.length);
  const results = outputRules(profile).map((rule) => checkRule(rule, rows, invalid));
  return { results, invalidRecords: invalid.reduce((sum, flag) => sum + flag, 0) };
}

function checkRule(rule: ExpectationRule, rows: CellValue[][], invalid: Uint8Array): ExpectationResult {
  const at = (SSOT_COLUMNS as readonly string[]).indexOf(rule.column);
  const known = at >= 0 || rows.length === 0;
  const test = predicate(rule);
  let total = 0;
  let failed = 0;
  const notNull = rule.rule === "not_null";
  for (let index = 0; index < rows.length; index++) {
    const value = known ? (rows[index]![at] ?? null) : null;
    if (!notNull && (value === null || value === "")) continue;
    total++;
    if (!test(value)) {
      failed++;
      invalid[index] = 1;
    }
  }
  const mostly = rule.mostly ?? 1;
  const success = known && (total === 0 || (total - failed) / total >= mostly);
  return {
    rule: rule.rule,
    scope: "output",
    column: rule.column,
    success,
    failed,
    total,
    mostly,
    message: known ? describe(rule, failed, total, mostly) : `output has no column '${rule.column}'`,
  };
}

function predicate(rule: ExpectationRule): (value: CellValue) => boolean {
  switch (rule.rule) {
    case "not_null":
      return (value) => value !== null && value !== "";
    case "regex": {
      const pattern = new RegExp(rule.pattern);
      return (value) => pattern.test(String(value));
    }
    case "value_set": {
      const allowed = new Set(rule.values);
      return (value) => allowed.has(String(value));
    }
    case "range":
      return (value) => {
        const n = typeof value === "number" ? value : Number(value);
        return !Number.isNaN(n) && (rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max);
      };
  }
}

function describe(rule: ExpectationRule, failed: number, total: number, mostly: number): string {
  const what =
    rule.rule === "not_null" ? "is never empty"
    : rule.rule === "regex" ? `matches ${rule.pattern}`
    : rule.rule === "value_set" ? `is one of ${rule.values.join(", ")}`
    : `is within [${rule.min ?? "-inf"}, ${rule.max ?? "inf"}]`;
  const share = mostly < 1 ? ` for at least ${Math.round(mostly * 100)}% of rows` : "";
  return `${rule.column} ${what}${share}: ${failed} of ${total} rows failed`;
}
