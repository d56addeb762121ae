/**
 * What loading accumulates across files: the records in input order, the rows dropped and why,
 * duplicate keys, expectation results, the sheets read and the notices for the report.
 */
import type { CompiledRule } from "../../rules/expectations.ts";
import type { ExpectationResult, SourceRead } from "../events.ts";
import type { DuplicateKeys, LoadResult, RawRecord } from "../types.ts";

export type DropReason =
  | "empty_organization_name"
  | "placeholder_organization_name"
  | "duplicate_key"
  | "unmatched_join_row";

export class LoadState implements LoadResult {
  readonly records: RawRecord[] = [];
  readonly sources: SourceRead[] = [];
  readonly dropped: Record<string, number> = {};
  readonly duplicates: DuplicateKeys[] = [];
  readonly expectations: ExpectationResult[] = [];
  readonly notices: string[] = [];
  private readonly placeholders: RegExp[];

  /**
   * `sourceRules`: the profile's source expectations, compiled once for every sheet of the run.
   * `onNotice` passes each notice on as it happens (the loader emits them as `warning` events).
   */
  constructor(
    placeholderNames: string[],
    readonly sourceRules: readonly CompiledRule[],
    private readonly onNotice: (code: string, message: string) => void = () => {},
  ) {
    this.placeholders = placeholderNames.map((pattern) => new RegExp(pattern, "i"));
  }

  /** Something the user should know that did not stop the load: kept for the report and emitted. */
  notice(code: string, message: string): void {
    this.notices.push(message);
    this.onNotice(code, message);
  }

  drop(reason: DropReason): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
  }

  /** Why a row with this organisation name cannot become a record, if it cannot. */
  rejectName(name: string | undefined): DropReason | undefined {
    if (name === undefined || name.trim() === "") return "empty_organization_name";
    if (this.placeholders.some((re) => re.test(name.trim()))) return "placeholder_organization_name";
    return undefined;
  }

  nextOrder(): number {
    return this.records.length;
  }

  result(): LoadResult {
    const { records, sources, dropped, duplicates, expectations, notices } = this;
    return { records, sources, dropped, duplicates, expectations, notices };
  }
}
