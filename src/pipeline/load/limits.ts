/**
 * The resource bounds of the workbook readers, in one place (the README's "Resource bounds"
 * table states them). Every number a file can choose — a cell reference, a row number, a cell's
 * length, how deep elements nest — is checked against one of these before it sizes anything, so
 * a small file cannot make the reader allocate or loop in proportion to what it merely claims.
 */

/** Excel's last column, XFD. */
export const MAX_COLUMNS = 16_384;
/** Excel's last row. */
export const MAX_ROWS = 1_048_576;
/**
 * The XML text of one cell value or shared string. Excel holds at most 32,767 characters per cell
 * (under 400 KiB of XML even fully escaped); this leaves room for other producers.
 */
export const MAX_CELL_BYTES = 4 * 1024 * 1024;
/** One piece of markup (a start tag with its attributes, a comment, a CDATA section). */
export const MAX_MARKUP_BYTES = 1024 * 1024;
/** Elements open at once (a sheet needs five: worksheet, sheetData, row, c, v). */
export const MAX_DEPTH = 256;
/**
 * Empty cells the reader fills in, per sheet, between a row's values (a value in column XFD of
 * every row costs 16,383 of them per row). Real sheets stay far below; past it the sheet is
 * refused rather than costing minutes.
 */
export const MAX_PADDING_CELLS = 64 * 1024 * 1024;

/** Strings in a workbook's shared-strings table (each costs a slot even when empty). */
export const MAX_SHARED_STRINGS = 16 * 1024 * 1024;
/** Sheets or relationships listed in one workbook part. */
export const MAX_LISTED = 100_000;

/** 16384 -> "16,384". */
export function grouped(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * `.ods` and `.xls` are parsed whole in memory (by SheetJS), at several times their size: an
 * `.ods` whose sheets' XML inflates past this, or an `.xls` file larger than this, is refused
 * with a hint to save it as `.xlsx`, which is streamed.
 */
export const MAX_IN_MEMORY_BYTES = 64 * 1024 * 1024;
/** Cells with a value in an `.ods`, counting every repetition (`number-rows-repeated`...). */
export const MAX_IN_MEMORY_CELLS = 4_000_000;
