/**
 * The format registry: every file format Hotpass reads or writes is one entry in `FORMATS`, and
 * everything that opens, reads or writes a file by its name asks here — refine's input discovery
 * and loader, refine's and enrich's output, enrich's input and lookups, explain-provenance, the
 * dashboard and the MCP server. Adding a format is one new file in this folder exporting a
 * `Format`, and one line (its name) in `FORMATS` with its import.
 *
 * @example
 * const table = await readTable("dist/refined.csv");        // columns + rows, numbers kept numbers
 * table.rows[0]![table.columns.indexOf("data_quality_score")];
 * await writeTable("out/copy.parquet", table.columns, table.rows);
 */
import { statSync } from "node:fs";
import { extname } from "node:path";
import { HotpassError, usageError } from "../errors.ts";
import { AtomicBatch } from "../pipeline/write/atomic.ts";
import { throwIfCancelled } from "../run/control.ts";
import { csv } from "./csv.ts";
import { rowSource } from "./_cells.ts";
import { tableFile } from "./_files.ts";
import { json, jsonLines } from "./json.ts";
import { parquet } from "./parquet.ts";
import { ods, xls } from "./xls-ods.ts";
import { xlsm, xlsx } from "./xlsx.ts";
import type { Cell, Rows, Format, ReadTableOptions, Table, WorkbookReader, WriteTableOptions, WrittenTable } from "./types.ts";

export { rowSource } from "./_cells.ts";
/** A plain CSV file with no metadata sidecar (contract notices). */
export { writeCsvFile } from "./_csv-write.ts";
export type { Cell, Rows, RowSource, Format, ReadTableOptions, RowHandler, Table, TableFile, WorkbookReader, WriteTableOptions, WrittenTable } from "./types.ts";

/** Every format, in the order messages list them. */
export const FORMATS: readonly Format[] = [xlsx, xlsm, xls, ods, csv, parquet, json, jsonLines];

/** Refine's default zip-bomb guard (`--max-uncompressed-mb 1024`), for tables read back. */
const DEFAULT_MAX_UNCOMPRESSED = 1024 * 1024 * 1024;

function suffixes(can: (format: Format) => unknown): string[] {
  return FORMATS.filter(can).flatMap((format) => format.suffixes);
}

/** Suffixes refine reads from an input folder. */
export const INPUT_SUFFIXES: readonly string[] = suffixes((f) => f.workbook);
/** Suffixes `readTable` reads. */
export const TABLE_SUFFIXES: readonly string[] = suffixes((f) => f.read);
/** Suffixes `writeTable` writes. */
export const OUTPUT_SUFFIXES: readonly string[] = suffixes((f) => f.write);

/** `[".a", ".b", ".c"]` -> `.a, .b or .c`, for messages. */
export function suffixList(list: readonly string[]): string {
  return list.length < 2 ? (list[0] ?? "") : `${list.slice(0, -1).join(", ")} or ${list.at(-1)}`;
}

/** The format a file name's suffix names (case-insensitive), or undefined. */
export function formatOf(path: string): Format | undefined {
  const suffix = extname(path).toLowerCase();
  return suffix === "" ? undefined : FORMATS.find((format) => format.suffixes.includes(suffix));
}

/** The format to write `path` in, or a usage error (exit 2) listing the writable suffixes. */
export function writableFormat(path: string): Format {
  const format = formatOf(path);
  if (format?.write) return format;
  const suffix = extname(path).slice(1).toLowerCase();
  throw usageError(`unsupported output format '${suffix || path}' for ${path}`, `name the output file ${suffixList(OUTPUT_SUFFIXES)}`);
}

/** The first bytes of a file that say what it is (a signature), and what a message quotes of them. */
const HEAD_BYTES = 24;

function describeStart(bytes: Uint8Array): string {
  if (bytes.length === 0) return "it is empty";
  const sample = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, HEAD_BYTES)).replace(/[^\x20-\x7e]/g, "?");
  return `it starts with "${sample}"`;
}

/**
 * Opens a refine input with the right reader, deciding by its first bytes as well as its name:
 * the format its suffix names when the bytes are that format's, else the format the bytes are
 * (an OLE file named `.xlsx` is an encrypted workbook or an `.xls`); anything else is refused
 * with a message saying what it looks like. `limit` is the zip-bomb guard in inflated bytes.
 */
