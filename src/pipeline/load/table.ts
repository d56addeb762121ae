/**
 * Walks one sheet as a table: finds its header row (fixed by the profile, or detected among the
 * first rows for sheets nobody declared, since such sheets often start with a title row), then
 * streams the data rows below it.
 */
import type { RowHandler, WorkbookReader } from "./reader.ts";

/** Thrown inside a row handler to stop reading a sheet that turned out to be of no use. */
class StopReading extends Error {}

export interface TableStats {
  /** The header cells, or undefined when the sheet has no rows at all. */
  headers: string[] | undefined;
  headerRow: number;
  dataRows: number;
}

/** How many leading rows a detected header may be among. */
const DETECT_WITHIN = 10;

/**
 * Reads `sheet`. `header` is a 1-based row number, or a scorer for header candidates (the best
 * of the first rows wins, earliest on ties). `onHeader` returns the handler for the data rows,
 * or null to stop reading.
 */
export async function readTable(
  reader: WorkbookReader,
  sheet: string,
  header: number | ((cells: string[]) => number),
  onHeader: (headers: string[]) => RowHandler | null,
): Promise<TableStats> {
  const stats: TableStats = { headers: undefined, headerRow: 0, dataRows: 0 };
  let handler: RowHandler | null = null;
  const pending: { cells: string[]; rowNumber: number }[] = [];

  const start = (headers: string[], headerRow: number) => {
    stats.headers = headers;
    stats.headerRow = headerRow;
    handler = onHeader(headers);
    if (!handler) throw new StopReading();
  };
  const data = (cells: string[], rowNumber: number) => {
    stats.dataRows++;
    handler!(cells, rowNumber);
  };
  const settleDetected = () => {
    if (typeof header === "number" || stats.headers || pending.length === 0) return;
    const scores = pending.map((row) => header(row.cells));
    let best = 0;
    scores.forEach((score, i) => {
      if (score > scores[best]!) best = i;
    });
    start(pending[best]!.cells, pending[best]!.rowNumber);
    for (const row of pending.slice(best + 1)) data(row.cells, row.rowNumber);
    pending.length = 0;
  };

  try {
    await reader.readSheet(sheet, (cells, rowNumber) => {
      if (stats.headers) return data(cells, rowNumber);
      if (typeof header === "number") {
        if (rowNumber < header) return;
        // A blank header row leaves the sheet without headers; the data still follows it.
        if (rowNumber === header) return start(cells, rowNumber);
        start([], header);
        return data(cells, rowNumber);
      }
      pending.push({ cells, rowNumber });
      if (pending.length >= DETECT_WITHIN) settleDetected();
    });
    settleDetected();
  } catch (error) {
    if (!(error instanceof StopReading)) throw error;
  }
  return stats;
}
