/**
 * A run whose records do not fit its memory budget: loaded records go to their partitions on
 * disk (RecordSpill), then each partition is normalised and aggregated in one pass
 * (partition.ts), on both threads (two-threads.ts), with the functions the in-memory run uses, so
 * the rows are the same. Refining a partition also gathers its rows for the report and writes
 * them, provenance rendered, in output order to the partition's run file; the write stage merges
 * the runs (merge.ts).
 */
import type { Conflict } from "../aggregate.ts";
import type { Profile } from "../../profiles/types.ts";
import type { EventBus } from "../events.ts";
import { OutputStats } from "../output-stats.ts";
import { CONFLICT_EXAMPLES } from "../report.ts";
import { cleanName, organisationSlug } from "../../rules/index.ts";
import type { RawRecord } from "../types.ts";
import { encodePatch, encodeRecord } from "./codec.ts";
import type { RecordSink } from "../load/state.ts";
import type { RowValues } from "../load/records.ts";
import { byPlace, type PartitionAggregate } from "./partition.ts";
import type { PartitionWriters, SpillStore } from "./store.ts";
import { MemoryGuard } from "./memory.ts";
import { onBothThreads } from "./two-threads.ts";

export interface AggregatedPartitions {
  organisations: number;
  stats: OutputStats;
  conflicts: { count: number; examples: Conflict[] };
}

export interface RefineInput {
  countryCode: string;
  profile: Profile;
  signal?: AbortSignal;
  /** Told how many records are done after each partition; may throw to stop (cancel). */
  onNormalised: (completed: number, total: number) => void;
}

/**
 * Normalises and aggregates every partition (raw -> run, key) on both threads: the normalise
 * stage of a spilling run, which aggregates each partition while its records are in memory.
 */
export async function refinePartitions(spilled: Spilled, input: RefineInput): Promise<PartitionAggregate[]> {
  const { countryCode, profile } = input;
  // The highest source priority of the run ranks every partition's rows alike.
  const maxPriority = Math.max(spilled.maxPriority, ...profile.sources.map((source) => source.priority));
  let done = 0;
  const rules = { countryCode, profile, maxPriority, workerOffset: spilled.workerOffset };
  return onBothThreads(spilled, rules, (part) => input.onNormalised((done += part.records), spilled.records), input.signal);
}

/**
 * The aggregate stage of a spilling run: the partitions' results combined in partition order,
 * whichever thread made each, so the sums are the same as on one thread.
 */
export function combinePartitions(parts: readonly PartitionAggregate[], profile: Profile, bus: EventBus): AggregatedPartitions {
  const records = parts.reduce((sum, part) => sum + part.records, 0);
  const stats = new OutputStats(profile);
  let done = 0;
  for (const part of parts) {
    stats.merge(part.stats);
    bus.emit("aggregate.progress", { completed: (done += part.records), total: records });
  }
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
 * A handle is a record's input order and partition in one number (at most 128 partitions), so a
 * join index holds a number, not a record, for each row of a spilling load.
 */
const HANDLE_PARTITIONS = 256;

/**
 * A spilling load's records on their way to the raw partitions (by the slug normalise will give
 * them: the same rules, src/rules/), with the joined rows that follow them there. Records are
 * written before the joined rows taken with them, so a joined row always comes after its record.
 */
export class RecordSpill implements RecordSink {
  private records: RawRecord[] = [];
  private partitions: number[] = [];
  private patches: string[] = [];
  private patchPartitions: number[] = [];

  constructor(
    private readonly writers: PartitionWriters,
    readonly spilled: Spilled,
  ) {
    // A handle holds the partition in its low byte: more partitions would mix records up.
    if (spilled.store.partitions > HANDLE_PARTITIONS) throw new Error(`a spill store of ${spilled.store.partitions} partitions is more than join handles can name (${HANDLE_PARTITIONS})`);
  }

  get pending(): number {
    return this.records.length + this.patches.length;
  }

  add(record: RawRecord): number {
    const p = this.spilled.store.partitionOf(organisationSlug(cleanName(record.organization_name) ?? ""));
    this.records.push(record);
    this.partitions.push(p);
    if (record.source_priority > this.spilled.maxPriority) this.spilled.maxPriority = record.source_priority;
    return record.input_order * HANDLE_PARTITIONS + p;
  }

  join(handle: number, values: RowValues): void {
    this.patches.push(encodePatch(Math.floor(handle / HANDLE_PARTITIONS), values));
    this.patchPartitions.push(handle % HANDLE_PARTITIONS);
  }

  flush(): void {
    this.spilled.memory.check();
    for (let i = 0; i < this.records.length; i++) this.writers.add(this.partitions[i]!, encodeRecord(this.records[i]!));
    for (let i = 0; i < this.patches.length; i++) this.writers.add(this.patchPartitions[i]!, this.patches[i]!);
    this.spilled.records += this.records.length;
    this.records = [];
    this.partitions = [];
    this.patches = [];
    this.patchPartitions = [];
  }
}
