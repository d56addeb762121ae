/**
 * Normalise and aggregate for a run whose records were spilled (store.ts), one partition at a
 * time, with the functions the in-memory run uses (normaliseRecords, aggregateRecords), so the
 * rows are the same. Aggregating a partition also gathers its rows for the report (OutputStats)
 * and writes them, provenance rendered, in output order to the partition's run file; the write
 * stage merges the runs (merge.ts).
 */
import { rmSync } from "node:fs";
import type { Profile } from "../../profiles/types.ts";
import { throwIfCancelled } from "../../run/control.ts";
import { aggregateRecords, type Conflict } from "../aggregate.ts";
import type { EventBus } from "../events.ts";
import { normaliseRecords } from "../normalise.ts";
import { OutputStats } from "../output-stats.ts";
import { CONFLICT_EXAMPLES } from "../report.ts";
import { decodeRecord, encodeRecord, encodeRow } from "./codec.ts";
import { cleanName, organisationSlug } from "../../rules/index.ts";
import type { RawRecord } from "../types.ts";
import { LineWriter, readAllLines } from "./lines.ts";
import type { PartitionWriters, SpillStore } from "./store.ts";


/** Normalises every partition in place (raw -> norm); returns the records normalised. */
export async function normalisePartitions(store: SpillStore, countryCode: string, onProgress: (completed: number, total: number) => void, total: number): Promise<number> {
  let done = 0;
  for (let p = 0; p < store.partitions; p++) {
    const raw = store.path("raw", p, "main");
    const records = (await readAllLines(raw)).map((line) => decodeRecord(line));
    normaliseRecords(records, { countryCode });
    const out = new LineWriter(store.path("norm", p));
    for (const record of records) out.add(encodeRecord(record));
    out.close();
    rmSync(raw, { force: true });
    done += records.length;
    onProgress(done, total);
  }
  return done;
}

export interface AggregatedPartitions {
  organisations: number;
  stats: OutputStats;
  conflicts: { count: number; examples: Conflict[] };
}

export interface AggregateInput {
  countryCode: string;
  profile: Profile;
  /** The highest source priority of the whole run (a partition alone may not have it). */
  maxPriority: number;
  bus: EventBus;
  signal?: AbortSignal;
  records: number;
}

/** Aggregates every partition (norm -> run, key) and gathers the output's statistics. */
export async function aggregatePartitions(store: SpillStore, input: AggregateInput): Promise<AggregatedPartitions> {
  const stats = new OutputStats(input.profile);
  const examples: { first: number; seq: number; conflict: Conflict }[] = [];
  let count = 0;
  let organisations = 0;
  let recordsDone = 0;
  for (let p = 0; p < store.partitions; p++) {
    const norm = store.path("norm", p);
    const records = (await readAllLines(norm)).map((line) => decodeRecord(line));
    recordsDone += records.length;
    const { table, conflicts, conflictFirsts } = aggregateRecords(records, { countryCode: input.countryCode, maxPriority: input.maxPriority, signal: input.signal });
    const part = new OutputStats(input.profile);
    const run = new LineWriter(store.path("run", p));
    const keys = new LineWriter(store.path("key", p));
    for (let i = 0; i < table.length; i++) {
      const key = table.orderKey(i);
      const row = table.row(i);
      part.add(row, key);
      run.add(encodeRow(key, row));
      keys.add(JSON.stringify([key.name, key.first]));
    }
    run.close();
    keys.close();
    rmSync(norm, { force: true });
    stats.merge(part);
    organisations += table.length;
    count += conflicts.length;
    conflicts.forEach((conflict, seq) => examples.push({ first: conflictFirsts[seq]!, seq, conflict }));
    examples.sort((a, b) => a.first - b.first || a.seq - b.seq).splice(CONFLICT_EXAMPLES);
    input.bus.emit("aggregate.progress", { completed: recordsDone, total: input.records });
    throwIfCancelled(input.signal);
  }
  return { organisations, stats, conflicts: { count, examples: examples.map((e) => e.conflict) } };
}

/** What spilling a load left: how many records, and the highest source priority among them. */
export interface Spilled {
  store: SpillStore;
  records: number;
  maxPriority: number;
  /** Resident bytes above which loading stops for a full collection (see `collectIfOver`). */
  collectAbove: number;
  /** How far above what a collection leaves the next one comes. */
  headroom: number;
}

/** What a spilling load starts with, for a run with `budgetBytes` of memory. */
export function spilledFor(store: SpillStore, budgetBytes: number): Spilled {
  return { store, records: 0, maxPriority: 1, collectAbove: budgetBytes / 2, headroom: budgetBytes / 8 };
}

/**
 * Reading a workbook leaves garbage (inflated XML, cell strings, buffers outside the heap) faster
 * than the collector's own pace frees it: without a push, a million organisations peaked at
 * 1.8-2.4 GiB while loading with well under 1 GiB alive. So when resident memory passes half the
 * budget, loading stops for a full collection; when one frees too little (what is alive has
 * grown), the bar rises above what is left, so collections never come at every spill.
 */
function collectIfOver(spilled: Spilled): void {
  if (process.memoryUsage.rss() < spilled.collectAbove) return;
  Bun.gc(true);
  spilled.collectAbove = Math.max(spilled.collectAbove, process.memoryUsage.rss() + spilled.headroom);
}

/**
 * Moves loaded records to their raw partitions (by the slug normalise will give them: the same
 * rules, src/rules/), emptying `records`.
 */
export function spillRecords(records: RawRecord[], writers: PartitionWriters, spilled: Spilled): void {
  collectIfOver(spilled);
  for (const record of records) {
    const slug = organisationSlug(cleanName(record.organization_name) ?? "");
    writers.add(spilled.store.partitionOf(slug), encodeRecord(record));
    if (record.source_priority > spilled.maxPriority) spilled.maxPriority = record.source_priority;
  }
  spilled.records += records.length;
  records.length = 0;
}
