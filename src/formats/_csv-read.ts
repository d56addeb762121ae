/**
 * The one CSV parser (RFC 4180): quoted fields may hold delimiters, doubled quotes and line
 * breaks; records end with CRLF, LF or CR. It works on UTF-8 bytes (see `_text.ts`) and decodes
 * each field on its own: a field sliced out of one big decoded string would keep that whole
 * string alive for as long as the field lives. Lenient where spreadsheets are: a quote inside an
 * unquoted field is text, text after a closing quote is kept, an unclosed quote runs to the end.
 *
 * @example
 * parseCsv(Buffer.from("name;city\nAcme;Durban\n"), (cells, row) => console.log(row, cells));
 */
import type { RowHandler } from "./types.ts";

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** The delimiters a CSV may use, in the order that wins a tie. */
export const DELIMITERS = [",", ";", "\t", "|"] as const;
const DELIMITER_CODES = DELIMITERS.map((d) => d.charCodeAt(0));

/**
 * Every field is a new string whose characters live outside the JavaScript heap, so the
 * collector sees little pressure and lets spent fields pile up: a 228 MiB CSV peaked at 860 MiB
 * when parsed with its rows thrown away. Asking for a collection every few MiB of input keeps
 * that near the file's size, and is faster (fewer pages touched).
 */
const COLLECT_EVERY_BYTES = 8 << 20;

/** How much of the file the delimiter is sniffed from. */
const SNIFF_RECORDS = 20;
const SNIFF_BYTES = 64 * 1024;

/**
 * The delimiter of the first records: the candidate found (outside quotes) in the most of them,
 * then the most often. Counting several records copes with a title row above the headers and
 * with a quoted header that holds another candidate (`"Name, full";City`).
 */
export function sniffDelimiter(bytes: Uint8Array): string {
  const records: number[][] = [];
  let counts = DELIMITER_CODES.map(() => 0);
  let quoted = false;
  let fieldStart = true;
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end && records.length < SNIFF_RECORDS; i++) {
    const b = bytes[i]!;
    if (quoted) {
      if (b === QUOTE) {
        if (bytes[i + 1] === QUOTE) i++;
        else quoted = false;
      }
      continue;
    }
    if (b === QUOTE && fieldStart) {
      quoted = true;
      continue;
    }
    if (b === LF || b === CR) {
      if (b === CR && bytes[i + 1] === LF) i++;
      records.push(counts);
      counts = DELIMITER_CODES.map(() => 0);
      fieldStart = true;
      continue;
    }
    const k = DELIMITER_CODES.indexOf(b);
    if (k >= 0) counts[k]!++;
    fieldStart = k >= 0;
  }
  if (counts.some((c) => c > 0)) records.push(counts);
  let best = 0;
  let bestRecords = -1;
  let bestTotal = -1;
  DELIMITER_CODES.forEach((_, k) => {
    const inRecords = records.filter((r) => r[k]! > 0).length;
    const total = records.reduce((sum, r) => sum + r[k]!, 0);
    if (inRecords > bestRecords || (inRecords === bestRecords && total > bestTotal)) {
      best = k;
      bestRecords = inRecords;
      bestTotal = total;
    }
  });
  return bestTotal > 0 ? DELIMITERS[best]! : ",";
}

/**
 * Calls `onRow` for every record with a non-empty cell, in order; `rowNumber` counts every
 * record (blank ones too) from 1, as a spreadsheet numbers the rows of the file.
 */
export function parseCsv(bytes: Buffer, onRow: RowHandler, delimiter: string = sniffDelimiter(bytes)): void {
  const d = delimiter.charCodeAt(0);
  const n = bytes.length;
  const untilBreak = (from: number) => {
    let end = from;
    while (end < n) {
      const b = bytes[end];
      if (b === d || b === LF || b === CR) break;
      end++;
    }
    return end;
  };
  let row: string[] = [];
  let rowNumber = 1;
  let i = 0;
  let collectAt = COLLECT_EVERY_BYTES;
  for (;;) {
    let field: string;
    if (bytes[i] === QUOTE) {
      let close = i + 1;
      let doubled = false;
      for (;;) {
        close = bytes.indexOf(QUOTE, close);
        if (close < 0 || bytes[close + 1] !== QUOTE) break;
        doubled = true;
        close += 2;
      }
      if (close < 0) close = n;
      field = bytes.toString("utf8", i + 1, close);
      if (doubled) field = field.replaceAll('""', '"');
      const after = Math.min(close + 1, n);
      i = untilBreak(after);
      if (i > after) field += bytes.toString("utf8", after, i);
    } else {
      const end = untilBreak(i);
      field = end > i ? bytes.toString("utf8", i, end) : "";
      i = end;
    }
    row.push(field);
    if (i < n && bytes[i] === d) {
      i++;
      continue;
    }
    if (row.some((cell) => cell !== "")) onRow(row, rowNumber);
    if (i >= n) return;
    if (i >= collectAt) {
      Bun.gc(false);
      collectAt = i + COLLECT_EVERY_BYTES;
    }
    row = [];
    rowNumber++;
    i += bytes[i] === CR && bytes[i + 1] === LF ? 2 : 1;
    if (i >= n) return;
  }
}
