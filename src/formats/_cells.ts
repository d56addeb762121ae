/**
 * Cells as every table reader hands them on: text, finite numbers or null (empty). Readers of
 * typed formats convert their values with `toCell`; grids of rows become a table with
 * `tableFromGrid` (first row the header, trailing unnamed columns dropped, rows cut to the header).
 */
import type { Cell, DecodedTable } from "./types.ts";

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

export function tableFromGrid(grid: unknown[][]): DecodedTable {
  const [header = [], ...body] = grid;
  const columns = header.map((cell) => (cell === null || cell === undefined ? "" : String(cell).trim()));
  while (columns.length > 0 && columns.at(-1) === "") columns.pop();
  const rows = body.map((row) => columns.map((_, i) => toCell(row[i])));
  return { columns, rows };
}

/** A refined numeric column's text back as a number (`0.8`, `12`); anything else unchanged. */
export function numberIfNumeric(cell: Cell): Cell {
  if (typeof cell !== "string" || !/^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(cell)) return cell;
  return Number(cell);
}

/** Restores the numbers of the refined numeric columns in a table read from text cells. */
export function typeRefinedColumns(table: DecodedTable): DecodedTable {
  const numeric = table.columns.map((column) => NUMERIC_COLUMNS.has(column));
  if (!numeric.includes(true)) return table;
  for (const row of table.rows) {
    for (let i = 0; i < row.length; i++) if (numeric[i]) row[i] = numberIfNumeric(row[i]!);
  }
  return table;
}

/** "number" when every present value of the column is a number, else "string". */
export function columnDatatype(rows: Cell[][], index: number): "number" | "string" {
  let seen = false;
  for (const row of rows) {
    const value = row[index];
    if (value === null || value === undefined) continue;
    if (typeof value !== "number") return "string";
    seen = true;
  }
  return seen ? "number" : "string";
}
