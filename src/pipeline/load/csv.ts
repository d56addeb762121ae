/**
 * `.csv` files: RFC 4180 (quoted fields, doubled quotes, newlines inside quotes), UTF-8 with or
 * without a byte-order mark. The delimiter is the most frequent of `,` `;` tab in the first line
 * (spreadsheets in many locales save CSV with `;`). One file is one sheet, named after the file.
 */
import { basename, extname } from "node:path";
import type { RowHandler, WorkbookReader } from "./reader.ts";

function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.indexOf("\n")) || text.length);
  let best = ",";
  let bestCount = 0;
  for (const candidate of [",", ";", "\t"]) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

export function parseCsv(text: string, onRow: RowHandler): void {
  const delimiter = sniffDelimiter(text);
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let rowNumber = 1;
  const endRow = () => {
    row.push(field);
    field = "";
    if (row.some((cell) => cell !== "")) onRow(row, rowNumber);
    row = [];
    rowNumber++;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = "";
    } else if (ch === "\n") endRow();
    else if (ch === "\r") {
      if (text[i + 1] === "\n") i++;
      endRow();
    } else field += ch;
  }
  if (field !== "" || row.length > 0) endRow();
}

export class CsvReader implements WorkbookReader {
  readonly sheetNames: string[];

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {
    this.sheetNames = [basename(file, extname(file))];
  }

  async readSheet(_name: string, onRow: RowHandler): Promise<void> {
    parseCsv(this.text.charCodeAt(0) === 0xfeff ? this.text.slice(1) : this.text, onRow);
  }
}
