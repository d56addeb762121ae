/**
 * Joins the sheets of one workbook: the first (primary) sheet's records are indexed by every
 * column another sheet joins to; a joined row finds its record by its key (e.g. `C_ID`) and, when
 * that key is blank or unknown, by the fallback (e.g. the company name — real files have blank
 * keys). Names compare without case and extra spaces.
 */
import type { JoinTarget } from "./state.ts";

const SPACE_RUNS = /\s{2,}|[\t\n\r\u00a0]/;

export function joinKey(value: string): string {
  const trimmed = value.trim();
  return (SPACE_RUNS.test(trimmed) ? trimmed.replace(/\s+/g, " ") : trimmed).toLowerCase();
}

export class JoinIndex {
  /** Primary column (folded header) -> key -> record. */
  private readonly byColumn = new Map<string, Map<string, JoinTarget>>();

  constructor(readonly columns: string[]) {
    for (const column of columns) this.byColumn.set(column, new Map());
  }

  /** Indexes a record that did not come from the primary sheet (a joined row with no match). */
  put(column: string, value: string, record: JoinTarget): void {
    const key = joinKey(value);
    const index = this.byColumn.get(column);
    if (key !== "" && index && !index.has(key)) index.set(key, record);
  }

  find(column: string, value: string): JoinTarget | undefined {
    const key = joinKey(value);
    return key === "" ? undefined : this.byColumn.get(column)?.get(key);
  }
}
