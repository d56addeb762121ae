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

export interface SheetSpec {
  /** Sheet name in the workbook (ignored for CSV). */
  name: string;
  /** 1-based header row (default 1). */
  header_row?: number;
  /** Canonical field -> header spellings (first found wins); several fields may read one column. */
  columns: Partial<Record<CanonicalField, string[]>>;
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

export type ExpectationRule =
  | { rule: "not_null"; column: string; mostly?: number }
  | { rule: "regex"; column: string; pattern: string; mostly?: number }
  | { rule: "value_set"; column: string; values: string[]; mostly?: number }
  | { rule: "range"; column: string; min?: number; max?: number; mostly?: number };

export interface Profile {
  name: string;
  display_name: string;
  country_code: string;
  sources: SourceSpec[];
  column_synonyms: Partial<Record<CanonicalField, string[]>>;
  /** Fuzzy header match threshold for the generic mapping (0..1). */
  fuzzy_threshold: number;
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
