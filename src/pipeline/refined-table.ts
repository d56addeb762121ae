/**
 * The refined table between aggregate and write: one row per organisation in SSOT column order,
 * with the `selection_provenance` cell expanded only when a row is asked for (writing it), from
 * the pack aggregate made of it (provenance.ts). Holding every row's provenance JSON (1.8 KB
 * each) from aggregate to write was the run's largest use of memory. Writers that copy bytes
 * take it as UTF-8 (`jsonColumn`), never as a string.
 */
import type { JsonColumn, RowSource } from "../formats/types.ts";
import { COLLECT_EVERY_ROWS, collectYoungGarbage } from "./garbage.ts";
import { sortKey, type OrderKey } from "./order.ts";
import type { ProvenanceStore } from "./provenance.ts";
import { COLUMN, SSOT_COLUMNS, type CellValue, type SsotColumn } from "./types.ts";

const PROVENANCE = COLUMN.selection_provenance;

/** One organisation's row as aggregate made it. */
export interface AggregatedRow {
  /** Every cell but the provenance (null there). */
  cells: CellValue[];
  /** Its `selection_provenance`, packed in the table's store (provenance.ts). */
  provenance: number;
  /** The input order of its first source row (its tie-break in the output order). */
  first: number;
}

export class RefinedTable implements RowSource {
  private readonly scratch: CellValue[] = new Array<CellValue>(SSOT_COLUMNS.length);
  /** Rows made so far: their provenance is the write stage's garbage (garbage.ts). */
  private rendered = 0;
  readonly jsonColumn: JsonColumn;

  /** `rows` in output order; `provenance` holds their `selection_provenance` cells, packed. */
  constructor(
    private readonly rows: readonly AggregatedRow[],
    private readonly provenance: ProvenanceStore,
  ) {
    this.jsonColumn = {
      column: PROVENANCE,
      otherCells: (index) => this.fill(index, null),
      bytes: (index) => this.provenance.bytes(this.rows[index]!.provenance),
    };
  }

  get length(): number {
    return this.rows.length;
  }

  /** Row `index` with its provenance, in an array reused by the next call. */
  row(index: number): readonly CellValue[] {
    return this.fill(index, this.provenance.text(this.rows[index]!.provenance));
  }

  private fill(index: number, provenance: string | null): readonly CellValue[] {
    const stored = this.rows[index]!;
    for (let c = 0; c < stored.cells.length; c++) this.scratch[c] = stored.cells[c]!;
    this.scratch[PROVENANCE] = provenance;
    if (++this.rendered % COLLECT_EVERY_ROWS === 0) collectYoungGarbage();
    return this.scratch;
  }

  cell(index: number, column: number): CellValue {
    const stored = this.rows[index]!;
    return column === PROVENANCE ? this.provenance.text(stored.provenance) : (stored.cells[column] ?? null);
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
