/**
 * `.xlsx` and `.xlsm`: refine inputs read by the streaming reader (`pipeline/load/xlsx.ts`: one
 * sheet's XML inflated and scanned chunk by chunk, zip-bomb guarded), tables read back, and the
 * styled refined output (`pipeline/write/xlsx.ts`). `.xlsm` is read only: a workbook written
 * without macros under a macro-enabled name would be refused by Excel.
 */
import { HotpassError } from "../errors.ts";
import { XlsxReader } from "../pipeline/load/xlsx.ts";
import { corruptError, ZipArchive } from "../pipeline/load/zip.ts";
import { rowSource } from "./_cells.ts";
import { startsWith, ZIP } from "./_magic.ts";
import { gridRows } from "./_cells.ts";
import type { Format, ReadTableOptions, TableFile, TableSink } from "./types.ts";
import { PREFERRED_SHEET } from "./xls-ods.ts";

/**
 * A table read back by the streaming reader (numbers kept numbers): the same checks as refine's
 * inputs (XML, Excel's limits, zip bombs) at a fraction of SheetJS's time and memory; the file is
 * read at positions, so the whole file is never held while its sheet inflates.
 */
async function readXlsxTable(file: TableFile, options: ReadTableOptions, sink: TableSink): Promise<void> {
  // Read at positions, never whole: the directory, then each part's compressed bytes as it inflates.
  const zip = await ZipArchive.open({ size: await file.size(), read: file.read }, file.path, options.maxUncompressedBytes ?? 1024 ** 3);
  const reader = await XlsxReader.open(zip, file.path);
  const name = options.sheet ?? (reader.sheetNames.includes(PREFERRED_SHEET) ? PREFERRED_SHEET : reader.sheetNames[0]);
  if (name === undefined) throw new Error("the workbook has no sheets");
  if (!reader.sheetNames.includes(name)) throw new Error(`the workbook has no sheet "${name}"`);
  await reader.readSheetTyped(name, gridRows(sink));
}

const workbook: NonNullable<Format["workbook"]> = {
  // A zip of any name: an `.xls` that is really an `.xlsx` is read as what it is.
  recognise: (bytes) => startsWith(bytes, ZIP),
  expected: "is a zip archive",
  packed: true,
  async open(input, limit) {
    const file = input.path;
    const bytes = await input.bytes();
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
  read: readXlsxTable,
  async write(target, columns, rows, options) {
    const { writeXlsx } = await import("../pipeline/write/xlsx.ts");
    const scoreColumns = options.scoreColumns ?? columns.filter((name) => name.includes("score"));
    const extra = (options.extraSheets ?? []).map((sheet) => ({ ...sheet, rows: rowSource(sheet.rows) }));
    await writeXlsx(target.temp, [{ name: options.sheetName ?? PREFERRED_SHEET, columns, rows, scoreColumns }, ...extra]);
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
