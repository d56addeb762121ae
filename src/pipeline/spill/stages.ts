/**
 * A run whose records do not fit its memory budget: loaded records go to their partitions on
 * disk (spillRecords), then normalise and aggregate run a partition at a time (partition.ts), on
 * both threads (two-threads.ts), with the functions the in-memory run uses, so the rows are the
 * same. Aggregating a partition also gathers its rows for the report and writes them, provenance
 * rendered, in output order to the partition's run file; the write stage merges the runs
 * (merge.ts).
 */
import type { Conflict } from "../aggregate.ts";
import type { EventBus } from "../events.ts";
import { OutputStats } from "../output-stats.ts";
import { CONFLICT_EXAMPLES } from "../report.ts";
import { cleanName, organisationSlug } from "../../rules/index.ts";
import type { RawRecord } from "../types.ts";
import { encodeRecord } from "./codec.ts";
import { byPlace, type PartitionRules } from "./partition.ts";
import type { PartitionWriters, SpillStore } from "./store.ts";
import { MemoryGuard } from "./memory.ts";
import { onBothThreads } from "./two-threads.ts";

/** Normalises every partition in place (raw -> norm); returns the records normalised. */
export async function normalisePartitions(spilled: Spilled, countryCode: string, onProgress: (completed: number, total: number) => void, signal?: AbortSignal): Promise<number> {
  let done = 0;
  const task = { stage: "normalise", countryCode, workerOffset: spilled.workerOffset } as const;
  await onBothThreads(spilled, task, (records) => onProgress((done += records), spilled.records), signal);
  return done;
}

export interface AggregatedPartitions {
  organisations: number;
  stats: OutputStats;
  conflicts: { count: number; examples: Conflict[] };
}

export interface AggregateInput extends PartitionRules {
  bus: EventBus;
  signal?: AbortSignal;
  records: number;
}

/** Aggregates every partition (norm -> run, key) and gathers the output's statistics. */
export async function aggregatePartitions(spilled: Spilled, input: AggregateInput): Promise<AggregatedPartitions> {
  const { countryCode, profile, maxPriority } = input;
  let recordsDone = 0;
  const parts = await onBothThreads(
    spilled,
    { stage: "aggregate", rules: { countryCode, profile, maxPriority } },
    (part) => input.bus.emit("aggregate.progress", { completed: (recordsDone += part.records), total: input.records }),
    input.signal,
  );
  // Combined in partition order, whichever thread did each: the same sums as on one thread.
  const stats = new OutputStats(profile);
  for (const part of parts) stats.merge(part.stats);
  const examples = byPlace(parts.flatMap((part) => part.examples)).slice(0, CONFLICT_EXAMPLES);
  return {
    organisations: parts.reduce((sum, part) => sum + part.organisations, 0),
    stats,
    conflicts: { count: parts.reduce((sum, part) => sum + part.conflicts, 0), examples: examples.map((e) => e.conflict) },
  };
}

/** What spilling a load left: how many records, and the highest source priority among them. */
export interface Spilled {
  store: SpillStore;
  records: number;
  maxPriority: number;
  /** The loading thread's collections (memory.ts). */
  memory: MemoryGuard;
  /** The budget, for the guards of the partition stages. */
  budgetBytes: number;
  /** When a worker thread loaded some files: its records (raw/worker-<p>) follow this many of the main thread's. */
  workerOffset?: number;
}

/** What a spilling load starts with, for a run with `budgetBytes` of memory. */
export function spilledFor(store: SpillStore, budgetBytes: number): Spilled {
  return { store, records: 0, maxPriority: 1, memory: new MemoryGuard(budgetBytes), budgetBytes };
}

/**
 * Moves loaded records to their raw partitions (by the slug normalise will give them: the same
 * rules, src/rules/), emptying `records`.
 */
export function spillRecords(records: RawRecord[], writers: PartitionWriters, spilled: Spilled): void {
  spilled.memory.check();
  for (const record of records) {
    const slug = organisationSlug(cleanName(record.organization_name) ?? "");
    writers.add(spilled.store.partitionOf(slug), encodeRecord(record));
    if (record.source_priority > spilled.maxPriority) spilled.maxPriority = record.source_priority;
  }
  spilled.records += records.length;
  records.length = 0;
}
