/**
 * The profile schema, in zod: the one description of what a profile file may say. It validates
 * a parsed YAML/JSON/TOML document into the typed `Profile` (defaults filled in), and
 * `json-schema.ts` turns it into the JSON Schema editors use, so the checks, the types
 * (`types.ts` infers them from here) and the editor's completion cannot drift apart. Unknown keys
 * are errors, so a typo never silently does nothing; every message names its key path.
 *
 * Imported lazily (only when a profile is loaded): zod is not part of `hotpass --version`.
 */
import { z } from "zod";
import { patternProblem } from "../rules/patterns.ts";
import { describe, expecting, mappingOf } from "./_messages.ts";
import { CANONICAL_FIELDS, type CanonicalField } from "./types.ts";

/** A mapping with fixed keys; any other key is an error naming the keys allowed. */
function section<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.strictObject(shape, mappingOf(Object.keys(shape), "key"));
}

function text(whenMissing?: string) {
  const message = expecting("non-empty text", whenMissing);
  return z.string(message).regex(/\S/, message);
}

function number(options: { min?: number; max?: number; integer?: boolean } = {}) {
  const { min, max, integer = false } = options;
  const range = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` ≥ ${min}` : "";
  const message = expecting(`${integer ? "an integer" : "a number"}${range}`);
  let schema = z.number(message);
  if (integer) schema = schema.int(message);
  if (min !== undefined) schema = schema.min(min, message);
  if (max !== undefined) schema = schema.max(max, message);
  return schema;
}

const fraction = () => number({ min: 0, max: 1 });
const bool = () => z.boolean(expecting("true or false"));

function list<T extends z.ZodType>(item: T, whenMissing?: string) {
  return z.array(item, expecting("a list", whenMissing));
}

/** A regular expression the pipeline can run: RE2 syntax, matched in linear time (src/rules/patterns.ts). */
function regexText(whenMissing?: string) {
  return text(whenMissing).refine((value) => patternProblem(value) === undefined, {
    error: (issue) =>
      `expected a regular expression (RE2 syntax, matched in linear time), got ${describe(issue.input)} (${patternProblem(String(issue.input))})`,
  });
}

/** Header spellings; a single text is accepted as a one-item list. */
const spellings = z
  .union([text(), list(text())], expecting("text or a list of texts"))
  .transform((value) => (typeof value === "string" ? [value] : value));

/**
 * Canonical field -> `value`, every field optional. Spelled out as properties (not a record with
 * an enum of keys) so an editor offers each field name as it is typed.
 */
function byField<T extends z.ZodType>(value: T) {
  const shape = {} as Record<CanonicalField, z.ZodOptional<T>>;
  for (const field of CANONICAL_FIELDS) shape[field] = value.optional();
  return z.strictObject(shape, mappingOf(CANONICAL_FIELDS, "field"));
}

const fieldSpellings = byField(spellings).meta({ id: "field_spellings" });

const ruleScope = {
  column: text().describe("a header as found in the sheet, a canonical field (source rules) or an output column"),
  mostly: fraction().optional().describe("the share of values that must pass (0..1, default 1)"),
  source: text().optional().describe("source rules: only this source (key or label)"),
  sheet: text().optional().describe("source rules: only this sheet"),
};
const RULES = ["not_null", "regex", "value_set", "range"] as const;

const expectationRule = z
  .discriminatedUnion(
    "rule",
    [
      section({ rule: z.literal("not_null"), ...ruleScope }),
      section({ rule: z.literal("regex"), ...ruleScope, pattern: regexText("required for a regex rule") }),
      section({ rule: z.literal("value_set"), ...ruleScope, values: list(text(), "required for a value_set rule") }),
      section({ rule: z.literal("range"), ...ruleScope, min: number().optional(), max: number().optional() }),
    ],
    {
      error: (issue) => {
        if (issue.code !== "invalid_union") return expecting("a mapping").error(issue);
        const rule = (issue.input as Record<string, unknown> | undefined)?.rule;
        return rule === undefined ? "required key is missing" : `expected one of ${RULES.join(", ")}, got ${describe(rule)}`;
      },
    },
  )
  .meta({ id: "expectation_rule" });

const joinSpec = section({
  on: text().describe("the column of this sheet holding the key"),
  to: text().describe("the column of the first sheet it matches"),
  fallback_on: text().optional().describe("where `on` is blank: this column of this sheet ..."),
  fallback_to: text().optional().describe("... matched against this column of the first sheet"),
});

