/**
 * `.xls` and `.ods` through SheetJS (read from a buffer, so it needs no file-system access).
 * These formats are rare and small in practice, so the whole workbook is parsed in memory, on a
 * watched worker thread (sheetjs.ts); the zip-bomb guard still runs first on `.ods` (a zip) by
 * inflating and counting every part. An OLE compound file of any name comes here too: it is an
 * `.xls`, or an encrypted Office workbook.
 */
import { usageError } from "../errors.ts";
import { MAX_IN_MEMORY_BYTES } from "../pipeline/load/limits.ts";
import { checkOds } from "../pipeline/load/ods.ts";
import { ZipArchive } from "../pipeline/load/zip.ts";
import { gridRows } from "./_cells.ts";
import { OLE, startsWith, ZIP } from "./_magic.ts";
import { encryptedError, parseWithSheetJs } from "./sheetjs.ts";
import type { TextSheet } from "./sheetjs-remote.ts";
import type { Format, RowHandler, TableSink, WorkbookReader } from "./types.ts";

/** The sheet refine writes its table to; other workbooks are read from their first sheet. */
export const PREFERRED_SHEET = "Refined Data";

/** Office puts a password-protected workbook in an OLE file with an `EncryptionInfo` stream. */
function hasEncryptionInfo(bytes: Uint8Array): boolean {
  const needle = "EncryptionInfo";
  const head = bytes.subarray(0, Math.min(bytes.length, 4 * 1024 * 1024));
  outer: for (let i = 0; i + needle.length * 2 <= head.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (head[i + j * 2] !== needle.charCodeAt(j) || head[i + j * 2 + 1] !== 0) continue outer;
    }
    return true;
  }
  return false;
}

/**
 * SheetJS parses a workbook whole, at several times its size, and builds every repeated row and
 * cell of an .ods: the guards (`pipeline/load/ods.ts`, limits.ts) run first.
 */
async function checkInMemoryLimits(file: string, bytes: Uint8Array, limit: number, isZip: boolean): Promise<void> {
  if (isZip) return checkOds(new ZipArchive(bytes, file, limit), file);
  if (bytes.length > MAX_IN_MEMORY_BYTES) {
    throw usageError(
      `${file}: larger than ${MAX_IN_MEMORY_BYTES / 1024 / 1024} MiB, more than the .xls reader holds in memory`,
      "save it as .xlsx (read as a stream, without this limit), or split it",
    );
  }
}

export class SheetJsReader implements WorkbookReader {
  readonly sheetNames: string[];

  private constructor(
    private readonly sheets: TextSheet[],
    readonly file: string,
  ) {
    this.sheetNames = sheets.map((sheet) => sheet.name);
  }

  static async open(file: string, bytes: Uint8Array, limit: number, isZip: boolean): Promise<SheetJsReader> {
    await checkInMemoryLimits(file, bytes, limit, isZip);
    const parsed = await parseWithSheetJs(file, bytes, { mode: "text" });
    return new SheetJsReader(parsed.kind === "text" ? parsed.sheets : [], file);
  }

  async readSheet(name: string, onRow: RowHandler): Promise<void> {
    for (const row of this.sheets.find((sheet) => sheet.name === name)?.rows ?? []) onRow(row.cells, row.number);
  }
}

/** One sheet as a typed table (numbers stay numbers): `sheet`, else `Refined Data`, else the first. */
export async function sheetJsTable(path: string, bytes: Uint8Array, sheet: string | undefined, sink: TableSink): Promise<void> {
  const parsed = await parseWithSheetJs(path, bytes, { mode: "table", sheet, preferred: PREFERRED_SHEET });
  const push = gridRows(sink);
  for (const row of parsed.kind === "table" ? parsed.rows : []) push(row);
}

export const xls: Format = {
  name: "xls",
  title: "Excel 97-2003 workbook, or an HTML / SpreadsheetML table saved as `.xls` (SheetJS)",
  suffixes: [".xls"],
  mediaType: "application/vnd.ms-excel",
  textual: false,
  workbook: {
    // Some systems export HTML or SpreadsheetML tables with an .xls name; SheetJS reads those.
    recognise: (bytes, suffix) => startsWith(bytes, OLE) || (suffix === ".xls" && bytes[0] === 0x3c),
    expected: "is an OLE compound file",
    packed: true,
    async open(file, limit) {
      const bytes = await file.bytes();
      if (startsWith(bytes, OLE) && hasEncryptionInfo(bytes)) throw encryptedError(file.path);
      return SheetJsReader.open(file.path, bytes, limit, false);
    },
  },
  async read(file, options, sink) {
    const bytes = await file.bytes();
    await checkInMemoryLimits(file.path, bytes, options.maxUncompressedBytes, false);
    return sheetJsTable(file.path, bytes, options.sheet, sink);
  },
};

export const ods: Format = {
  name: "ods",
  title: "OpenDocument spreadsheet (SheetJS)",
  suffixes: [".ods"],
  mediaType: "application/vnd.oasis.opendocument.spreadsheet",
  textual: false,
  workbook: {
    recognise: (bytes, suffix) => suffix === ".ods" && startsWith(bytes, ZIP),
    expected: "is a zip archive",
    packed: true,
    open: async (file, limit) => SheetJsReader.open(file.path, await file.bytes(), limit, true),
  },
  async read(file, options, sink) {
    const bytes = await file.bytes();
    await checkInMemoryLimits(file.path, bytes, options.maxUncompressedBytes, true);
    return sheetJsTable(file.path, bytes, options.sheet, sink);
  },
};
