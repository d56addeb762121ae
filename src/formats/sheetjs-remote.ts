/**
 * SheetJS's whole-workbook parse of an `.xls` or `.ods`, run on a worker thread (sheetjs.ts
 * starts it and watches it): the rows come back as plain data, text cells for refine's loader or
 * typed values for a table read back. SheetJS prints lines such as "Missing Info for XLS Record
 * 0x2f0c" with console.error on damaged files; its parse runs with the console muted, so nothing
 * but hotpass's own one line reaches the user.
 */
import type { CellObject } from "xlsx";
import { plainNumber } from "../pipeline/load/cells.ts";

export interface SheetJsJob {
  kind: "sheetjs";
  bytes: Uint8Array;
  /** `text`: every sheet, each cell as refine reads it; `table`: one sheet's typed values. */
  mode: "text" | "table";
  /** For `table`: the sheet wanted (else `preferred`, else the first). */
  sheet?: string;
  preferred?: string;
}

export interface TextSheet {
  name: string;
  /** Rows with a value, each with its 1-based row number. */
  rows: { number: number; cells: string[] }[];
}

export type SheetJsReply =
  | { kind: "text"; sheets: TextSheet[] }
  | { kind: "table"; rows: unknown[][] }
  /** `internal`: SheetJS tripped over the damage (a TypeError or RangeError), not a reason to show. */
  | { kind: "failed"; message: string; internal: boolean };

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

function cellText(cell: CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null || cell.t === "e" || cell.t === "z") return "";
  if (cell.t === "n") return plainNumber(String(cell.v));
  if (cell.t === "b") return cell.v ? "TRUE" : "FALSE";
  if (cell.v instanceof Date) return cell.v.toISOString().slice(0, 10);
  return String(cell.v);
}

export async function runSheetJsJob(job: SheetJsJob, reply: (message: SheetJsReply) => void): Promise<void> {
  try {
    const XLSX = await import("xlsx");
    // A Buffer, which SheetJS is built around: handed a plain Uint8Array, its OLE reader takes a
    // fallback that copies sectors through arrays of numbers (a looping sector chain then grew
    // past 24 GiB).
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    if (job.mode === "table") {
      const book = quietly(() => XLSX.read(bytes, { type: "buffer", dense: true, cellDates: false }));
      const name = job.sheet ?? (job.preferred && book.SheetNames.includes(job.preferred) ? job.preferred : book.SheetNames[0]);
      const found = name === undefined ? undefined : book.Sheets[name];
      if (!found) throw new Error(job.sheet === undefined ? "the workbook has no sheets" : `the workbook has no sheet "${job.sheet}"`);
      reply({ kind: "table", rows: XLSX.utils.sheet_to_json<unknown[]>(found, { header: 1, raw: true, defval: null, blankrows: false }) });
      return;
    }
    const book = quietly(() => XLSX.read(bytes, { type: "buffer", dense: true, cellDates: false, cellNF: false, cellText: false, cellHTML: false }));
    const sheets = book.SheetNames.map((name): TextSheet => {
      const data = (book.Sheets[name] as { "!data"?: (CellObject | undefined)[][] } | undefined)?.["!data"] ?? [];
      const rows: TextSheet["rows"] = [];
      data.forEach((row, index) => {
        if (!row) return;
        const cells: string[] = [];
        let last = -1;
        for (let c = 0; c < row.length; c++) {
          const text = cellText(row[c]);
          cells.push(text);
          if (text !== "") last = c;
        }
        if (last >= 0) rows.push({ number: index + 1, cells: cells.slice(0, last + 1) });
      });
      return { name, rows };
    });
    reply({ kind: "text", sheets });
  } catch (error) {
    reply({ kind: "failed", message: (error as Error).message ?? String(error), internal: error instanceof TypeError || error instanceof RangeError });
  }
}
