/**
 * What loading accumulates across files: the records in input order, the rows dropped and why,
 * duplicate keys, expectation results, the sheets read and the notices for the report.
 */
import type { Profile } from "../../profiles/types.ts";
import { compileProfileRules, type CompiledRule } from "../../rules/expectations.ts";
import { nameRules, type NameRejection, type NameRules } from "../../rules/names.ts";
import type { ExpectationResult, SourceRead } from "../events.ts";
import type { DuplicateKeys, LoadResult, RawRecord } from "../types.ts";

export type DropReason = NameRejection | "duplicate_key" | "unmatched_join_row";

/** Records a spilling run holds at most while a sheet no other joins to is read. */
export const SPILL_ROWS = 20_000;

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
  /** Takes the records so far when they may go (the spill path: see `settled`). */
  spillHook?: (records: RawRecord[]) => void;

  /**
   * A loader says this after a record when no later row can join into the records so far (a
   * sheet no other sheet joins to): a spilling run may then move them out every SPILL_ROWS.
   */
  settled(): void {
    if (this.spillHook && this.records.length >= SPILL_ROWS) this.spillHook(this.records);
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
