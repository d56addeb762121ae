/**
 * The shapes enrichment works with: the options of a run, the candidate values fetchers offer,
 * and the provenance entries written next to every value enrichment touched.
 */
import type { Profile } from "../profiles/types.ts";
import type { CellValue } from "../pipeline/types.ts";

/** Refined columns enrichment may fill when they are empty (never when a value is present). */
export const ENRICHABLE_COLUMNS = [
  "province",
  "country",
  "area",
  "address_primary",
  "organization_category",
  "organization_type",
  "status",
  "website",
  "contact_primary_name",
  "contact_primary_role",
  "contact_primary_email",
  "contact_primary_phone",
] as const;
export type EnrichableColumn = (typeof ENRICHABLE_COLUMNS)[number];

/** The columns every enriched output gains, in this order. */
export const PROVENANCE_COLUMNS = [
  "provenance_source",
  "provenance_timestamp",
  "provenance_confidence",
  "provenance_strategy",
  "provenance_network_status",
] as const;

export type FetcherName = "lookup" | "registry" | "history" | "derived" | "website" | "mx";

/** A value a fetcher offers for one empty field of one row. */
export interface Candidate {
  column: EnrichableColumn;
  value: string;
  fetcher: FetcherName;
  /** Where it came from, e.g. `lookup:organizations.csv`, `derived:contact_primary_email`. */
  source: string;
  /** How it was found, e.g. `exact_name`, `email_domain`, `area_code`. */
  strategy: string;
  confidence: number;
}

/** One provenance record: what enrichment did to one field of one row. */
export interface ProvenanceEntry {
  field: string;
  source: string;
  /** ISO 8601 time the value was obtained (or the check made). */
  timestamp: string;
  confidence: number | null;
  strategy: string;
  /** `disabled` when the run had no network; otherwise the outcome of the check. */
  network_status: string;
}

/** A row as enrichment sees it: read and write cells by column name. */
export interface RowView {
  index: number;
  get(column: string): string | null;
  set(column: string, value: CellValue): void;
}

export interface NetworkOptions {
  /** Per request (robots.txt, HEAD, GET, DNS). */
  timeoutMs: number;
  /** Minimum time between two requests to the same host. */
  hostIntervalMs: number;
  /** Folder for the on-disk research cache. */
  cacheDir: string;
  cacheTtlSeconds: number;
  /** `host:port` of the DNS server for MX lookups (HOTPASS_DNS_SERVER); the system's otherwise. */
  dnsServer?: string;
}

export interface EnrichOptions {
  inputPath: string;
  outputPath: string;
  profile: Profile;
  runId: string;
  /** Where earlier refined outputs are looked for (history). */
  distDir: string;
  /** Folder `.hotpass/lookups/` is looked for in. */
  cwd: string;
  confidenceThreshold: number;
  lookupPath?: string;
  allowNetwork: boolean;
  network: NetworkOptions;
  /** The run's clock (provenance timestamps). */
  now: Date;
}

export interface EnrichResult {
  runId: string;
  outputPath: string;
  /** The run report written beside the output (`<output>-enrich-report.json`). */
  reportPath: string;
  files: string[];
  totalRecords: number;
  /** Rows that gained at least one value. */
  enrichedRecords: number;
  /** Fields filled, by fetcher. */
  fillsByFetcher: Record<string, number>;
  /** Network checks made (0 when network is off). */
  networkChecks: number;
  durationSeconds: number;
}
