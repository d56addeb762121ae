/**
 * Reads one workbook the way the generic mapping would (refine's own header detection and
 * header mapping), keeping per column what inferring joins and keys needs: how often it is
 * filled, and its distinct values (normalised as joins compare them, up to a bound).
 */
import { openWorkbook } from "../../formats/index.ts";
import { headerScore } from "../../pipeline/load/generic.ts";
import { joinKey } from "../../pipeline/load/join.ts";
import { genericMatches, type GenericMatch } from "../../pipeline/load/map.ts";
import { readTable } from "../../pipeline/load/table.ts";
import type { Profile } from "../../profiles/types.ts";

/** Distinct values kept per column: enough to judge uniqueness and overlap, bounded in memory. */
const MAX_VALUES = 100_000;

export interface ColumnStats {
  filled: number;
  values: Set<string>;
  /** More distinct values than MAX_VALUES: uniqueness is judged on what was kept. */
  capped: boolean;
}

export interface SheetAnalysis {
  file: string;
  sheet: string;
  headerRow: number;
  headers: string[];
  rows: number;
  matches: GenericMatch[];
  /** Per column index. */
  columns: ColumnStats[];
}

export interface WorkbookAnalysis {
  file: string;
  sheetless: boolean;
  /** Sheets with a header row (empty sheets are left out). */
  sheets: SheetAnalysis[];
}

export type Mapper = Pick<Profile, "column_synonyms" | "fuzzy_threshold">;

export async function analyseWorkbook(file: string, mapper: Mapper, maxUncompressedBytes: number): Promise<WorkbookAnalysis> {
  const reader = await openWorkbook(file, maxUncompressedBytes);
  const sheets: SheetAnalysis[] = [];
  for (const sheet of reader.sheetNames) {
    const columns: ColumnStats[] = [];
    let headers: string[] = [];
    let rows = 0;
    const table = await readTable(reader, sheet, (cells) => headerScore(cells, mapper), (found) => {
      headers = found;
      return (cells) => {
        if (cells.every((cell) => cell.trim() === "")) return;
        rows++;
        cells.forEach((cell, index) => {
          const key = joinKey(cell);
          if (key === "") return;
          const stats = (columns[index] ??= { filled: 0, values: new Set(), capped: false });
          stats.filled++;
          if (stats.values.size < MAX_VALUES) stats.values.add(key);
          else if (!stats.values.has(key)) stats.capped = true;
        });
      };
    });
    if (table.headers === undefined) continue;
    for (let i = 0; i < headers.length; i++) columns[i] ??= { filled: 0, values: new Set(), capped: false };
    sheets.push({ file, sheet, headerRow: table.headerRow, headers, rows, matches: genericMatches(headers, mapper.column_synonyms, mapper.fuzzy_threshold), columns });
  }
  return { file, sheetless: reader.sheetless === true, sheets };
}

/** Every filled value differs from the others (and there is at least one). */
export function isUnique(stats: ColumnStats | undefined): boolean {
  return stats !== undefined && stats.filled > 0 && !stats.capped && stats.values.size === stats.filled;
}
