/**
 * Whether a run keeps its records in memory or spills them to disk, decided before loading from
 * the size of the input: a refine holds about 3 KiB of memory per source row at its peak
 * (measured: 621 MiB for 200,743 rows), and packed workbooks hold about one row per 70 bytes of
 * file (csv about one per 200). Over the budget, records go to partitions of about 20,000 rows.
 * The output is the same either way; only time and memory differ.
 */
import { statSync } from "node:fs";
import { formatOf } from "../../formats/index.ts";

const BYTES_PER_ROW_HELD = 3 * 1024;
/**
 * While a file is read, its records wait for its joins before they can go to disk: about 1.5 KiB
 * a row (a 352,000-row workbook took a spilling load from ~450 MiB to ~1 GiB).
 */
const BYTES_PER_ROW_LOADING = 1536;
const PACKED_BYTES_PER_ROW = 70;
const TEXT_BYTES_PER_ROW = 200;
const ROWS_PER_PARTITION = 20_000;
const MIN_PARTITIONS = 8;
const MAX_PARTITIONS = 512;

/** The default `--memory-budget-mb`. */
export const DEFAULT_MEMORY_BUDGET_MB = 1024;

/** Source rows the files probably hold. */
export function estimatedRows(files: readonly string[]): number {
  let rows = 0;
  for (const file of files) {
    const bytes = statSync(file).size;
    rows += bytes / (formatOf(file)?.workbook?.packed ? PACKED_BYTES_PER_ROW : TEXT_BYTES_PER_ROW);
  }
  return Math.ceil(rows);
}

/** How many partitions to spill into, or undefined when the run fits in `budgetBytes`. */
export function spillPartitions(files: readonly string[], budgetBytes: number): number | undefined {
  const rows = estimatedRows(files);
  if (rows * BYTES_PER_ROW_HELD <= budgetBytes) return undefined;
  return Math.min(MAX_PARTITIONS, Math.max(MIN_PARTITIONS, Math.ceil(rows / ROWS_PER_PARTITION)));
}

/**
 * Whether a spilling run may read files on two threads at once: the largest file of each share,
 * held at the same time, must fit in half the budget (the rest is the process and the partition
 * buffers). Otherwise one thread reads every file, slower but within the budget.
 */
export function twoThreadLoadFits(files: readonly string[], split: number, budgetBytes: number): boolean {
  const largest = (share: readonly string[]) => Math.max(0, ...share.map((file) => estimatedRows([file])));
  return (largest(files.slice(0, split)) + largest(files.slice(split))) * BYTES_PER_ROW_LOADING <= budgetBytes / 2;
}
