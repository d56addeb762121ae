/**
 * The refined table's contract: every SSOT column with its type (`columns.ts`), whether it may be
 * empty and which values it allows. The last two come from the rules refine's output is checked
 * against (`outputRules`: the built-in ones and the profile's `expectations.output`), compiled by
 * the one expectation engine, so the contract, the quality report and `hotpass qa` judge a value
 * alike. The primary key is `organization_slug`.
 *
 * A rule's `mostly` (the share of rows QA tolerates failing) is recorded, not applied: a contract
 * holds for every value. `not_null` makes a column required.
 */
import { compileOutputRules, outputRules } from "../pipeline/expectations.ts";
import { SSOT_COLUMNS } from "../pipeline/types.ts";
import type { ExpectationRule, Profile } from "../profiles/types.ts";
import type { CompiledRule } from "../rules/expectations.ts";
import { valueSetWholePattern, wholeValuePattern } from "./_patterns.ts";
import { COLUMN_SPECS, type FieldType } from "./columns.ts";

export const PRIMARY_KEY = "organization_slug";

/** The schema formats a contract is emitted in. */
export type ContractFormat = "frictionless" | "jsonschema";
export const CONTRACT_FORMATS: readonly ContractFormat[] = ["frictionless", "jsonschema"];

/** A value rule of a column (regex, value_set, range), as the engine compiled it. */
export interface ValueRule {
  rule: Exclude<ExpectationRule, { rule: "not_null" }>;
  compiled: CompiledRule;
}

export interface ContractField {
  name: string;
  type: FieldType;
  description: string;
  /** May not be empty (null or ""): a `not_null` output rule names it. */
  required: boolean;
  unique: boolean;
  rules: ValueRule[];
}

export interface TableContract {
  /** The profile whose output rules shaped the contract. */
  profile: string;
  primaryKey: typeof PRIMARY_KEY;
  fields: ContractField[];
}

/**
 * Builds the contract of the table refine writes with `profile`. A profile rule on a column that
 * is not a refined column (an enrichment column, say) adds that column as a text field.
 */
export async function tableContract(profile: Profile): Promise<TableContract> {
  const rules = outputRules(profile);
  const compiled = compileOutputRules(profile);
  const byName = new Map<string, ContractField>();
  for (const name of SSOT_COLUMNS) {
    byName.set(name, { name, ...COLUMN_SPECS[name], required: false, unique: name === PRIMARY_KEY, rules: [] });
  }
  rules.forEach((rule, i) => {
    let field = byName.get(rule.column);
    if (!field) {
      field = { name: rule.column, type: "string", description: "a column the profile's output rules name", required: false, unique: false, rules: [] };
      byName.set(rule.column, field);
    }
    if (rule.rule === "not_null") field.required = true;
    else field.rules.push({ rule, compiled: compiled[i]! });
  });
  return { profile: profile.name, primaryKey: PRIMARY_KEY, fields: [...byName.values()] };
}

const TEXTUAL: ReadonlySet<FieldType> = new Set(["string", "date", "datetime"]);

/** The Table Schema pattern of a value rule, when it has one (a range has none). */
export function wholePatternOf(rule: ValueRule): string | undefined {
  if (rule.rule.rule === "value_set") return valueSetWholePattern(rule.rule.values);
  if (rule.rule.rule === "regex") return wholeValuePattern(rule.rule.pattern);
  return undefined;
}

/**
 * Whether `format` can state a value rule of a field. Both state patterns and value sets on text
 * and ranges on numbers; a Table Schema field takes one pattern, the first that converts. What a
 * format cannot state, `hotpass contracts validate` still checks, unless asked to check only what
 * that format can (`--format`).
 */
export function ruleFits(field: ContractField, rule: ValueRule, format: ContractFormat): boolean {
  if (rule.rule.rule === "range") return !TEXTUAL.has(field.type);
  if (!TEXTUAL.has(field.type)) return false;
  if (format === "jsonschema") return true;
  const first = field.rules.find((candidate) => candidate.rule.rule !== "range" && wholePatternOf(candidate) !== undefined);
  return first === rule;
}

/** Primary-key uniqueness: Table Schema says it; JSON Schema cannot (rows are independent items). */
export function uniqueFits(format: ContractFormat): boolean {
  return format === "frictionless";
}
