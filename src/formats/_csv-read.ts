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
import { collectYoungGarbage } from "../pipeline/garbage.ts";
import type { ReadAt, RowHandler } from "./types.ts";

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
 * that near the file's size, and is faster (fewer pages touched). (The refine stages do the same
 * per row: src/pipeline/garbage.ts.)
 */
const COLLECT_EVERY_BYTES = 8 << 20;

/** How much of the file the delimiter is sniffed from (plus one byte, to see a CRLF or "" there). */
const SNIFF_RECORDS = 20;
export const SNIFF_BYTES = 64 * 1024;

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

/** Where a parse stands between two pieces of a file. */
interface CsvState {
  delimiter: number;
  /** The number of the next record (blank ones count), from 1. */
  rowNumber: number;
  /** Bytes of the file before the piece being parsed. */
  before: number;
  /** Where (in the file) the next collection hint is due. */
  collectAt: number;
}

function startState(delimiter: string): CsvState {
  return { delimiter: delimiter.charCodeAt(0), rowNumber: 1, before: 0, collectAt: COLLECT_EVERY_BYTES };
}

/**
 * Calls `onRow` for every record with a non-empty cell, in order; `rowNumber` counts every
 * record (blank ones too) from 1, as a spreadsheet numbers the rows of the file.
 */
export function parseCsv(bytes: Buffer, onRow: RowHandler, delimiter: string = sniffDelimiter(bytes)): void {
  parseRecords(bytes, true, startState(delimiter), onRow);
}

/**
 * Parses the records of `bytes` and returns how many bytes of it were complete records. With
 * `last` false, `bytes` is a piece of a longer file: a record whose end is not in it yet (an
 * unquoted field or a quote still open at the end, a closing quote that may be the first of a
 * doubled one, a CR that may be the first of a CRLF) is left for the next piece, which must
 * start with it. With `last` true the piece runs to the end of the file and all of it is parsed.
 */
function parseRecords(bytes: Buffer, last: boolean, state: CsvState, onRow: RowHandler): number {
  const d = state.delimiter;
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
  let recordStart = 0;
  let i = 0;
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
      // Still open at the end of the piece; a closing quote that ends the piece is caught below
      // (no line break after it yet), so a doubled quote split by the boundary waits too.
      if (!last && close < 0) return recordStart;
      if (close < 0) close = n;
      const after = Math.min(close + 1, n);
      const end = untilBreak(after);
      if (!last && end >= n) return recordStart;
      field = bytes.toString("utf8", i + 1, close);
      if (doubled) field = field.replaceAll('""', '"');
      if (end > after) field += bytes.toString("utf8", after, end);
      i = end;
    } else {
      const end = untilBreak(i);
      if (!last && end >= n) return recordStart;
      field = end > i ? bytes.toString("utf8", i, end) : "";
      i = end;
    }
    row.push(field);
    if (i < n && bytes[i] === d) {
      i++;
      continue;
    }
    if (!last && bytes[i] === CR && i + 1 >= n) return recordStart;
    if (row.some((cell) => cell !== "")) onRow(row, state.rowNumber);
    if (i >= n) return n;
    if (state.before + i >= state.collectAt) {
      collectYoungGarbage();
      state.collectAt = state.before + i + COLLECT_EVERY_BYTES;
    }
    row = [];
    state.rowNumber++;
    i += bytes[i] === CR && bytes[i + 1] === LF ? 2 : 1;
    recordStart = i;
    if (i >= n) return n;
  }
}

/**
 * How many records (blank ones too) the first bytes of a CSV file end, and how many bytes those
 * take: the spill planner's measure of a file's rows (quoted line breaks make counting lines
 * wrong threefold in some exports).
 */
export function recordsIn(head: Buffer): { records: number; bytes: number } {
  const state = startState(sniffDelimiter(head));
  const bytes = parseRecords(head, false, state, () => {});
  return { records: state.rowNumber - 1, bytes };
}

/** How much of a file `parseCsvFile` reads at a time. */
export const CSV_PIECE_BYTES = 1 << 20;

/**
 * `parseCsv` over a file read piece by piece from `start`: the same records, row numbers and
 * cells, holding only one piece and the record it ends inside instead of the whole file. When a
 * piece holds no complete record (a field longer than a piece), the next read is as long as
 * what is held, so a huge record is parsed again only a logarithmic number of times.
 */
export async function parseCsvFile(read: ReadAt, start: number, onRow: RowHandler, delimiter: string, pieceBytes = CSV_PIECE_BYTES): Promise<void> {
  const state = startState(delimiter);
  let held: Buffer = Buffer.alloc(0);
  let position = start;
  let want = pieceBytes;
  for (;;) {
    const piece = await read(position, want);
    position += piece.length;
    const last = piece.length === 0;
    const bytes = held.length === 0 ? Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength) : Buffer.concat([held, piece]);
    const used = parseRecords(bytes, last, state, onRow);
    if (last) return;
    state.before += used;
    held = bytes.subarray(used);
    want = used === 0 ? Math.max(pieceBytes, held.length) : pieceBytes;
  }
}
