/**
 * `.csv`: a refine input (one file is one sheet, named after the file), a table read back, and
 * the refined output with its CSVW metadata. Reading and writing each go through one module:
 * `_text.ts` + `_csv-read.ts` (encoding, delimiter, RFC 4180) and `_csv-write.ts` (formula guard,
 * CSVW); refine's loader and `readTable` share the same parse.
 */
import { basename, extname } from "node:path";
import { usageError } from "../errors.ts";
import { CSV_PIECE_BYTES, parseCsv, parseCsvFile, SNIFF_BYTES, sniffDelimiter } from "./_csv-read.ts";
import { csvwMetadata, csvwPath, looksLikeFormula, writeCsvFile } from "./_csv-write.ts";
import { gridRows } from "./_cells.ts";
import { decodeText, utf8Start } from "./_text.ts";
import type { Format, InputFile, RowHandler, TableFile, TableSink, WorkbookReader } from "./types.ts";

/**
 * A CSV file as a refine input. A UTF-8 file (nearly every export) is parsed piece by piece as it
 * is read, so it is never held whole: a 566 MB export read whole was most of a million-row
 * run's peak. UTF-16 and Windows-1252 files are decoded whole into a UTF-8 copy first.
 */
export class CsvReader implements WorkbookReader {
  readonly sheetNames: string[];
  readonly sheetless = true;
  readonly notices: string[] = [];

  private constructor(
    readonly file: string,
    /** The decoded text, or where the UTF-8 text starts in the file read piece by piece. */
    private readonly text: { utf8: Buffer } | { input: InputFile; start: number },
    private readonly delimiter: string,
  ) {
    this.sheetNames = [basename(file, extname(file))];
  }

  /** From the file, piece by piece when it is UTF-8. */
  static async open(input: InputFile): Promise<CsvReader> {
    try {
      const start = await utf8Start(input.read, CSV_PIECE_BYTES);
      if (start !== undefined) return new CsvReader(input.path, { input, start }, sniffDelimiter(await input.read(start, SNIFF_BYTES + 1)));
    } finally {
      await input.close();
    }
    return CsvReader.decoded(input.path, await input.bytes());
  }

  /** From the whole file's bytes, decoded into UTF-8 (with a notice when the encoding was guessed). */
  static decoded(file: string, bytes: Uint8Array): CsvReader {
    const text = decodeText(bytes, file);
    const reader = new CsvReader(file, { utf8: text.utf8 }, sniffDelimiter(text.utf8));
    if (text.notice) reader.notices.push(text.notice);
    return reader;
  }

  async readSheet(_name: string, onRow: RowHandler): Promise<void> {
    if ("utf8" in this.text) return parseCsv(this.text.utf8, onRow, this.delimiter);
    const { input, start } = this.text;
    try {
      await parseCsvFile(input.read, start, onRow, this.delimiter);
    } finally {
      await input.close();
    }
  }
}

/**
 * Refine writes formula-looking text with a leading apostrophe so spreadsheets show it as text
 * (`'=SUM(A1)`); reading a table removes that guard again.
 */
function unguard(cell: string): string {
  return cell.charCodeAt(0) === 0x27 && looksLikeFormula(cell.slice(1)) ? cell.slice(1) : cell;
}

/**
 * A table read back. A UTF-8 file (every refined output) is parsed piece by piece, so a 228 MiB
 * output is never held whole; UTF-16 and Windows-1252 files (inputs saved by older programs)
 * are decoded whole into a UTF-8 copy first, as refine's loader does.
 */
async function readCsvTable(file: TableFile, _options: unknown, sink: TableSink): Promise<void> {
  // CSV has no types: the numeric refined columns come back as numbers so a round trip keeps
  // them; every other column stays text (a name like "747" or a code like "0011" is not a number).
  const push = gridRows(sink, { textCells: true });
  const onRow: RowHandler = (cells) => push(cells.map(unguard));
  const start = await utf8Start(file.read, CSV_PIECE_BYTES);
  if (start === undefined) {
    const reader = CsvReader.decoded(file.path, await file.bytes());
    for (const notice of reader.notices) sink.notice(notice);
    return reader.readSheet(reader.sheetNames[0]!, onRow);
  }
  const delimiter = sniffDelimiter(await file.read(start, SNIFF_BYTES + 1));
  await parseCsvFile(file.read, start, onRow, delimiter);
}

export const csv: Format = {
  name: "csv",
  title: "RFC 4180; `,` `;` tab or `|` separated (sniffed); UTF-8, UTF-16 or Windows-1252 in; UTF-8 with CSVW metadata out",
  suffixes: [".csv"],
  mediaType: "text/csv",
  textual: true,
  workbook: {
    // Text has no signature: the name is all there is.
    recognise: (_bytes, suffix) => suffix === ".csv",
    expected: "is a text file",
    packed: false,
    async open(file, limit) {
      if ((await file.size()) > limit) {
        await file.close();
        throw usageError(`${file.path}: the CSV file is larger than the limit`, "raise it with --max-uncompressed-mb");
      }
      return CsvReader.open(file);
    },
  },
  read: readCsvTable,
  async write(target, columns, rows) {
    await writeCsvFile(target.temp, columns, rows);
    const metadata = csvwPath(target.path);
    await target.batch.write(metadata, `${JSON.stringify(csvwMetadata(target.path, columns, rows), null, 2)}\n`);
    return [metadata];
  },
};
