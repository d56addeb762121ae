/**
 * The records between load and write, and the three stages that work on them (normalise,
 * aggregate, expectations), in one of two places: in memory (a run that fits its memory budget),
 * or in partitions on disk (spill/refining.ts). The stages run the same functions either way and
 * give the same table; `run.ts` does not need to know which it has.
 */
import type { RowSource } from "../formats/types.ts";
import type { Profile } from "../profiles/types.ts";
import { aggregateRecords, type Conflict } from "./aggregate.ts";
import type { EventBus, ExpectationResult } from "./events.ts";
import { normaliseLoaded } from "./normalise.ts";
import { OutputStats } from "./output-stats.ts";
import { CONFLICT_EXAMPLES } from "./report.ts";
import type { RefinedTable } from "./refined-table.ts";
import type { LoadResult } from "./types.ts";

export interface StageContext {
  countryCode: string;
  profile: Profile;
  bus: EventBus;
  signal?: AbortSignal;
  /** Told how far normalising has got; may throw to stop (cancel). */
  onNormalised: (completed: number, total: number) => void;
}

export interface Aggregated {
  organisations: number;
  conflicts: { count: number; examples: Conflict[] };
  /**
   * Seconds of the stage spent judging the rows as they were made: the expectations stage's
   * work, which the report counts there.
   */
  checkSeconds: number;
}

export interface Checked {
  stats: OutputStats;
  results: ExpectationResult[];
  invalidRecords: number;
}

export interface Refining {
  /** The normalise stage; resolves with the records normalised. */
  normalise(): Promise<number>;
  /** The aggregate stage: one row per organisation. */
  aggregate(): Promise<Aggregated>;
  /** The expectations stage over the output rows. */
  expectations(): Promise<Checked>;
  /** The output rows, in order, for the writers. */
  rows(): RowSource;
}

/** Records held in memory. */
export function inMemory(load: LoadResult, context: StageContext): Refining {
  let table: RefinedTable | undefined;
  let records = load.records;
  // Aggregate gathers the rows as it makes them (see aggregate.ts); expectations reads the result.
  const stats = new OutputStats(context.profile);
  return {
    async normalise() {
      const normalised = await normaliseLoaded(load, { countryCode: context.countryCode, onProgress: context.onNormalised });
      records = normalised.records;
      return records.length;
    },
    async aggregate() {
      const aggregated = aggregateRecords(records, { countryCode: context.countryCode, profile: context.profile, bus: context.bus, signal: context.signal, stats });
      load.records.length = 0;
      records = [];
      table = aggregated.table;
      return {
        organisations: table.length,
        conflicts: { count: aggregated.conflicts.length, examples: aggregated.conflicts.slice(0, CONFLICT_EXAMPLES) },
        checkSeconds: stats.secondsSpent,
      };
    },
    async expectations() {
      return { stats, ...stats.finish((key) => table!.rowNumberOf(key.first)) };
    },
    rows: () => table!,
  };
}
