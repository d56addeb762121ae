/**
 * The profile schema: a small hand-written validator (no schema library in the binary) that turns
 * a parsed YAML/JSON/TOML document into a typed `Profile` with defaults filled in. Every problem
 * is reported with its key path (`sources[0].sheets[1].header_row`) and what was expected;
 * unknown keys are errors, so a typo never silently does nothing.
 */
import { usageError } from "../errors.ts";
import { CANONICAL_FIELDS, type Profile } from "./types.ts";

/** Checks one value at `path`, pushing messages into `errors`; returns the value to keep. */
type Check = (value: unknown, path: string, errors: string[]) => unknown;

function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

const str: Check = (v, path, errors) => {
  if (typeof v === "string" && v.trim() !== "") return v;
  errors.push(`${path}: expected non-empty text, got ${describe(v)}`);
};

function num(min?: number, max?: number, integer = false): Check {
  return (v, path, errors) => {
    const ok = typeof v === "number" && Number.isFinite(v) && (!integer || Number.isInteger(v));
    if (ok && (min === undefined || v >= min) && (max === undefined || v <= max)) return v;
    const range = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` ≥ ${min}` : "";
    errors.push(`${path}: expected ${integer ? "an integer" : "a number"}${range}, got ${describe(v)}`);
  };
}

const bool: Check = (v, path, errors) => {
  if (typeof v === "boolean") return v;
  errors.push(`${path}: expected true or false, got ${describe(v)}`);
};

function regexText(): Check {
  return (v, path, errors) => {
    if (str(v, path, errors) === undefined) return;
    try {
      new RegExp(v as string);
      return v;
    } catch (error) {
      errors.push(`${path}: expected a regular expression, got ${describe(v)} (${(error as Error).message})`);
    }
  };
}

function oneOf(values: readonly string[]): Check {
  return (v, path, errors) => {
    if (typeof v === "string" && values.includes(v)) return v;
    errors.push(`${path}: expected one of ${values.join(", ")}, got ${describe(v)}`);
  };
}

function list(item: Check): Check {
  return (v, path, errors) => {
    if (!Array.isArray(v)) {
      errors.push(`${path}: expected a list, got ${describe(v)}`);
      return;
    }
    return v.map((entry, i) => item(entry, `${path}[${i}]`, errors));
  };
}

/** A list of header spellings; a single text is accepted as a one-item list. */
const spellings: Check = (v, path, errors) => (typeof v === "string" ? [str(v, path, errors)] : list(str)(v, path, errors));

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A mapping whose keys are free (or drawn from `keys`) and whose values all pass `value`. */
function record(value: Check, keys?: readonly string[]): Check {
  return (v, path, errors) => {
    if (!isMapping(v)) {
      errors.push(`${path}: expected a mapping, got ${describe(v)}`);
      return;
    }
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(v)) {
      if (keys && !keys.includes(key)) {
        errors.push(`${path}.${key}: unknown field; expected one of ${keys.join(", ")}`);
        continue;
      }
      out[key] = value(entry, `${path}.${key}`, errors);
    }
    return out;
  };
}

interface Field {
  check: Check;
  required?: boolean;
  fallback?: () => unknown;
}

/** A mapping with known keys: unknown keys and missing required keys are errors. */
function shape(fields: Record<string, Field | Check>, extra?: (out: Record<string, unknown>, path: string, errors: string[]) => void): Check {
  return (v, path, errors) => {
    if (!isMapping(v)) {
      errors.push(`${path}: expected a mapping, got ${describe(v)}`);
      return;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      if (!(key in fields)) errors.push(`${path}.${key}: unknown key; expected one of ${Object.keys(fields).join(", ")}`);
    }
    for (const [key, spec] of Object.entries(fields)) {
      const field: Field = typeof spec === "function" ? { check: spec } : spec;
      const value = v[key];
      if (value === undefined || value === null) {
        if (field.required) errors.push(`${path}.${key}: required key is missing`);
        else if (field.fallback) out[key] = field.fallback();
        continue;
      }
      out[key] = field.check(value, `${path}.${key}`, errors);
    }
    extra?.(out, path, errors);
    return out;
  };
}

const fraction = num(0, 1);
const fieldMap = record(spellings, CANONICAL_FIELDS);

const expectationRule = shape(
  {
    rule: { check: oneOf(["not_null", "regex", "value_set", "range"]), required: true },
    column: { check: str, required: true },
    pattern: regexText(),
    values: list(str),
    min: num(),
    max: num(),
    mostly: fraction,
    source: str,
    sheet: str,
  },
  (out, path, errors) => {
    if (out.rule === "regex" && out.pattern === undefined) errors.push(`${path}.pattern: required for a regex rule`);
    if (out.rule === "value_set" && out.values === undefined) errors.push(`${path}.values: required for a value_set rule`);
  },
);

