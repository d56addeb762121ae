/**
 * `.xls` and `.ods` through SheetJS (read from a buffer, so it needs no file-system access).
 * These formats are rare and small in practice, so the whole workbook is parsed in memory; the
 * zip-bomb guard still runs first on `.ods` (a zip) by inflating and counting every part. An OLE
 * compound file of any name comes here too: it is an `.xls`, or an encrypted Office workbook.
 */
import type { CellObject, WorkBook } from "xlsx";
import { usageError } from "../errors.ts";
import { plainNumber } from "../pipeline/load/cells.ts";
import { MAX_IN_MEMORY_BYTES } from "../pipeline/load/limits.ts";
import { checkOds } from "../pipeline/load/ods.ts";
import { corruptError, ZipArchive } from "../pipeline/load/zip.ts";
import { gridRows } from "./_cells.ts";
import { OLE, startsWith, ZIP } from "./_magic.ts";
import type { Format, RowHandler, TableSink, WorkbookReader } from "./types.ts";

/**
 * Runs SheetJS's parse with the console muted: on a damaged or unusual file it prints lines such
 * as "Missing Info for XLS Record 0x2f0c" with console.error, raw and unescaped, which would break
 * the one-clear-line rule (the parse is synchronous, so nothing else is muted meanwhile).
 */
function quietly<T>(parse: () => T): T {
  const saved = [console.error, console.warn, console.log] as const;
  const mute = () => {};
  console.error = console.warn = console.log = mute;
  try {
    return parse();
  } finally {
    [console.error, console.warn, console.log] = saved;
  }
}

/** The sheet refine writes its table to; other workbooks are read from their first sheet. */
export const PREFERRED_SHEET = "Refined Data";

export function encryptedError(file: string): ReturnType<typeof usageError> {
  return usageError(
    `${file}: the workbook is encrypted (password-protected), so it cannot be read`,
    "open it in a spreadsheet program, remove the password (File > Info > Protect Workbook) and save it again",
  );
}

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

function cellText(cell: CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null || cell.t === "e" || cell.t === "z") return "";
  if (cell.t === "n") return plainNumber(String(cell.v));
  if (cell.t === "b") return cell.v ? "TRUE" : "FALSE";
  if (cell.v instanceof Date) return cell.v.toISOString().slice(0, 10);
  return String(cell.v);
}

/**
 * The bytes as a Node Buffer, which SheetJS is built around. Handed a plain Uint8Array, its OLE
 * reader takes a fallback that copies sectors through arrays of numbers: a 3.9 KB damaged `.xls`
 * whose sector chain loops grew past 24 GiB that way, where the Buffer path refuses it at once.
 */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function parseWorkbook(file: string, bytes: Uint8Array): Promise<WorkBook> {
  const XLSX = await import("xlsx");
  try {
    return quietly(() => XLSX.read(asBuffer(bytes), { type: "buffer", dense: true, cellDates: false, cellNF: false, cellText: false, cellHTML: false }));
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (/password|encrypt/i.test(message)) throw encryptedError(file);
    // A TypeError or RangeError is SheetJS tripping over the damage, not a reason a user can read.
    const internal = error instanceof TypeError || error instanceof RangeError;
    throw corruptError(file, internal ? "its records or sectors do not hold together" : message);
  }
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
    private readonly workbook: WorkBook,
    readonly file: string,
  ) {
    this.sheetNames = workbook.SheetNames;
  }

  static async open(file: string, bytes: Uint8Array, limit: number, isZip: boolean): Promise<SheetJsReader> {
    await checkInMemoryLimits(file, bytes, limit, isZip);
    return new SheetJsReader(await parseWorkbook(file, bytes), file);
  }

  async readSheet(name: string, onRow: RowHandler): Promise<void> {
    const sheet = this.workbook.Sheets[name];
    const data = (sheet as { "!data"?: (CellObject | undefined)[][] } | undefined)?.["!data"] ?? [];
    data.forEach((row, index) => {
      if (!row) return;
      const cells: string[] = [];
      let last = -1;
      for (let c = 0; c < row.length; c++) {
        const text = cellText(row[c]);
        cells.push(text);
        if (text !== "") last = c;
      }
      if (last >= 0) onRow(cells.slice(0, last + 1), index + 1);
    });
  }
}

/** One sheet as a typed table (numbers stay numbers): `sheet`, else `Refined Data`, else the first. */
export async function sheetJsTable(bytes: Uint8Array, sheet: string | undefined, sink: TableSink): Promise<void> {
  const XLSX = await import("xlsx");
  const book = quietly(() => XLSX.read(asBuffer(bytes), { type: "buffer", dense: true, cellDates: false }));
  const name = sheet ?? (book.SheetNames.includes(PREFERRED_SHEET) ? PREFERRED_SHEET : book.SheetNames[0]);
  const found = name === undefined ? undefined : book.Sheets[name];
  if (!found) throw new Error(sheet === undefined ? "the workbook has no sheets" : `the workbook has no sheet "${sheet}"`);
  const push = gridRows(sink);
  for (const row of XLSX.utils.sheet_to_json<unknown[]>(found, { header: 1, raw: true, defval: null, blankrows: false })) push(row);
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
    async open(file, bytes, limit) {
      if (startsWith(bytes, OLE) && hasEncryptionInfo(bytes)) throw encryptedError(file);
      return SheetJsReader.open(file, bytes, limit, false);
    },
  },
  async read(bytes, path, options, sink) {
    await checkInMemoryLimits(path, bytes, options.maxUncompressedBytes, false);
    return sheetJsTable(bytes, options.sheet, sink);
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
    open: (file, bytes, limit) => SheetJsReader.open(file, bytes, limit, true),
  },
  async read(bytes, path, options, sink) {
    await checkInMemoryLimits(path, bytes, options.maxUncompressedBytes, true);
    return sheetJsTable(bytes, options.sheet, sink);
  },
};
