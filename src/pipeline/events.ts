/**
 * The structured events of a run. The pipeline only emits these; the console renderer, the JSON
 * log writer, telemetry (spans, span events, metrics) and lineage all listen to the same stream.
 * Payload keys are snake_case because they appear verbatim in JSON logs and reports.
 */

/** One sheet (or CSV file) as it was read. */
export interface SourceRead {
  /** Source label from the profile, e.g. "SACAA Cleaned", or "generic" for unclaimed files. */
  source: string;
  /** Absolute path of the workbook. */
  file: string;
  sheet: string;
  rows: number;
  /** Header cells as found in the sheet, in order. */
  columns: string[];
  /** Mapping chosen for the sheet: canonical field -> header it was read from. */
  mapping: Record<string, string>;
  seconds: number;
}

export interface ExpectationResult {
  /** Rule name, e.g. "not_null", "regex", "required_columns". */
  rule: string;
  /** "source:<label>/<sheet>" or "output". */
  scope: string;
  column?: string;
  success: boolean;
  /** Rows that failed the rule. */
  failed: number;
  total: number;
  mostly?: number;
  message: string;
  /** Up to 5 failing cells (absent in older reports and on required_columns results). */
  samples?: ExpectationSample[];
}

/** A failing cell: `row` is the 1-based sheet row for a source, the 1-based output row for the output. */
export interface ExpectationSample {
  row: number;
  value: string;
}

export interface EventPayloads {
  "pipeline.start": { input_dir: string; output_path: string; profile: string; run_id: string };
  "load.started": { input_dir: string };
  /** Progress within a file: rows read so far (every 10,000 rows, on the main thread). */
  "load.progress": { file: string; rows: number };
  /** Progress: one file finished reading. */
  /** `thread` says where the file was read: the main thread, or the worker thread (split.ts). */
  "load.file": { file: string; rows: number; files_done: number; files_total: number; thread: "main" | "worker" };
  "load.completed": {
    /** Records built (sheet rows after joins, minus the rows dropped while loading). */
    total_rows: number;
    /** Rows read from every sheet (the report's `source_rows`). */
    source_rows: number;
    sources: SourceRead[];
    load_seconds: number;
    /** Rows dropped while loading, by reason (e.g. "empty_organization_name"). */
    dropped: Record<string, number>;
  };
  /**
   * The input looked too big for the memory budget: its records go to disk, partitioned by
   * organisation, and are refined a partition at a time (the output is the same).
   */
  "load.spilling": { estimated_rows: number; budget_mb: number; partitions: number; folder: string };
  "normalise.started": { total_rows: number };
  /** Progress: records normalised so far on the main thread (every 10,000). */
  "normalise.progress": { completed: number; total: number };
  "normalise.completed": { total_rows: number; normalise_seconds: number };
  "aggregate.started": { total: number };
  "aggregate.progress": { completed: number; total: number };
  "aggregate.completed": {
    total: number;
    aggregated_records: number;
    conflicts: number;
    /** Normalise plus aggregate, as the seed's `aggregation_seconds` metric and the report count it. */
    aggregation_seconds: number;
    /** The aggregate stage alone. */
    aggregate_seconds: number;
  };
  "expectations.started": { records: number };
  "expectations.completed": {
    success: boolean;
    failure_count: number;
    results: ExpectationResult[];
    expectations_seconds: number;
  };
  "write.started": { path: string; format: string };
  "write.completed": {
    path: string;
    format: string;
    rows: number;
    bytes: number;
    columns: string[];
    /** Empty cells per output column. */
    null_counts: Record<string, number>;
    /** Every file written: the output, sidecars, reports, archive. */
    files: string[];
    write_seconds: number;
  };
  "pipeline.completed": {
    total_records: number;
    invalid_records: number;
    duration: number;
    quality_score_mean: number;
    report_path: string;
    /** The report's recommendations (CRITICAL / WARNING lines, or that quality looks good). */
    recommendations: string[];
    /** Every file written. */
    files: string[];
  };
  /** `reason` is "cancelled" when the run was stopped through its AbortSignal (Ctrl+C, a client's cancel). */
  "pipeline.failed": { error: string; exit_code: number; reason: FailureReason };
  /** Something the user should know that did not stop the run. */
  warning: { message: string; code?: string };

  /** Emitted once the input has been read (its rows and columns are known). */
  "enrich.started": {
    input_path: string;
    output_path: string;
    profile: string;
    run_id: string;
    allow_network: boolean;
    input_format?: string;
    input_rows?: number;
    input_columns?: string[];
    input_bytes?: number;
  };
  /** One fetcher begins its pass (lookup, registry, history, derived, website, mx). */
  "enrich.fetcher.started": { fetcher: string; strategy: string; network_used: boolean };
  "enrich.fetcher.completed": {
    fetcher: string;
    strategy: string;
    /** Records the fetcher had at least one usable value (at or above the threshold) for. */
    records: number;
    seconds: number;
    network_used: boolean;
    /** The file it read, when it read one. */
    source?: string;
    /** Why a fetcher had nothing to read (no lookup table, no registry in the profile, ...). */
    note?: string;
  };
  "enrich.completed": {
    total_records: number;
    enriched_records: number;
    output_path: string;
    duration: number;
    format?: string;
    bytes?: number;
    columns?: string[];
    /** Empty cells per output column. */
    null_counts?: Record<string, number>;
    /** Every file written (the output plus sidecars). */
    files?: string[];
    /** Fields filled, by the fetcher whose value won. */
    fills_by_fetcher?: Record<string, number>;
    /** Intent signals found (the `hotpass.intent.signals` metric), when the enrichers look for them. */
    intent_signals?: number;
  };
  "enrich.failed": { error: string; exit_code: number; reason: FailureReason };
}

export type EventName = keyof EventPayloads;

/** Why a run failed: an error, or a cancellation through its AbortSignal. */
export type FailureReason = "error" | "cancelled";

/**
 * One event: a union over the payload map, so a sink that switches on `event.name` sees the
 * matching `event.data` type without a cast. `PipelineEvent<"load.file">` is that one event.
 */
export type PipelineEvent<N extends EventName = EventName> = {
  [K in N]: {
    name: K;
    /** Milliseconds since the epoch. */
    ts: number;
    data: EventPayloads[K];
  };
}[N];

export type EventSink = (event: PipelineEvent) => void;

/** The stages of refine, in order; each has `<stage>.started` and `<stage>.completed` events. */
export const STAGES = ["load", "normalise", "aggregate", "expectations", "write"] as const;
export type Stage = (typeof STAGES)[number];

/** Fans one event out to every sink; a failing sink never breaks the run or the other sinks. */
export class EventBus {
  private readonly sinks: EventSink[] = [];

  constructor(sinks: EventSink[] = []) {
    this.sinks.push(...sinks);
  }

  subscribe(sink: EventSink): void {
    this.sinks.push(sink);
  }

  emit<N extends EventName>(name: N, data: EventPayloads[N]): void {
    // The cast is the one place a name and its payload are paired; callers are checked by `N`.
    const event = { name, ts: Date.now(), data } as PipelineEvent;
    for (const sink of this.sinks) {
      try {
        sink(event);
      } catch {
        // An observer's failure (a closed pipe, an exporter bug) must not change the run's outcome.
      }
    }
  }
}
