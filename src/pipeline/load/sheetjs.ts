/**
 * `.xls` and `.ods` through SheetJS (read from a buffer, so it needs no file-system access).
 * These formats are rare and small in practice, so the whole workbook is parsed in memory; the
 * zip-bomb guard still runs first on `.ods` (a zip) by inflating and counting every part.
 */
import type { CellObject, WorkBook } from "xlsx";
import { usageError } from "../../errors.ts";
import { plainNumber } from "./cells.ts";
import type { RowHandler, WorkbookReader } from "./reader.ts";
import { corruptError, ZipArchive } from "./zip.ts";

export function encryptedError(file: string): ReturnType<typeof usageError> {
  return usageError(
    `${file}: the workbook is encrypted (password-protected), so it cannot be read`,
    "open it in a spreadsheet program, remove the password (File > Info > Protect Workbook) and save it again",
  );
}

function cellText(cell: CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null || cell.t === "e" || cell.t === "z") return "";
  if (cell.t === "n") return plainNumber(String(cell.v));
  if (cell.t === "b") return cell.v ? "TRUE" : "FALSE";
  if (cell.v instanceof Date) return cell.v.toISOString().slice(0, 10);
  return String(cell.v);
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
    if (isZip) {
      const zip = new ZipArchive(bytes, file, limit);
      for (const name of zip.entries.keys()) await zip.read(name, () => {});
    }
    const XLSX = await import("xlsx");
    try {
      const workbook = XLSX.read(bytes, { type: "buffer", dense: true, cellDates: false, cellNF: false, cellText: false, cellHTML: false });
      return new SheetJsReader(workbook, file);
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      if (/password|encrypt/i.test(message)) throw encryptedError(file);
      throw corruptError(file, message);
    }
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
