/**
 * What every format reader offers the loader: the sheet names, and a way to walk one sheet's
 * rows in order without holding the sheet in memory (for the formats that allow it).
 */

/** Called once per row that has cells; `cells[i]` is column i's text ("" when empty). */
export type RowHandler = (cells: string[], rowNumber: number) => void;

export interface WorkbookReader {
  readonly file: string;
  readonly sheetNames: string[];
  readSheet(name: string, onRow: RowHandler): Promise<void>;
}
