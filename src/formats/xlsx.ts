/**
 * `.xlsx` and `.xlsm`: refine inputs read by the streaming reader (`pipeline/load/xlsx.ts`: one
 * sheet's XML inflated and scanned chunk by chunk, zip-bomb guarded), tables read back, and the
 * styled refined output (`pipeline/write/xlsx.ts`). `.xlsm` is read only: a workbook written
 * without macros under a macro-enabled name would be refused by Excel.
 */
import { HotpassError } from "../errors.ts";
import { XlsxReader } from "../pipeline/load/xlsx.ts";
import { corruptError, ZipArchive } from "../pipeline/load/zip.ts";
import { startsWith, ZIP } from "./_magic.ts";
import type { Format } from "./types.ts";
import { PREFERRED_SHEET, sheetJsTable } from "./xls-ods.ts";

const workbook: NonNullable<Format["workbook"]> = {
  // A zip of any name: an `.xls` that is really an `.xlsx` is read as what it is.
  recognise: (bytes) => startsWith(bytes, ZIP),
  expected: "is a zip archive",
  packed: true,
  async open(file, bytes, limit) {
    try {
      return await XlsxReader.open(new ZipArchive(bytes, file, limit), file);
    } catch (error) {
      if (error instanceof HotpassError) throw error;
      throw corruptError(file, (error as Error).message);
    }
  },
};

export const xlsx: Format = {
  name: "xlsx",
  title: "Excel workbook; written styled (bold header, frozen first row, autofilter, score colours) with a `Quality Summary` sheet",
  suffixes: [".xlsx"],
  mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  textual: false,
  workbook,
  read: (bytes, _path, options, sink) => sheetJsTable(bytes, options.sheet, sink),
  async write(target, columns, rows, options) {
    const { writeXlsx } = await import("../pipeline/write/xlsx.ts");
    const scoreColumns = options.scoreColumns ?? columns.filter((name) => name.includes("score"));
    await writeXlsx(target.temp, [{ name: options.sheetName ?? PREFERRED_SHEET, columns, rows, scoreColumns }, ...(options.extraSheets ?? [])]);
  },
};

export const xlsm: Format = {
  name: "xlsm",
  title: "Excel macro-enabled workbook (macros are never run; not written, as Excel refuses a workbook without macros under this name)",
  suffixes: [".xlsm"],
  mediaType: "application/vnd.ms-excel.sheet.macroEnabled.12",
  textual: false,
  workbook,
  read: xlsx.read!,
};
