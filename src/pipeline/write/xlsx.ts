/**
 * The styled .xlsx output, written with exceljs's streaming WorkbookWriter (SheetJS community
 * edition writes no styles or frozen panes). exceljs is imported here, lazily, so start-up never
 * pays for it. Text is always written as a string cell, so a value like `=HYPERLINK(...)` is shown,
 * never evaluated.
 */
import type { CellValue } from "../types.ts";

export interface XlsxSheet {
  name: string;
  columns: readonly string[];
  rows: CellValue[][];
  /** Columns whose numeric cells are coloured green (>= 0.8), amber (>= 0.6) or red. */
  scoreColumns?: readonly string[];
}

const HEADER_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FF1F4E78" } } as const;
const HEADER_FONT = { bold: true, color: { argb: "FFFFFFFF" } } as const;
const GREEN = { type: "pattern", pattern: "solid", fgColor: { argb: "FFC6EFCE" } } as const;
const AMBER = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFEB9C" } } as const;
const RED = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFC7CE" } } as const;
const MIN_WIDTH = 10;
const MAX_WIDTH = 60;
/** Rows sampled for column widths: enough to be representative, cheap on 100,000 rows. */
const WIDTH_SAMPLE = 500;

/** The fill for a score: green at 0.8 and above, amber at 0.6 and above, red below. */
export function scoreFill(score: number): typeof GREEN | typeof AMBER | typeof RED {
  return score >= 0.8 ? GREEN : score >= 0.6 ? AMBER : RED;
}

export async function writeXlsx(path: string, sheets: XlsxSheet[]): Promise<void> {
  const ExcelJS = (await import("exceljs")).default;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  workbook.creator = "hotpass";
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: "frozen", xSplit: 0, ySplit: 1 }] });
    worksheet.columns = sheet.columns.map((name, index) => ({ header: name, key: name, width: columnWidth(name, index, sheet.rows) }));
    worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, sheet.columns.length) } };
    const header = worksheet.getRow(1);
    header.eachCell((cell) => {
      cell.fill = HEADER_FILL;
      cell.font = HEADER_FONT;
    });
    header.commit();

    const scored = new Set(sheet.scoreColumns ?? []);
    const scoreIndexes = sheet.columns.flatMap((name, index) => (scored.has(name) ? [index] : []));
    for (const values of sheet.rows) {
      const row = worksheet.addRow(values);
      for (const index of scoreIndexes) {
        const value = values[index];
        if (typeof value === "number") row.getCell(index + 1).fill = scoreFill(value);
      }
      row.commit();
    }
    worksheet.commit();
  }
  await workbook.commit();
}

function columnWidth(name: string, index: number, rows: CellValue[][]): number {
  let widest = name.length;
  const sample = Math.min(rows.length, WIDTH_SAMPLE);
  for (let r = 0; r < sample; r++) {
    const value = rows[r]![index];
    if (value !== null && value !== undefined) widest = Math.max(widest, String(value).length);
  }
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
}
