/**
 * The records that flow through refine, and the options and result of a run. Stages are
 * functions over these types; nothing here knows about flags, consoles or telemetry.
 */
import type { Profile } from "../profiles/types.ts";
import type { ExpectationResult, SourceRead } from "./events.ts";
import type { Spilled } from "./spill/stages.ts";

/**
 * One source row as a canonical raw record (spec section 3). Load fills it with the cell text
 * (numbers as written, never `2.0`); normalise cleans it in place and adds the slug.
 */
export interface RawRecord {
  organization_name: string | null;
  /** The source label, e.g. "SACAA Cleaned". */
  source_dataset: string;
  /** `<source-key>:<row key>`, e.g. `reachout:2`. */
  source_record_id: string;
  /** The source's priority from the profile (higher wins). */
  source_priority: number;
  /** Position in the input across all sources (the last tie-breaker). */
  input_order: number;
  province: string | null;
  area: string | null;
  address: string | null;
  category: string | null;
  organization_type: string | null;
  status: string | null;
  website: string | null;
  planes: string | null;
  description: string | null;
  notes: string | null;
  last_interaction_date: string | null;
  priority: string | null;
  contact_names: string[];
  contact_roles: string[];
  contact_emails: string[];
  contact_phones: string[];
  /** Set by normalise. */
  organization_slug?: string;
}

/** The 42 SSOT output columns, in order (spec section 8). */
export const SSOT_COLUMNS = [
  "organization_name",
  "organization_slug",
  "province",
  "country",
  "area",
  "address_primary",
  "organization_category",
  "organization_type",
  "status",
  "website",
  "planes",
  "description",
  "notes",
  "source_datasets",
  "source_record_ids",
  "contact_primary_name",
  "contact_primary_role",
  "contact_primary_email",
  "contact_primary_phone",
  "contact_primary_email_confidence",
  "contact_primary_email_status",
  "contact_primary_phone_confidence",
  "contact_primary_phone_status",
  "contact_primary_lead_score",
  "intent_signal_score",
  "intent_signal_count",
  "intent_signal_types",
  "intent_last_observed_at",
  "intent_top_insights",
  "contact_validation_flags",
  "contact_secondary_emails",
  "contact_secondary_phones",
  "contact_email_confidence_avg",
  "contact_phone_confidence_avg",
  "contact_verification_score_avg",
  "contact_lead_score_avg",
  "data_quality_score",
  "data_quality_flags",
  "selection_provenance",
  "last_interaction_date",
  "priority",
  "privacy_basis",
] as const;

export type SsotColumn = (typeof SSOT_COLUMNS)[number];
export type CellValue = string | number | null;

/** Column name -> its index in an output row. */
export const COLUMN = Object.fromEntries(SSOT_COLUMNS.map((name, i) => [name, i])) as Record<SsotColumn, number>;

/** Duplicate primary keys found in one source sheet (first kept, the rest dropped). */
export interface DuplicateKeys {
  /** `<source-key>-<sheet>`, used in the notice file name. */
  table: string;
  key_column: string;
  /** Header row plus the dropped rows as they were read. */
  columns: string[];
  rows: string[][];
}

export interface LoadResult {
  records: RawRecord[];
  sources: SourceRead[];
  /** Rows dropped while loading, by reason. */
  dropped: Record<string, number>;
  duplicates: DuplicateKeys[];
  /** Source expectation results (required columns, not-null, regex) as loaded. */
  expectations: ExpectationResult[];
  /** Non-fatal findings for the report and the console (e.g. the generic mapping chosen). */
  notices: string[];
  /** Records loaded in all, when a worker thread holds some of them (else `records.length`). */
  total?: number;
  /**
   * The records of the last input files, which a worker thread read and normalised while this
   * thread read the first ones; the normalise stage appends them to its own.
   */
  normalisedElsewhere?: Promise<{ records: RawRecord[] }>;
  /** Set when the records went to disk (the spill path): `records` is then empty. */
  spilled?: Spilled;
}

export type QaMode = "default" | "strict";
export type ReportFormat = "json" | "markdown" | "html";

export interface RefineOptions {
  inputDir: string;
  outputPath: string;
  profile: Profile;
  runId: string;
  /** Folder for reports, contract notices and archives (default: the output's folder). */
  distDir: string;
  /** True when the user named `distDir` (a default one never lands in the input folder). */
  distDirGiven?: boolean;
  countryCode: string;
  qaMode: QaMode;
  archive: boolean;
  /** Extra report files (JSON is always written next to the output). */
  reportPath?: string;
  reportFormats: ReportFormat[];
  /** Refuse workbooks whose uncompressed size exceeds this many bytes (zip-bomb guard). */
  maxUncompressedBytes: number;
  /** Above this estimated memory the records are spilled to disk (spill/plan.ts). */
  memoryBudgetBytes: number;
}

export interface RefineResult {
  runId: string;
  outputPath: string;
  records: number;
  invalidRecords: number;
  qualityScoreMean: number;
  reportPath: string;
  files: string[];
  durationSeconds: number;
  expectationsPassed: boolean;
  /** The report's recommendations. */
  recommendations: string[];
}
