/**
 * Refined records as arrays in SSOT column order: what the writers take, and what the output
 * expectations read column by column (indexing an array is several times cheaper than looking up
 * a property by a name held in a variable, over 100,000 rows and a dozen rules).
 */
import { SSOT_COLUMNS, type CellValue, type RefinedRecord } from "./types.ts";

/** Aggregate builds every record with its keys in column order, so `Object.values` (native, fast) is used when the first record shows it. */
export function tableRows(records: RefinedRecord[]): CellValue[][] {
  const first = records[0];
  const inOrder = first !== undefined && Object.keys(first).every((key, i) => key === SSOT_COLUMNS[i]) && Object.keys(first).length === SSOT_COLUMNS.length;
  if (inOrder) return records.map((record) => Object.values(record));
  return records.map((record) => SSOT_COLUMNS.map((column) => record[column]));
}
