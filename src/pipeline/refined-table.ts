/**
 * The refined table between aggregate and write: one row per organisation in SSOT column order,
 * with the `selection_provenance` cell rendered only when a row is asked for (writing it), from
 * the organisation's ranked source rows. Holding every row's provenance JSON (1.5 KB each) from
 * aggregate to write was the run's largest use of memory; rendering it at write time costs the
 * same work once.
 */
import type { RowSource } from "../formats/types.ts";
import { sortKey, type OrderKey } from "./order.ts";
import type { OutputStats } from "./output-stats.ts";
import { COLUMN, SSOT_COLUMNS, type CellValue, type RawRecord, type SsotColumn } from "./types.ts";

const PROVENANCE = COLUMN.selection_provenance;

export class RefinedTable implements RowSource {
  private readonly scratch: CellValue[] = new Array<CellValue>(SSOT_COLUMNS.length);

  /**
   * `rows[i]` holds every cell but the provenance; `ranked[i]` the source rows it was made from;
   * `provenance` renders the cell from them (aggregate's selectionProvenance).
   */
  constructor(
    private readonly rows: readonly CellValue[][],
    private readonly ranked: readonly RawRecord[][],
    private readonly provenance: (ranked: RawRecord[]) => string,
  ) {}

  get length(): number {
    return this.rows.length;
  }

  /** Row `index` with its provenance rendered, in an array reused by the next call. */
  row(index: number): readonly CellValue[] {
    const stored = this.rows[index]!;
    for (let c = 0; c < stored.length; c++) this.scratch[c] = stored[c]!;
    this.scratch[PROVENANCE] = this.provenance(this.ranked[index]!);
    return this.scratch;
  }

  cell(index: number, column: number): CellValue {
    return column === PROVENANCE ? this.provenance(this.ranked[index]!) : (this.rows[index]![column] ?? null);
  }

  /** Row `index`'s place in the output order (its name's sort key, its first row's input order). */
  orderKey(index: number): OrderKey {
    let first = Infinity;
    for (const row of this.ranked[index]!) if (row.input_order < first) first = row.input_order;
    return { name: sortKey(String(this.rows[index]![COLUMN.organization_name] ?? "")), first };
  }

  /** Gathers every row into `stats`, in order (the provenance is rendered only if a rule reads it). */
  gather(stats: OutputStats): void {
    for (let i = 0; i < this.rows.length; i++) stats.add(this.rows[i]!, { name: "", first: i }, () => this.provenance(this.ranked[i]!));
  }

  /** Every row as an object keyed by column (provenance rendered), for tests and small tables. */
  records(): Record<SsotColumn, CellValue>[] {
    return Array.from({ length: this.length }, (_, i) => Object.fromEntries(SSOT_COLUMNS.map((column, c) => [column, this.cell(i, c)])) as Record<SsotColumn, CellValue>);
  }

  /** Frees the rows and the source rows behind them once written. */
  release(): void {
    (this.rows as CellValue[][]).length = 0;
    (this.ranked as RawRecord[][]).length = 0;
  }
}
