/**
 * What an offline fetcher is, and the fixed confidence of each kind.
 */
import type { Candidate, EnrichOptions, FetcherName, RowView } from "../types.ts";

export const CONFIDENCE: Record<"lookup" | "registry" | "history" | "derived", number> = {
  lookup: 0.95,
  registry: 0.98,
  history: 0.85,
  derived: 0.9,
};

export interface OfflineFetcher {
  name: FetcherName;
  /** The label used for the fetcher's span and metrics (`hotpass.enrichment.*{strategy}`). */
  strategy: string;
  /** What it read (a file), or why it had nothing to offer; for logs and `--log-format json`. */
  from: string | null;
  /** Why an idle fetcher had nothing to read. */
  note?: string;
  candidates(row: RowView): Candidate[];
}

export type PrepareFetcher = (options: EnrichOptions, input: { columns: string[] }) => Promise<OfflineFetcher>;

/** A fetcher with nothing to read this run (no lookup file, no registry in the profile, ...). */
export function idleFetcher(name: FetcherName, strategy: string, why: string): OfflineFetcher {
  return { name, strategy, from: null, note: why, candidates: () => [] };
}