export async function openWorkbook(file: string, limit: number): Promise<WorkbookReader> {
  const suffix = extname(file).toLowerCase();
  const named = formatOf(file);
  const input = tableFile(file, "remove it from the input folder, or make it readable");
  let head: Uint8Array;
  try {
    head = await input.read(0, HEAD_BYTES);
  } finally {
    await input.close();
  }
  const reader =
    (named?.workbook?.recognise(head, suffix) ? named : undefined) ?? FORMATS.find((format) => format !== named && format.workbook?.recognise(head, suffix));
  if (reader?.workbook) return reader.workbook.open(input, limit);
  throw usageError(
    `${file}: not a ${suffix} workbook (${describeStart(head)}; a workbook ${named?.workbook?.expected ?? "is a zip archive"})`,
    "remove it from the input folder, or save it from a spreadsheet program in the format its name says",
  );
}

/** What `scanTable` read: the header, the number of rows handed on, the reader's notices. */
export interface TableScan {
  path: string;
  format: string;
  columns: string[];
  rowCount: number;
  notices: string[];
}

/**
 * Streams a table: `onRow` gets each row (as long as `columns`, which it is handed too) as it is read and nothing is kept,
 * so a caller that pages or aggregates holds only what it keeps. Same formats, sheets and errors
 * as `readTable`.
 */
export async function scanTable(
  path: string,
  onRow: (cells: Cell[], index: number, columns: readonly string[]) => void,
  options: ReadTableOptions = {},
): Promise<TableScan> {
  const format = formatOf(path);
  if (!format?.read) {
    throw usageError(`cannot read ${path}: unsupported file type`, `use a ${suffixList(TABLE_SUFFIXES)} table`);
  }
  const file = tableFile(path, "check the --input path");
  const scan: TableScan = { path, format: format.name, columns: [], rowCount: 0, notices: [] };
  const sink = {
    columns: (names: string[]) => void (scan.columns = names),
    row: (cells: Cell[]) => onRow(cells, scan.rowCount++, scan.columns),
    notice: (message: string) => void scan.notices.push(message),
  };
  try {
    await format.read(file, { maxUncompressedBytes: DEFAULT_MAX_UNCOMPRESSED, ...options }, sink);
  } catch (error) {
    if (error instanceof HotpassError) throw error;
    throw usageError(`cannot read ${path} as ${format.name}: ${(error as Error).message}`, `is it really a ${format.name} file?`);
  } finally {
    await file.close();
  }
  return scan;
}

/**
 * Reads a table: columns and rows, numbers kept numbers, from any format with `read` (refined
 * outputs, lookup tables). A workbook gives its `Refined Data` sheet, else the first (or
 * `options.sheet`). Throws a usage error (exit 2) naming the file when it is missing, unreadable
 * or not a table of its format.
 */
export async function readTable(path: string, options: ReadTableOptions = {}): Promise<Table> {
  const rows: Cell[][] = [];
  const { format, columns, notices } = await scanTable(path, (cells) => rows.push(cells), options);
  return { path, format, columns, rows, notices };
}

/**
 * Writes a table in the format its suffix names, atomically (a temporary file in the same folder,
 * renamed when complete, with any sidecar such as the CSVW metadata). Formula-looking text is
 * written as text.
 *
 * @example
 * await writeTable("dist/refined.csv", ["name", "score"], [["Acme", 0.8]]);
 */
export async function writeTable(path: string, columns: readonly string[], rows: Rows, options: WriteTableOptions = {}): Promise<WrittenTable> {
  const format = writableFormat(path);
  const batch = options.batch ?? new AtomicBatch();
  try {
    const temp = batch.stage(path);
    const sidecars = await format.write!({ path, temp, batch }, columns, rowSource(rows), options);
    throwIfCancelled(options.signal);
    const bytes = statSync(temp).size;
    if (!options.batch) batch.commit();
    return { path, format: format.name, bytes, files: [path, ...(sidecars ?? [])] };
  } catch (error) {
    if (!options.batch) batch.abort();
    throw error;
  }
}
