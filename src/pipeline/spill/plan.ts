/**
 * Whether a run keeps its records in memory or spills them to disk, decided before loading from
 * the size of the input: a refine holds about 3 KiB of memory per source row at its peak
 * (measured: 621 MiB for 200,743 rows), and the text of wide rows on top (CSV exports of 650 bytes
 * a row peaked at 877 MiB for 216,090 rows, 2,288 MiB for 647,600). Packed workbooks hold about
 * one row per 70 bytes of file; a CSV file's rows are as long as the records in its first 64 KiB
 * (exports differ threefold: 200 bytes a row for the aviation CSVs, 650 for the generic ones).
 * Over the budget, records go to partitions of about 6,000 rows (at most 128 partitions). The
 * output is the same either way; only time and memory differ.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { recordsIn } from "../../formats/_csv-read.ts";
import { utf16Marked } from "../../formats/_text.ts";
import { formatOf } from "../../formats/index.ts";
import { SPILL_ROWS } from "../load/state.ts";

const BYTES_PER_ROW_HELD = 3 * 1024;
/**
 * What reading a file holds per row of it in a spilling load. An `.xlsx` is read a sheet at a
 * time with its shared strings, and its records go to disk every SPILL_ROWS (the rows that join
 * them follow them there), leaving a join index entry per row: with two `aviation-dense` Contact
 * Database parts of 470,000 estimated rows read at once the load peaked at 797 MiB, against 593
 * MiB for one (at 1,000,000 organisations, no collections pressed). Other workbooks (`.xls`,
 * `.ods`) are parsed whole first, as is a UTF-16 CSV: about 1.5 KiB a row.
 */
const XLSX_BYTES_PER_ROW_LOADING = 512;
const SHEET_AT_A_TIME = new Set(["xlsx", "xlsm"]);
const BYTES_PER_ROW_LOADING = 1536;
const PACKED_BYTES_PER_ROW = 70;
/** The head of a text file its rows are measured in. */
const TEXT_HEAD_BYTES = 64 << 10;
/**
 * Smaller partitions are faster as well as smaller (each thread works on one at a time): against
 * 20,000 rows, 6,000 took 0.90 of the time at 300,000 generic organisations (550 against 756 MiB)
 * and 0.89 with aviation-dense workbooks, 2 alternated pairs each; 3,000 was no faster than 6,000.
 */
const ROWS_PER_PARTITION = 6_000;
const MIN_PARTITIONS = 8;
/**
 * Past about a hundred partitions more of them cost time: at 1,000,000 generic organisations
 * (one run each) 361 partitions took 220 s at 608 MiB, 128 took 186 s at 833 MiB; with
 * aviation-dense workbooks 512 took 118 s at 724 MiB, 128 took 107 s at 683 MiB.
 */
const MAX_PARTITIONS = 128;

/** The default `--memory-budget-mb`. */
export const DEFAULT_MEMORY_BUDGET_MB = 1024;

/** Source rows the files probably hold. */
export function estimatedRows(files: readonly string[]): number {
  let rows = 0;
  for (const file of files) rows += sizeOf(file).rows;
  return Math.ceil(rows);
}

/** What the planner knows of one input file, from its size and (a CSV) its first bytes. */
interface InputSize {
  bytes: number;
  rows: number;
  /** A workbook, or a CSV decoded whole before it is parsed (UTF-16). */
  heldWhole: boolean;
  packed: boolean;
}

function sizeOf(file: string): InputSize {
  const bytes = statSync(file).size;
  if (formatOf(file)?.workbook?.packed) return { bytes, rows: bytes / PACKED_BYTES_PER_ROW, heldWhole: true, packed: true };
  const head = headOf(file);
  const measured = recordsIn(head);
  // A record longer than the head: the file holds at most one per head's length.
  const rows = measured.records === 0 ? bytes / Math.max(1, head.length) : bytes / (measured.bytes / measured.records);
  return { bytes, rows, heldWhole: utf16Marked(head) || head.includes(0), packed: false };
}

/** The first TEXT_HEAD_BYTES of a file. */
function headOf(file: string): Buffer {
  const head = Buffer.alloc(TEXT_HEAD_BYTES);
  const fd = openSync(file, "r");
  try {
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * What reading a file in a spilling run holds at most: an `.xlsx` its shared strings and a join
 * index entry per row; another workbook its rows, parsed whole; a UTF-8 text file, parsed piece by
 * piece, the rows a load spills at a time, whatever its size. A UTF-16 file (a byte-order mark, or
 * NULs in its head) is decoded whole first, so it holds its rows too; so does a Windows-1252 one,
 * which the head alone cannot tell from UTF-8 (counted as UTF-8 here).
 */
function bytesHeldReading(file: string): number {
  const { rows, heldWhole } = sizeOf(file);
  if (SHEET_AT_A_TIME.has(formatOf(file)?.name ?? "")) return rows * XLSX_BYTES_PER_ROW_LOADING;
  return (heldWhole ? rows : Math.min(rows, SPILL_ROWS)) * BYTES_PER_ROW_LOADING;
}

/** What refining `file` in memory probably holds at the run's peak: a CSV's text besides its rows. */
function bytesHeld({ bytes, rows, packed }: InputSize): number {
  return rows * BYTES_PER_ROW_HELD + (packed ? 0 : bytes);
}

/** How many partitions to spill into, or undefined when the run fits in `budgetBytes`. */
export function spillPartitions(files: readonly string[], budgetBytes: number): number | undefined {
  const sizes = files.map(sizeOf);
  if (sizes.reduce((sum, size) => sum + bytesHeld(size), 0) <= budgetBytes) return undefined;
  const rows = sizes.reduce((sum, size) => sum + size.rows, 0);
  return Math.min(MAX_PARTITIONS, Math.max(MIN_PARTITIONS, Math.ceil(rows / ROWS_PER_PARTITION)));
}

/**
 * Whether a spilling run may read files on two threads at once: what the largest file of each
 * share holds while it is read, held at the same time, must fit in half the budget (the rest is
 * the process and the partition buffers). Otherwise one thread reads every file, slower but
 * within the budget.
 */
export function twoThreadLoadFits(files: readonly string[], split: number, budgetBytes: number): boolean {
  const largest = (share: readonly string[]) => Math.max(0, ...share.map(bytesHeldReading));
  return largest(files.slice(0, split)) + largest(files.slice(split)) <= budgetBytes / 2;
}
