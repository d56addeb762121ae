/**
 * CONTRACT: write a table by the path's suffix (.xlsx styled, .csv + CSVW metadata, .parquet,
 * .json), atomically (temporary file in the same folder, then rename). Formula-looking text is
 * written as text.
 *
 * @example
 * await writeTable("dist/refined.csv", ["name", "score"], [["Acme", 0.8]]);
 */
import { statSync } from "node:fs";
import { extname } from "node:path";
import { usageError } from "../../errors.ts";
import type { CellValue } from "../types.ts";
import { AtomicBatch } from "./atomic.ts";
import { csvwMetadata, csvwPath, writeCsvFile } from "./csv.ts";
import { writeJsonFile } from "./json.ts";
import { parquetBytes } from "./parquet.ts";

export interface WriteTableOptions {
  /** Sheet name for .xlsx (default "Refined Data"). */
  sheetName?: string;
  /** Extra sheets for .xlsx, e.g. the "Quality Summary". */
  extraSheets?: { name: string; columns: string[]; rows: CellValue[][] }[];
  /** .xlsx: columns coloured by score (default: every column whose name contains "score"). */
  scoreColumns?: string[];
  /**
   * Stage the files into this batch instead of committing them at once, so a caller can make
   * several files (table, reports, archive) appear together or not at all.
   */
  batch?: AtomicBatch;
}

export interface WrittenTable {
  path: string;
  format: "xlsx" | "csv" | "parquet" | "json";
  bytes: number;
  /** Every file written (the table plus sidecars such as the CSVW metadata). */
  files: string[];
}

export const TABLE_FORMATS = ["xlsx", "csv", "parquet", "json"] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** The format named by a path's suffix, or a usage error listing the supported ones. */
export function tableFormat(path: string): TableFormat {
  const suffix = extname(path).slice(1).toLowerCase();
  if ((TABLE_FORMATS as readonly string[]).includes(suffix)) return suffix as TableFormat;
  throw usageError(
    `unsupported output format '${suffix || path}' for ${path}`,
    "give --output-path a .xlsx, .csv, .parquet or .json file name",
  );
}

export async function writeTable(
  path: string,
  columns: readonly string[],
  rows: CellValue[][],
  options: WriteTableOptions = {},
): Promise<WrittenTable> {
  const format = tableFormat(path);
  const batch = options.batch ?? new AtomicBatch();
  const files = [path];
  let temp: string;
  try {
    temp = batch.stage(path);
    if (format === "xlsx") {
      const { writeXlsx } = await import("./xlsx.ts");
      const scoreColumns = options.scoreColumns ?? columns.filter((name) => name.includes("score"));
      await writeXlsx(temp, [
        { name: options.sheetName ?? "Refined Data", columns, rows, scoreColumns },
        ...(options.extraSheets ?? []),
      ]);
    } else if (format === "csv") {
      await writeCsvFile(temp, columns, rows);
      const metadataPath = csvwPath(path);
      await batch.write(metadataPath, `${JSON.stringify(csvwMetadata(path, columns, rows), null, 2)}\n`);
      files.push(metadataPath);
    } else if (format === "parquet") {
      await Bun.write(temp, await parquetBytes(columns, rows));
    } else {
      writeJsonFile(temp, columns, rows);
    }
    const bytes = statSync(temp).size;
    if (!options.batch) batch.commit();
    return { path, format, bytes, files };
  } catch (error) {
    if (!options.batch) batch.abort();
    throw error;
  }
}
