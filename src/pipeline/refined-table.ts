/**
 * The refined table between aggregate and write: one row per organisation in SSOT column order,
 * with the `selection_provenance` cell rendered only when a row is asked for (writing it), from
 * the organisation's ranked source rows. Holding every row's provenance JSON (1.5 KB each) from
 * aggregate to write was the run's largest use of memory; rendering it at write time costs the
 * same work once.
 */
import type { RowSource } from "../formats/types.ts";
import { COLLECT_EVERY_ROWS, collectYoungGarbage } from "./garbage.ts";
import { sortKey, type OrderKey } from "./order.ts";
import { COLUMN, SSOT_COLUMNS, type CellValue, type RawRecord, type SsotColumn } from "./types.ts";

const PROVENANCE = COLUMN.selection_provenance;

/** One organisation's row as aggregate made it. */
export interface AggregatedRow {
  /** Every cell but the provenance (null there). */
  cells: CellValue[];
  /** The source rows it was made from, best first (its provenance is rendered from them). */
  ranked: RawRecord[];
  /** Each ranked row's quality (aggregate's rowQuality), as ranking found it. */
  qualities: number[];
  /** The input order of its first source row (its tie-break in the output order). */
  first: number;
}

export class RefinedTable implements RowSource {
  private readonly scratch: CellValue[] = new Array<CellValue>(SSOT_COLUMNS.length);
  /** Rows rendered so far: their provenance strings are the write stage's garbage (garbage.ts). */
  private rendered = 0;

  /** `rows` in output order; `provenance` renders a row's cell (aggregate's selectionProvenance). */
  constructor(
    private readonly rows: readonly AggregatedRow[],
    private readonly provenance: (row: AggregatedRow) => string,
  ) {}

  get length(): number {
    return this.rows.length;
  }

  /** Row `index` with its provenance rendered, in an array reused by the next call. */
  row(index: number): readonly CellValue[] {
    const stored = this.rows[index]!;
    for (let c = 0; c < stored.cells.length; c++) this.scratch[c] = stored.cells[c]!;
    this.scratch[PROVENANCE] = this.provenance(stored);
    if (++this.rendered % COLLECT_EVERY_ROWS === 0) collectYoungGarbage();
    return this.scratch;
  }

  cell(index: number, column: number): CellValue {
    const stored = this.rows[index]!;
    return column === PROVENANCE ? this.provenance(stored) : (stored.cells[column] ?? null);
  }

  /** Row `index`'s place in the output order (its name's sort key, its first row's input order). */
  orderKey(index: number): OrderKey {
    const stored = this.rows[index]!;
    return { name: sortKey(String(stored.cells[COLUMN.organization_name] ?? "")), first: stored.first };
  }

  /** The 1-based row number of the organisation whose first source row is `first` (0 when none). */
  rowNumberOf(first: number): number {
    return this.rows.findIndex((row) => row.first === first) + 1;
  }

  /** Every row as an object keyed by column (provenance included), for tests and small tables. */
  records(): Record<SsotColumn, CellValue>[] {
    return Array.from({ length: this.length }, (_, i) => Object.fromEntries(SSOT_COLUMNS.map((column, c) => [column, this.cell(i, c)])) as Record<SsotColumn, CellValue>);
  }
}
