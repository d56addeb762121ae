/**
 * Reads a table back from any format refine writes (.xlsx, .csv, .parquet, .json) into
 * header + rows of plain cells. Used by `enrich`, `explain-provenance` and anything else that
 * consumes refined outputs. Libraries load lazily: only the one the suffix needs.
 *
 * @example
 * const table = await readTable("dist/refined.xlsx");
 * table.columns.indexOf("organization_slug");
 */
import { usageError } from "../errors.ts";
import type { CellValue } from "../pipeline/types.ts";

export type TableFormat = "xlsx" | "csv" | "parquet" | "json";

export interface Table {
  path: string;
  format: TableFormat;
  columns: string[];
  rows: CellValue[][];
}

/** Refined columns that hold numbers (scores, confidences, counts). */
export const NUMERIC_COLUMNS: ReadonlySet<string> = new Set([
  "contact_primary_email_confidence",
  "contact_primary_phone_confidence",
  "contact_primary_lead_score",
  "intent_signal_score",
  "intent_signal_count",
  "contact_email_confidence_avg",
  "contact_phone_confidence_avg",
  "contact_verification_score_avg",
  "contact_lead_score_avg",
  "data_quality_score",
]);

/** The sheet refine writes its table to; other workbooks are read from their first sheet. */
const PREFERRED_SHEET = "Refined Data";

export function tableFormatOf(path: string): TableFormat | undefined {
  const suffix = path.toLowerCase().match(/\.(xlsx|xlsm|csv|parquet|json|jsonl|ndjson)$/)?.[1];
  if (!suffix) return undefined;
  if (suffix === "xlsm") return "xlsx";
  if (suffix === "jsonl" || suffix === "ndjson") return "json";
  return suffix as TableFormat;
}

/** Throws a usage error (exit 2) naming the file when it is missing, unreadable or not a table. */
export async function readTable(path: string): Promise<Table> {
  const format = tableFormatOf(path);
  if (!format) {
    throw usageError(`cannot read ${path}: unsupported file type`, "use a .xlsx, .csv, .parquet or .json table");
  }
  let bytes: Uint8Array;
  try {
    bytes = await Bun.file(path).bytes();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (error as Error).message;
    throw usageError(`cannot read ${path}: ${why}`, "check the --input path");
  }
  try {
    const table = await decode(format, bytes);
    return { path, format, ...table };
  } catch (error) {
    throw usageError(`cannot read ${path} as ${format}: ${(error as Error).message}`, `is it really a ${format} file?`);
  }
}

async function decode(format: TableFormat, bytes: Uint8Array): Promise<{ columns: string[]; rows: CellValue[][] }> {
  switch (format) {
    case "xlsx":
      return decodeXlsx(bytes);
    case "csv":
      return decodeCsv(new TextDecoder().decode(bytes));
    case "parquet":
      return decodeParquet(bytes);
    case "json":
      return decodeJson(new TextDecoder().decode(bytes));
  }
}

async function decodeXlsx(bytes: Uint8Array) {
  const XLSX = await import("xlsx");
  const book = XLSX.read(bytes, { type: "array", dense: true, cellDates: false });
  const name = book.SheetNames.includes(PREFERRED_SHEET) ? PREFERRED_SHEET : book.SheetNames[0];
  const sheet = name === undefined ? undefined : book.Sheets[name];
  if (!sheet) throw new Error("the workbook has no sheets");
  const grid = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null, blankrows: false });
  return fromGrid(grid);
}

function fromGrid(grid: unknown[][]): { columns: string[]; rows: CellValue[][] } {
  const [header = [], ...body] = grid;
  const columns = header.map((cell) => (cell === null || cell === undefined ? "" : String(cell).trim()));
  while (columns.length > 0 && columns.at(-1) === "") columns.pop();
  const rows = body.map((row) => columns.map((_, i) => toCell(row[i])));
  return { columns, rows };
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  // Fields are sliced out of the text rather than built a character at a time (20x faster).
  while (i <= n) {
    let field: string;
    if (text[i] === '"') {
      let out = "";
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) {
          out += text.slice(from);
          i = n;
          break;
        }
        out += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          out += '"';
          from = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      // Anything between the closing quote and the separator is kept, as lenient readers do.
      let end = i;
      while (end < n && text[end] !== "," && text[end] !== "\n" && text[end] !== "\r") end++;
      field = out + text.slice(i, end);
      i = end;
    } else {
      let end = i;
      while (end < n && text[end] !== "," && text[end] !== "\n" && text[end] !== "\r") end++;
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    const ch = text[i];
    if (ch === ",") {
      i++;
      continue;
    }
    rows.push(row);
    row = [];
    if (ch === "\r" && text[i + 1] === "\n") i += 2;
    else i++;
  }
  return rows.filter((r) => r.some((cell) => cell !== ""));
}

function decodeCsv(text: string) {
  const grid = parseCsv(text).map((row) => row.map((cell) => unescapeFormula(cell)));
  const table = fromGrid(grid);
  // CSV has no types: the numeric refined columns come back as numbers so a round trip keeps
  // them; every other column stays text (a name like "747" or a code like "0011" is not a number).
  const numeric = table.columns.map((column) => NUMERIC_COLUMNS.has(column));
  table.rows = table.rows.map((row) => row.map((cell, i) => (numeric[i] ? numberIfNumeric(cell) : cell)));
  return table;
}

/**
 * Refine writes formula-looking text with a leading apostrophe so spreadsheets show it as text
 * (`'+27821234567`); reading removes that guard again.
 */
function unescapeFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function numberIfNumeric(cell: CellValue): CellValue {
  if (typeof cell !== "string" || !/^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(cell)) return cell;
  return Number(cell);
}

async function decodeParquet(bytes: Uint8Array) {
  const { parquetMetadata, parquetSchema, parquetRead } = await import("hyparquet");
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(buffer);
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  let data: unknown[][] = [];
  await parquetRead({ file: buffer, metadata, rowFormat: "array", onComplete: (rows: unknown[][]) => (data = rows) });
  return { columns, rows: data.map((row) => columns.map((_, i) => toCell(row[i]))) };
}

/** A JSON array of objects, or JSON lines (one object per line): decided by the first character. */
function decodeJson(text: string) {
  const trimmed = text.trimStart();
  let objects: unknown[];
  if (trimmed.startsWith("[")) {
    objects = JSON.parse(trimmed) as unknown[];
  } else {
    objects = trimmed
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "")
      .map((line, index) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          throw new Error(`line ${index + 1} is not JSON`);
        }
      });
  }
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const object of objects) {
    if (object === null || typeof object !== "object" || Array.isArray(object)) {
      throw new Error("expected an array of row objects (or one object per line)");
    }
    for (const key of Object.keys(object)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const rows = objects.map((object) => columns.map((column) => toCell((object as Record<string, unknown>)[column])));
  return { columns, rows };
}

function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") return value === "" ? null : value;
  return JSON.stringify(value);
}
