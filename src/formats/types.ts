/**
 * What a file format is to Hotpass: one `Format` entry says which suffixes it owns and what it
 * can do — be opened as a refine input workbook, be read back as a table, be written as a table.
 * The registry (`index.ts`) lists the entries; every command and surface asks it, never a suffix.
 */
import type { CellValue } from "../pipeline/types.ts";
import type { AtomicBatch } from "../pipeline/write/atomic.ts";

/** One cell of a table: text, a number, or empty (null). */
export type Cell = CellValue;

/** A table read back from a file: the header row, then the rows (numbers kept numbers). */
export interface Table {
  path: string;
  /** The registry name of the format it was read as (`xlsx`, `csv`, ...). */
  format: string;
  columns: string[];
  rows: Cell[][];
  /** What the reader had to decide that a user should hear (e.g. an encoding it fell back to). */
  notices: string[];
}

/**
 * Rows to write, made one at a time: the refined table renders its `selection_provenance` cell
 * only when a row is written, instead of holding 1.5 KB of JSON per organisation through the run.
 */
export interface RowSource {
  readonly length: number;
  /** Row `index`, every cell rendered. The array may be reused by the next call: copy what you keep. */
  row(index: number): readonly Cell[];
  /** One cell of row `index`. */
  cell(index: number, column: number): Cell;
  /** The column's type when the source knows it (else writers look at the cells). */
  columnType?(column: number): "number" | "string";
  /**
   * True when rows can only be read in order, once (a merge from disk; `cell` then works only for
   * the first rows and the last row read). A writer that needs whole columns collects the rows.
   */
  readonly sequential?: boolean;
  /** A column the source makes straight into UTF-8 JSON, for writers that copy bytes (xlsx, csv). */
  readonly jsonColumn?: JsonColumn;
}

/**
 * A column of JSON text (objects, as JSON.stringify writes them) that its source makes as UTF-8
 * bytes more cheaply than as strings: the refined table's `selection_provenance`, most of each row.
 * The text has no raw control characters and no white space at either end.
 */
export interface JsonColumn {
  readonly column: number;
  /** Row `index` as `row` gives it, with this column's cell null (it is read with `bytes`). */
  otherCells(index: number): readonly Cell[];
  /** Row `index`'s cell in this column: UTF-8, in a buffer reused by the next call. */
  bytes(index: number): Uint8Array;
}

/** What a writer takes: the rows themselves, or a source that makes them. */
export type Rows = readonly (readonly Cell[])[] | RowSource;

/** Called once per row that has cells; `cells[i]` is column i's text ("" when empty). */
export type RowHandler = (cells: string[], rowNumber: number) => void;

/** What refine's loader gets from an input workbook: sheet names, and each sheet's rows in order. */
export interface WorkbookReader {
  readonly file: string;
  readonly sheetNames: string[];
  readSheet(name: string, onRow: RowHandler): Promise<void>;
  /** A format whose file is its only sheet (CSV): messages and record ids name no sheet. */
  readonly sheetless?: boolean;
  /** What opening the file decided that belongs in the run's notices. */
  readonly notices?: readonly string[];
}

export interface ReadTableOptions {
  /** The sheet of a workbook (default: `Refined Data` when present, else the first). */
  sheet?: string;
  /** Zip-bomb guard for zipped formats, in inflated bytes (default 1 GiB, as refine's). */
  maxUncompressedBytes?: number;
}

/** Up to `length` bytes of a file from `position`; fewer only at its end (none past it). */
export type ReadAt = (position: number, length: number) => Promise<Uint8Array>;

/**
 * The file a table is read from: whole, or piece by piece (so a text format need not hold it
 * all). Both throw a usage error (exit 2) naming the file when it cannot be read.
 */
export interface TableFile {
  readonly path: string;
  /** Every byte of the file. */
  bytes(): Promise<Uint8Array>;
  read: ReadAt;
  /** The file's size in bytes (a reader that seeks, as a zip's, starts from its end). */
  size(): Promise<number>;
}

/** A table's file that its reader closes when it has read what it needs (pieces opened a handle). */
export interface InputFile extends TableFile {
  close(): Promise<void>;
}

/** What a table's reader hands its rows to, as it reads them. */
export interface TableSink {
  /** The header, once, before any row (not at all for a file with no rows). */
  columns(names: string[]): void;
  /** One row, as long as the header. */
  row(cells: Cell[]): void;
  /** Something the reader decided that a user should hear. */
  notice(message: string): void;
}

export interface WriteTableOptions {
  /** Sheet name for .xlsx (default "Refined Data"). */
  sheetName?: string;
  /** Extra sheets for .xlsx, e.g. the "Quality Summary". */
  extraSheets?: { name: string; columns: string[]; rows: Cell[][] }[];
  /** .xlsx: columns coloured by score (default: every column whose name contains "score"). */
  scoreColumns?: string[];
  /**
   * Stage the files into this batch instead of committing them at once, so a caller can make
   * several files (table, reports, archive) appear together or not at all.
   */
  batch?: AtomicBatch;
  /** An aborted run stops before the file is renamed into place (its temporary is removed). */
  signal?: AbortSignal;
}

export interface WrittenTable {
  path: string;
  format: string;
  bytes: number;
  /** Every file written (the table plus sidecars such as the CSVW metadata). */
  files: string[];
}

/** Where a format writes: the staged temporary file, and the batch for any sidecar it adds. */
export interface WriteTarget {
  /** The final path (sidecars are named after it). */
  path: string;
  /** The temporary file to write the table to; renamed to `path` when the batch commits. */
  temp: string;
  batch: AtomicBatch;
}

export interface Format {
  /** Short lower-case name (`xlsx`), used in events, reports and messages. */
  name: string;
  /** What it is, for the README's format table and messages. */
  title: string;
  /** File name endings it owns, lower case with the dot (`.xlsx`). No two formats share one. */
  suffixes: readonly string[];
  /** The IANA media type, for anything served (`text/csv`). */
  mediaType: string;
  /** True when the file is UTF-8 text a client may show as it is (CSV, JSON). */
  textual: boolean;
  /** Opened as a refine input workbook. */
  workbook?: {
    /** True when the file's first bytes (up to HEAD_BYTES) are this format's signature, given its suffix. */
    recognise(head: Uint8Array, suffix: string): boolean;
    /** What a file of this format is, for the message when the bytes are something else. */
    expected: string;
    /** Zipped or binary records that unpack to several times their size (the load split weighs them 5:1). */
    packed: boolean;
    /**
     * The reader for `file` (read whole with `file.bytes()`, or piece by piece: CSV, whose
     * reader closes the file when a read is done).
     */
    open(file: InputFile, limit: number): Promise<WorkbookReader>;
  };
  /**
   * Read back as a table from `file` (whole or piece by piece), streamed into `sink` (a
   * workbook's or CSV's first row is the header). Throws plain errors for a damaged file; the
   * registry names the file.
   */
  read?(file: TableFile, options: ReadTableOptions & { maxUncompressedBytes: number }, sink: TableSink): Promise<void>;
  /** Written as a table to `target.temp`; returns the sidecar files it staged, if any. */
  write?(target: WriteTarget, columns: readonly string[], rows: RowSource, options: WriteTableOptions): Promise<string[] | void>;
}
