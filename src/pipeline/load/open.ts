/**
 * Opens one input file with the right reader, deciding by its first bytes as well as its name:
 * a zip is an `.xlsx`/`.xlsm`/`.ods`, an OLE compound file is an `.xls` or an encrypted workbook,
 * anything else named like a workbook is refused with a message saying what it looks like.
 */
import { extname } from "node:path";
import { HotpassError, usageError } from "../../errors.ts";
import { CsvReader } from "./csv.ts";
import type { WorkbookReader } from "./reader.ts";
import { encryptedError, SheetJsReader } from "./sheetjs.ts";
import { XlsxReader } from "./xlsx.ts";
import { corruptError, ZipArchive } from "./zip.ts";

const ZIP = [0x50, 0x4b];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
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

function describeStart(bytes: Uint8Array): string {
  if (bytes.length === 0) return "it is empty";
  const sample = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 24)).replace(/[^\x20-\x7e]/g, "?");
  return `it starts with "${sample}"`;
}

export async function openWorkbook(file: string, limit: number): Promise<WorkbookReader> {
  const extension = extname(file).toLowerCase();
  const bytes = new Uint8Array(await Bun.file(file).arrayBuffer());
  if (extension === ".csv") {
    if (bytes.length > limit) throw usageError(`${file}: the CSV file is larger than the limit`, "raise it with --max-uncompressed-mb");
    return new CsvReader(file, new TextDecoder().decode(bytes));
  }
  if (startsWith(bytes, OLE)) {
    if (hasEncryptionInfo(bytes)) throw encryptedError(file);
    return SheetJsReader.open(file, bytes, limit, false);
  }
  if (startsWith(bytes, ZIP)) {
    if (extension === ".ods") return SheetJsReader.open(file, bytes, limit, true);
    try {
      return await XlsxReader.open(new ZipArchive(bytes, file, limit), file);
    } catch (error) {
      if (error instanceof HotpassError) throw error;
      throw corruptError(file, (error as Error).message);
    }
  }
  if (extension === ".xls" && bytes.length > 0 && bytes[0] === 0x3c) {
    // Some systems export HTML or SpreadsheetML tables with an .xls name; SheetJS reads those.
    return SheetJsReader.open(file, bytes, limit, false);
  }
  throw usageError(
    `${file}: not a ${extension} workbook (${describeStart(bytes)}; a workbook ${extension === ".xls" ? "is an OLE compound file" : "is a zip archive"})`,
    "remove it from the input folder, or save it from a spreadsheet program in the format its name says",
  );
}
