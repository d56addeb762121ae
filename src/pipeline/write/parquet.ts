/**
 * The .parquet output, written with hyparquet-writer (imported lazily). A column whose present
 * values are all numbers is DOUBLE; every other column is UTF-8 STRING. Empty cells are nulls.
 */
import type { CellValue } from "../types.ts";
import { columnDatatype } from "./csv.ts";

export async function parquetBytes(columns: readonly string[], rows: CellValue[][]): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await import("hyparquet-writer");
  const columnData = columns.map((name, index) => {
    const numeric = columnDatatype(rows, index) === "number";
    const data = rows.map((row) => {
      const value = row[index] ?? null;
      if (value === null) return null;
      return numeric ? value : String(value);
    });
    return { name, data, type: numeric ? ("DOUBLE" as const) : ("STRING" as const), nullable: true };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData, createdBy: "hotpass" }));
}
