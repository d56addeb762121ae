/**
 * The work on one spilled partition, the same on either thread (two-threads.ts hands partitions
 * out): normalise and aggregate it (raw -> run, key) with the functions the in-memory run uses,
 * gathering its rows for the report as plain data that crosses threads.
 */
import { rmSync } from "node:fs";
import type { Profile } from "../../profiles/types.ts";
import { aggregateRecords, type Conflict } from "../aggregate.ts";
import { normaliseRecords } from "../normalise.ts";
import { OutputStats, type PortableStats } from "../output-stats.ts";
import { CONFLICT_EXAMPLES } from "../report.ts";
import { decodeRaw, encodeRowHead, type Patch } from "./codec.ts";
import { mergeInto } from "../load/records.ts";
import { LineWriter, readAllLines } from "./lines.ts";
import type { SpillStore } from "./store.ts";
import type { RawRecord } from "../types.ts";

/**
 * Partition `p`'s raw records, in input order: the main thread's first, then a load worker's,
 * numbered on from `workerOffset` (the main thread's count), as if one thread had read every file.
 * The joined rows that followed their records to disk are merged into them in the order they
 * were read, as the in-memory load merges them (load/records.ts).
 */
async function rawRecords(store: SpillStore, p: number, workerOffset: number | undefined): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  const patches: Patch[] = [];
  const read = (line: string, offset: number) => {
    const item = decodeRaw(line, offset);
    if ("values" in item) patches.push(item);
    else records.push(item);
  };
  const raw = store.path("raw", p, "main");
  for (const line of await readAllLines(raw)) read(line, 0);
  const fromWorker = store.path("raw", p, "worker");
  if (workerOffset !== undefined) for (const line of await readAllLines(fromWorker)) read(line, workerOffset);
  rmSync(raw, { force: true });
  rmSync(fromWorker, { force: true });
  if (patches.length > 0) {
    const byOrder = new Map(records.map((record) => [record.input_order, record]));
    for (const patch of patches) mergeInto(byOrder.get(patch.order)!, patch.values);
  }
  return records;
}

export interface PartitionRules {
  countryCode: string;
  profile: Profile;
  /** The highest source priority of the whole run (a partition alone may not have it). */
  maxPriority: number;
  /** When a load worker read some files: its records follow this many of the main thread's. */
  workerOffset: number | undefined;
}

/** A conflict with its place among all of them (the first input row of its organisation, then its rank there). */
export interface PlacedConflict {
  first: number;
  seq: number;
  conflict: Conflict;
}

export interface PartitionAggregate {
  records: number;
  organisations: number;
  stats: PortableStats;
  conflicts: number;
  /** The partition's first conflicts by place (as many as the report shows). */
  examples: PlacedConflict[];
}

/**
 * Refines partition `p` in one pass (raw -> run, key): its records normalised, then aggregated
 * into its rows, written in output order with their provenance. Every organisation is in one
 * partition, so this is the whole of normalise and aggregate for its organisations. Reading the
 * records from disk once, not once per stage: 30.1 s (58.8 s CPU) against 33.7 s (65.6 s CPU)
 * for the two stages at 1,000,000 aviation-dense organisations.
 */
export async function refinePartition(store: SpillStore, p: number, rules: PartitionRules): Promise<PartitionAggregate> {
  const records = await rawRecords(store, p, rules.workerOffset);
  normaliseRecords(records, { countryCode: rules.countryCode });
  const stats = new OutputStats(rules.profile);
  const { table, conflicts, conflictFirsts } = aggregateRecords(records, { countryCode: rules.countryCode, maxPriority: rules.maxPriority, stats });
  const run = new LineWriter(store.path("run", p));
  const keys = new LineWriter(store.path("key", p));
  const json = table.jsonColumn;
  for (let i = 0; i < table.length; i++) {
    const key = table.orderKey(i);
    run.add(encodeRowHead(key, json.otherCells(i)), json.bytes(i));
    keys.add(JSON.stringify([key.name, key.first]));
  }
  run.close();
  keys.close();
  const examples = conflicts.map((conflict, seq) => ({ first: conflictFirsts[seq]!, seq, conflict }));
  return { records: records.length, organisations: table.length, stats: stats.toPortable(), conflicts: conflicts.length, examples: byPlace(examples).slice(0, CONFLICT_EXAMPLES) };
}

/** Conflicts in the order the in-memory run reports them. */
export function byPlace(conflicts: PlacedConflict[]): PlacedConflict[] {
  return conflicts.sort((a, b) => a.first - b.first || a.seq - b.seq);
}