const sheetSpec = shape({
  name: { check: str, required: true },
  header_row: num(1, 1000, true),
  columns: { check: fieldMap, required: true },
  combine: fieldMap,
  constants: record(str, CANONICAL_FIELDS),
  required_columns: list(str),
  key: str,
  optional: bool,
  join: shape({ on: { check: str, required: true }, to: { check: str, required: true }, fallback_on: str, fallback_to: str }),
});

const sourceSpec = shape({
  label: { check: str, required: true },
  key: {
    required: true,
    check: (v, path, errors) => {
      if (typeof v === "string" && /^[a-z0-9][a-z0-9_-]*$/i.test(v)) return v;
      errors.push(`${path}: expected a short key of letters, digits, - or _ (e.g. reachout), got ${describe(v)}`);
    },
  },
  pattern: { check: str, required: true },
  priority: { check: num(0, 1000), required: true },
  sheets: {
    required: true,
    check: (v, path, errors) => {
      const sheets = list(sheetSpec)(v, path, errors);
      if (Array.isArray(sheets) && sheets.length === 0) errors.push(`${path}: expected at least one sheet`);
      return sheets;
    },
  },
});

const profileShape = shape({
  name: { check: str, required: true },
  display_name: str,
  description: str,
  country_code: (v, path, errors) => {
    if (typeof v === "string" && /^[A-Za-z]{2}$/.test(v)) return v.toUpperCase();
    errors.push(`${path}: expected a two-letter country code such as ZA, got ${describe(v)}`);
  },
  sources: { check: list(sourceSpec), fallback: () => [] },
  column_synonyms: { check: fieldMap, fallback: () => ({}) },
  fuzzy_threshold: { check: fraction, fallback: () => 0.85 },
  placeholder_names: list(regexText()),
  expectations: {
    check: shape({
      sources: { check: list(expectationRule), fallback: () => [] },
      output: { check: list(expectationRule), fallback: () => [] },
    }),
    fallback: () => ({ sources: [], output: [] }),
  },
  quality_thresholds: {
    check: shape({
      email: { check: fraction, fallback: () => 0.85 },
      phone: { check: fraction, fallback: () => 0.85 },
      website: { check: fraction, fallback: () => 0.75 },
    }),
    fallback: () => ({ email: 0.85, phone: 0.85, website: 0.75 }),
  },
  observability: bool,
  features: { check: shape({ observability: bool }), fallback: () => ({}) },
  options: {
    check: shape({ telemetry_exporters: list(oneOf(["console", "otlp", "noop"])), telemetry_resource_attributes: record(str) }),
    fallback: () => ({}),
  },
  enrich: shape({
    registry: shape({ path: { check: str, required: true }, name_column: { check: str, required: true }, columns: record(str) }),
  }),
});

/** Cross-field rules the shapes cannot express: unique source keys, joins that name columns. */
function checkConsistency(profile: Profile, errors: string[]): void {
  const keys = new Set<string>();
  profile.sources.forEach((source, i) => {
    if (keys.has(source.key)) errors.push(`sources[${i}].key: the key ${source.key} is used by an earlier source`);
    keys.add(source.key);
    source.sheets.forEach((sheet, j) => {
      if (j === 0 && sheet.join) errors.push(`sources[${i}].sheets[0].join: the first sheet is the one others join to; it cannot join`);
      if (j > 0 && !sheet.join) errors.push(`sources[${i}].sheets[${j}].join: expected a join ({on, to}) for every sheet after the first`);
    });
  });
}

/**
 * Validates a parsed profile document. Throws a usage error (exit 2) listing every problem as
 * `<origin>: <key path>: <what was expected>`.
 *
 * @example
 * validateProfile({ name: "demo", column_synonyms: { organization_name: ["Company"] } }, "demo.yaml");
 */
export function validateProfile(document: unknown, origin: string): Profile {
  const errors: string[] = [];
  const out = profileShape(document, "profile", errors) as Record<string, unknown> | undefined;
  if (out && errors.length === 0) {
    out.display_name ??= out.name;
    out.country_code ??= "ZA";
    out.origin = origin;
    checkConsistency(out as unknown as Profile, errors);
  }
  if (errors.length > 0 || !out) {
    const shown = errors.slice(0, 12).map((line) => `  ${line.replace(/^profile\./, "").replace(/^profile:/, "(top level):")}`);
    if (errors.length > 12) shown.push(`  … and ${errors.length - 12} more`);
    throw usageError(
      `invalid profile ${origin}:\n${shown.join("\n")}`,
      "fix the profile file (see the README section 'Inputs and profiles' for every key)",
    );
  }
  delete out.description;
  return out as unknown as Profile;
}
