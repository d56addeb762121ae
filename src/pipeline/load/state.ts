/**
 * What loading accumulates across files: the records in input order, the rows dropped and why,
 * duplicate keys, expectation results, the sheets read and the notices for the report.
 */
import type { Profile } from "../../profiles/types.ts";
import { compileProfileRules, type CompiledRule } from "../../rules/expectations.ts";
import { nameRules, type NameRejection, type NameRules } from "../../rules/names.ts";
import type { ExpectationResult, SourceRead } from "../events.ts";
import type { DuplicateKeys, LoadResult, RawRecord } from "../types.ts";
import { mergeInto, type RowValues } from "./records.ts";

export type DropReason = NameRejection | "duplicate_key" | "unmatched_join_row";

/** Records (and joined rows) a spilling load holds at most before they go to disk. */
export const SPILL_ROWS = 20_000;

/**
 * What a join index keeps to find a record again: the record itself, or in a spilling load a
 * handle to it on disk (RecordSink.add), since the record has gone there already.
 */
export type JoinTarget = RawRecord | number;

/**
 * Where a spilling load's records go (spill/stages.ts). A joined row cannot change a record on
 * disk, so it follows its record there and is merged into it when the partition is read, in the
 * same order as in memory (spill/partition.ts): a workbook's records need not wait for its joins.
 */
export interface RecordSink {
  /** Takes a new record; returns the handle a join index keeps for it. */
  add(record: RawRecord): number;
  /** Takes a joined row's values for the record `handle` names. */
  join(handle: number, values: RowValues): void;
  /** Records and joined rows taken and not yet on disk. */
  readonly pending: number;
  /** Writes them to their partitions. */
  flush(): void;
}

/** The profile's rules loading applies, compiled once per run (and once in the worker thread). */
export interface LoadRules {
  names: NameRules;
  /** The profile's source expectations, for every sheet of the run. */
  sourceExpectations: readonly CompiledRule[];
}

export function compileLoadRules(profile: Profile): LoadRules {
  return {
    names: nameRules(profile.placeholder_names),
    sourceExpectations: compileProfileRules(profile.expectations.sources, "expectations.sources"),
  };
}

export class LoadState implements LoadResult {
  readonly records: RawRecord[] = [];
  readonly sources: SourceRead[] = [];
  readonly dropped: Record<string, number> = {};
  readonly duplicates: DuplicateKeys[] = [];
  readonly expectations: ExpectationResult[] = [];
  readonly notices: string[] = [];

  /** `onNotice` passes each notice on as it happens (the loader emits them as `warning` events). */
  constructor(
    readonly rules: LoadRules,
    private readonly onNotice: (code: string, message: string) => void = () => {},
  ) {}

  /** Something the user should know that did not stop the load: kept for the report and emitted. */
  notice(code: string, message: string): void {
    this.notices.push(message);
    this.onNotice(code, message);
  }

  drop(reason: DropReason): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
  }

  /** Why a row with this organisation name cannot become a record, if it cannot (rules/names.ts). */
  rejectName(name: string | undefined): DropReason | undefined {
    return this.rules.names.reject(name);
  }

  private order = 0;
  /** A spilling load's records go here instead of to `records`. */
  spill?: RecordSink;

  /** Keeps a new record; returns what a join index keeps to find it. */
  add(record: RawRecord): JoinTarget {
    if (this.spill) return this.spill.add(record);
    this.records.push(record);
    return record;
  }

  /** Adds a joined row to the record `target` stands for (load/records.ts mergeInto). */
  join(target: JoinTarget, values: RowValues): void {
    if (typeof target === "number") this.spill!.join(target, values);
    else mergeInto(target, values);
  }

  /** A loader says this after each row: a spilling load then moves what it holds out every SPILL_ROWS. */
  settled(): void {
    if (this.spill && this.spill.pending >= SPILL_ROWS) this.spill.flush();
  }

  /** The input order of the next record (counted: a spilling run empties `records` as it goes). */
  nextOrder(): number {
    return this.order++;
  }

  result(): LoadResult {
    const { records, sources, dropped, duplicates, expectations, notices } = this;
    return { records, sources, dropped, duplicates, expectations, notices };
  }
}
