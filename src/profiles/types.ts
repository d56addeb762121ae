/**
 * What a profile says (spec section 2). The YAML/JSON/TOML file is validated against the schema
 * in `schema.ts` at load time; the rest of the program only sees this typed shape.
 */

export type CanonicalField =
  | "organization_name"
  | "province"
  | "area"
  | "address"
  | "category"
  | "organization_type"
  | "status"
  | "website"
  | "planes"
  | "description"
  | "notes"
  | "last_interaction_date"
  | "priority"
  | "contact_name"
  | "contact_first_name"
  | "contact_surname"
  | "contact_role"
  | "contact_email"
  | "contact_phone";

export const CANONICAL_FIELDS: readonly CanonicalField[] = [
  "organization_name",
  "province",
  "area",
  "address",
  "category",
  "organization_type",
  "status",
  "website",
  "planes",
  "description",
  "notes",
  "last_interaction_date",
  "priority",
  "contact_name",
  "contact_first_name",
  "contact_surname",
  "contact_role",
  "contact_email",
  "contact_phone",
];

export interface SheetSpec {
  /** Sheet name in the workbook (ignored for CSV). */
  name: string;
  /** 1-based header row (default 1). */
  header_row?: number;
  /**
   * Canonical field -> header spellings (first found wins); several fields may read one column.
   * Matching ignores case, spaces and punctuation; `column:E` names a column by its letter (for
   * columns whose header cell is blank).
   */
  columns: Partial<Record<CanonicalField, string[]>>;
  /**
   * Fields built from several columns: every non-empty value, in order, joined with "; "
   * (", " for address). Contact emails and phones gather one value per column instead.
   */
  combine?: Partial<Record<CanonicalField, string[]>>;
  /** A missing optional sheet is a notice, not a data-contract failure (default false). */
  optional?: boolean;
  /** Values used for a field when the sheet has no column for it (e.g. category "Flight School"). */
  constants?: Partial<Record<CanonicalField, string>>;
  /** Columns that must be present (a data-contract failure otherwise). */
  required_columns?: string[];
  /** The column holding this sheet's key (duplicates dropped, used by joins). */
  key?: string;
  /** How this sheet joins the source's first (primary) sheet. */
  join?: { on: string; to: string; fallback_on?: string; fallback_to?: string };
}

export interface SourceSpec {
  label: string;
  /** Short key used in `source_record_id`, e.g. "reachout". */
  key: string;
  /** Glob matched against file names in the input folder. */
  pattern: string;
  priority: number;
  sheets: SheetSpec[];
}

/**
 * Source rules may be scoped with `source` (a source key or label) and `sheet`; `column` is a
 * header as found in the sheet or a canonical field the sheet maps. Output rules name SSOT columns.
 */
interface RuleScope {
  source?: string;
  sheet?: string;
}

export type ExpectationRule =
  | ({ rule: "not_null"; column: string; mostly?: number } & RuleScope)
  | ({ rule: "regex"; column: string; pattern: string; mostly?: number } & RuleScope)
  | ({ rule: "value_set"; column: string; values: string[]; mostly?: number } & RuleScope)
  | ({ rule: "range"; column: string; min?: number; max?: number; mostly?: number } & RuleScope);

export interface Profile {
  name: string;
  display_name: string;
  country_code: string;
  sources: SourceSpec[];
  column_synonyms: Partial<Record<CanonicalField, string[]>>;
  /** Fuzzy header match threshold for the generic mapping (0..1). */
  fuzzy_threshold: number;
  /**
   * Organisation names that are placeholders, not organisations (case-insensitive regular
   * expressions, e.g. `^unknown organi[sz]ation\b`): such rows are dropped and counted.
   */
  placeholder_names?: string[];
  expectations: { sources: ExpectationRule[]; output: ExpectationRule[] };
  quality_thresholds: { email: number; phone: number; website: number };
  observability?: boolean;
  features: { observability?: boolean };
  options: {
    telemetry_exporters?: string[];
    telemetry_resource_attributes?: Record<string, string>;
  };
  /** Enrichment settings (e.g. a local registry file for `enrich`). */
  enrich?: {
    registry?: {
      /** CSV/XLSX/JSON/Parquet file; relative paths resolve against the profile file's folder. */
      path: string;
      name_column: string;
      /** Refined column -> registry header, where the header is not a common spelling. */
      columns?: Record<string, string>;
    };
  };
  /** Where the profile came from (a file path or `bundled:<name>`), for messages. */
  origin: string;
}
