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