const sheetSpec = section({
  name: text().describe("sheet name in the workbook (ignored for CSV)"),
  header_row: number({ min: 1, max: 1000, integer: true }).optional().describe("1-based header row (default 1)"),
  columns: fieldSpellings.describe(
    "canonical field -> header spellings (first found wins); case, spaces and punctuation are ignored; `column:E` names a column by its letter",
  ),
  combine: fieldSpellings.optional().describe('fields built from several columns: every non-empty value, joined with "; " (", " for address)'),
  constants: byField(text())
    .meta({ id: "field_constants" })
    .optional()
    .describe("values used for a field when the sheet has no column for it"),
  required_columns: list(text()).optional().describe("columns that must be present (a data-contract failure otherwise)"),
  key: text().optional().describe("the column holding this sheet's key (duplicates dropped, used by joins)"),
  optional: bool().optional().describe("a missing optional sheet is a notice, not a data-contract failure"),
  join: joinSpec.optional().describe("how this sheet joins the source's first sheet (required on every sheet after the first)"),
}).meta({ id: "sheet" });

const joined = { type: "object", required: ["join"] };
const sourceKey = expecting("a short key of letters, digits, - or _ (e.g. reachout)");

const sourceSpec = section({
  label: text().describe("source_dataset in the output"),
  key: z.string(sourceKey).regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, sourceKey).describe("short key used in source_record_id, e.g. reachout"),
  pattern: text().describe("glob matched against file names in the input folder (case-insensitive)"),
  priority: number({ min: 0, max: 1000 }).describe("higher wins when sources disagree on a value"),
  sheets: list(sheetSpec)
    .min(1, { error: () => "expected at least one sheet" })
    // The join rule as JSON Schema, for editors; `joinsAndKeys` below is what the loader checks.
    .meta({ allOf: [{ type: "array", minItems: 1, items: [{ not: joined }], additionalItems: joined }] }),
});

const countryCode = expecting("a two-letter country code such as ZA");

const profileShape = section({
  name: text().describe("the profile's name (used in lineage job names and reports)"),
  display_name: text().optional().describe("a longer name for people (default: name)"),
  description: text().optional().describe("what the profile is for (not used by the pipeline)"),
  country_code: z
    .string(countryCode)
    .regex(/^[A-Za-z]{2}$/, countryCode)
    .default("ZA")
    .describe("default region for phone numbers (upper-cased when read)"),
  sources: list(sourceSpec).default([]).describe("the workbooks this profile reads by name, with their sheets and joins"),
  column_synonyms: fieldSpellings.default({}).describe("canonical field -> header spellings for workbooks no source claims"),
  fuzzy_threshold: fraction().default(0.85).describe("a header this similar to a synonym (0..1) also counts"),
  placeholder_names: list(regexText())
    .optional()
    .describe("organisation names that are placeholders (case-insensitive regular expressions): such rows are dropped and counted"),
  expectations: section({
    sources: list(expectationRule).default([]).describe("rules checked as source sheets are loaded"),
    output: list(expectationRule).default([]).describe("rules checked on the refined table (SSOT column names)"),
  }).default({ sources: [], output: [] }),
  quality_thresholds: section({
    email: fraction().default(0.85),
    phone: fraction().default(0.85),
    website: fraction().default(0.75),
  }).default({ email: 0.85, phone: 0.85, website: 0.75 }),
  observability: bool().optional().describe("turn lineage and telemetry on or off for runs with this profile"),
  features: section({ observability: bool().optional() }).default({}),
  options: section({
    telemetry_exporters: list(z.enum(["console", "otlp", "noop"], expecting("one of console, otlp, noop"))).optional(),
    telemetry_resource_attributes: z.record(z.string(), text(), expecting("a mapping")).optional(),
  }).default({}),
  enrich: section({
    registry: section({
      path: text().describe("CSV/XLSX/JSON/Parquet file; a relative path resolves against the profile file's folder"),
      name_column: text(),
      columns: z.record(z.string(), text(), expecting("a mapping")).optional().describe("refined column -> registry header"),
    }).optional(),
  }).optional(),
});

type ProfileShape = z.output<typeof profileShape>;

/** Cross-field rules: unique source keys, and joins on exactly the sheets after the first. */
function joinsAndKeys(profile: ProfileShape, ctx: z.RefinementCtx): void {
  const keys = new Set<string>();
  profile.sources.forEach((source, i) => {
    if (keys.has(source.key)) ctx.addIssue({ code: "custom", path: ["sources", i, "key"], message: `the key ${source.key} is used by an earlier source` });
    keys.add(source.key);
    source.sheets.forEach((sheet, j) => {
      const path = ["sources", i, "sheets", j, "join"];
      if (j === 0 && sheet.join) ctx.addIssue({ code: "custom", path, message: "the first sheet is the one others join to; it cannot join" });
      if (j > 0 && !sheet.join) ctx.addIssue({ code: "custom", path, message: "expected a join ({on, to}) for every sheet after the first" });
    });
  });
}

/** A profile document as written -> the profile the program uses (display name and region filled in). */
export const profileSchema = profileShape
  .superRefine(joinsAndKeys, { when: (payload) => payload.issues.length === 0 })
  .transform(({ description: _description, ...profile }) => ({
    ...profile,
    display_name: profile.display_name ?? profile.name,
    country_code: profile.country_code.toUpperCase(),
  }));

/** What `profileSchema` produces; `Profile` adds where it came from. */
export type ProfileDocument = z.output<typeof profileSchema>;
