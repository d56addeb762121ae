/**
 * Cells as every table reader hands them on: text, finite numbers or null (empty). Readers of
 * typed formats convert their values with `toCell`; rows of a grid (the first one the header)
 * reach the sink through `gridRows`, which trims the header, drops trailing unnamed columns and
 * cuts every row to the header.
 */
import type { Cell, Rows, RowSource, TableSink } from "./types.ts";

/** Rows as a source: an array is wrapped, a source is used as it is. */
export function rowSource(rows: Rows): RowSource {
  if (!Array.isArray(rows)) return rows as RowSource;
  const array = rows as readonly (readonly Cell[])[];
  return { length: array.length, row: (index) => array[index]!, cell: (index, column) => array[index]![column] ?? null };
}

/** Refined columns that hold numbers (scores, confidences, counts): typeless formats restore them. */
export const NUMERIC_COLUMNS: ReadonlySet<string> = new Set([
  "contact_primary_email_confidence",
  "contact_primary_phone_confidence",
  "contact_primary_lead_score",
  "intent_signal_score",
  "intent_signal_count",
  "contact_email_confidence_avg",
  "contact_phone_confidence_avg",
  "contact_verification_score_avg",
  "contact_lead_score_avg",
  "data_quality_score",
]);

export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") return value === "" ? null : value;
  return JSON.stringify(value);
}

/** A refined numeric column's text back as a number (`0.8`, `12`); anything else unchanged. */
function numberIfNumeric(cell: Cell): Cell {
  if (typeof cell !== "string" || !/^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(cell)) return cell;
  return Number(cell);
}

export interface GridOptions {
  /** Text cells (CSV): the refined numeric columns' numbers are restored, other text stays text. */
  textCells?: boolean;
}

/** A function taking the grid's rows in order (header first) and handing them to `sink`. */
export function gridRows(sink: TableSink, options: GridOptions = {}): (cells: readonly unknown[]) => void {
  let columns: string[] | undefined;
  let numeric: boolean[] = [];
  return (cells) => {
    if (!columns) {
      columns = cells.map((cell) => (cell === null || cell === undefined ? "" : String(cell).trim()));
      while (columns.length > 0 && columns.at(-1) === "") columns.pop();
      if (options.textCells) numeric = columns.map((column) => NUMERIC_COLUMNS.has(column));
      sink.columns(columns);
      return;
    }
    const row = new Array<Cell>(columns.length);
    for (let i = 0; i < row.length; i++) {
      const cell = toCell(cells[i]);
      row[i] = numeric[i] ? numberIfNumeric(cell) : cell;
    }
    sink.row(row);
  };
}

/** "number" when every present value of the column is a number, else "string". */
export function columnDatatype(rows: RowSource, index: number): "number" | "string" {
  if (rows.columnType) return rows.columnType(index);
  let seen = false;
  for (let r = 0; r < rows.length; r++) {
    const value = rows.cell(r, index);
    if (value === null || value === undefined) continue;
    if (typeof value !== "number") return "string";
    seen = true;
  }
  return seen ? "number" : "string";
}
