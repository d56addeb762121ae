/**
 * CONTRACT: write a table by the path's suffix (.xlsx styled, .csv + CSVW metadata, .parquet,
 * .json), atomically (temporary file in the same folder, then rename). Formula-looking text is
 * written as text.
 */
import { HotpassError } from "../../errors.ts";
import type { CellValue } from "../types.ts";

export interface WriteTableOptions {
  /** Sheet name for .xlsx (default "Refined Data"). */
  sheetName?: string;
  /** Extra sheets for .xlsx, e.g. the "Quality Summary". */
  extraSheets?: { name: string; columns: string[]; rows: CellValue[][] }[];
}

export interface WrittenTable {
  path: string;
  format: "xlsx" | "csv" | "parquet" | "json";
  bytes: number;
  /** Every file written (the table plus sidecars such as the CSVW metadata). */
  files: string[];
}

export async function writeTable(
  _path: string,
  _columns: readonly string[],
  _rows: CellValue[][],
  _options: WriteTableOptions = {},
): Promise<WrittenTable> {
  throw new HotpassError("the writer is not built yet");
}
