/**
 * The work on one spilled partition, the same on either thread (two-threads.ts hands partitions
 * out): normalise it (raw -> norm), or aggregate it (norm -> run, key) with the functions the
 * in-memory run uses, gathering its rows for the report as plain data that crosses threads.
 */
import { rmSync } from "node:fs";
import type { Profile } from "../../profiles/types.ts";
import { aggregateRecords, type Conflict } from "../aggregate.ts";
import { normaliseRecords } from "../normalise.ts";
import { OutputStats, type PortableStats } from "../output-stats.ts";
import { CONFLICT_EXAMPLES } from "../report.ts";
import { decodeRecord, encodeRecord, encodeRowHead } from "./codec.ts";
import { LineWriter, readAllLines } from "./lines.ts";
import type { SpillStore } from "./store.ts";

/**
 * Normalises partition `p` (raw -> norm); returns its records. The main thread's raw records come
 * first; a load worker's follow, numbered on from `workerOffset` (the main thread's count), as
 * if one thread had read every file.
 */
export async function normalisePartition(store: SpillStore, p: number, countryCode: string, workerOffset: number | undefined): Promise<number> {
  const raw = store.path("raw", p, "main");
  const records = (await readAllLines(raw)).map((line) => decodeRecord(line));
  const fromWorker = store.path("raw", p, "worker");
  if (workerOffset !== undefined) {
    for (const line of await readAllLines(fromWorker)) {
      const record = decodeRecord(line);
      record.input_order += workerOffset;
      records.push(record);
    }
  }
  normaliseRecords(records, { countryCode });
  const out = new LineWriter(store.path("norm", p));
  for (const record of records) out.add(encodeRecord(record));
  out.close();
  rmSync(raw, { force: true });
  rmSync(fromWorker, { force: true });
  return records.length;
}

export interface PartitionRules {
  countryCode: string;
  profile: Profile;
  /** The highest source priority of the whole run (a partition alone may not have it). */
  maxPriority: number;
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

/** Aggregates partition `p` (norm -> run, key): its rows in output order, provenance included. */
export async function aggregatePartition(store: SpillStore, p: number, rules: PartitionRules): Promise<PartitionAggregate> {
  const norm = store.path("norm", p);
  const records = (await readAllLines(norm)).map((line) => decodeRecord(line));
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
  rmSync(norm, { force: true });
  const examples = conflicts.map((conflict, seq) => ({ first: conflictFirsts[seq]!, seq, conflict }));
  return { records: records.length, organisations: table.length, stats: stats.toPortable(), conflicts: conflicts.length, examples: byPlace(examples).slice(0, CONFLICT_EXAMPLES) };
}

/** Conflicts in the order the in-memory run reports them. */
export function byPlace(conflicts: PlacedConflict[]): PlacedConflict[] {
  return conflicts.sort((a, b) => a.first - b.first || a.seq - b.seq);
}
