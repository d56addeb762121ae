/**
 * The refined table between aggregate and write: one row per organisation in SSOT column order,
 * with the `selection_provenance` cell rendered only when a row is asked for (writing it), from
 * the organisation's ranked source rows. Holding every row's provenance JSON (1.5 KB each) from
 * aggregate to write was the run's largest use of memory; rendering it at write time costs the
 * same work once.
 */
import type { RowSource } from "../formats/types.ts";
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

  /** Empty cells per column; the provenance is never empty (every row has a chosen name). */
  nullCounts(): Record<string, number> {
    const counts = new Int32Array(SSOT_COLUMNS.length);
    for (const row of this.rows) {
      for (let c = 0; c < row.length; c++) {
        const value = row[c];
        if (c !== PROVENANCE && (value === null || value === undefined || value === "")) counts[c]!++;
      }
    }
    return Object.fromEntries(SSOT_COLUMNS.map((column, i) => [column, counts[i]!]));
  }

  /** The `data_quality_score` of every row, in order (the report's distribution). */
  qualityScores(): number[] {
    return this.rows.map((row) => Number(row[COLUMN.data_quality_score] ?? 0));
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
