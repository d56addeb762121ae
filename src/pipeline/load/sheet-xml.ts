/**
 * Sheet and shared-strings XML, read as the checking tokenizer (`xml-scan.ts`) walks the inflated
 * bytes. Each value is decoded from its own bytes, for memory: in Bun a string sliced out of a
 * larger one keeps the larger one alive, so values cut from decoded chunks pinned the whole sheet
 * XML (about 160 MiB at 100,000 organisations) for as long as the records lived.
 *
 * Every number the file chooses is checked before it is used: a cell reference past XFD or a row
 * past 1,048,576 is refused at once (a reference is read a letter at a time, so `ZZZZZZZ1` costs
 * nothing), as are a value longer than MAX_CELL_BYTES and a sheet so sparse that filling in its
 * empty cells would cost more than MAX_PADDING_CELLS.
 */
import { columnLetters, decodeXml, plainNumber } from "./cells.ts";
import { grouped, MAX_CELL_BYTES, MAX_COLUMNS, MAX_PADDING_CELLS, MAX_ROWS, MAX_SHARED_STRINGS } from "./limits.ts";
import type { RowHandler } from "./reader.ts";
import { XmlScanner } from "./xml-scan.ts";

const enum CellType {
  Number,
  Shared,
  Bool,
  Error,
  Text,
  Inline,
}

/** Bytes of a local element name (`row`, `c`, ...) compared in place. */
function named(b: Buffer, start: number, end: number, name: string): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (b[start + i] !== name.charCodeAt(i)) return false;
  return true;
}

/**
 * Collects the text of the element being captured: usually one piece (kept as a position, not
 * copied); pieces cut by a chunk boundary are joined before decoding, so no character is split.
 */
abstract class ValueScanner extends XmlScanner {
  protected pieceBuffer: Buffer | undefined;
  protected pieceStart = 0;
  protected pieceEnd = 0;
  private morePieces: Buffer[] | undefined;
  private capturedBytes = 0;
  /** Decoded text of the runs finished so far in the current value. */
  protected value = "";

  protected abstract describeValue(): string;

  protected text(b: Buffer, start: number, end: number): void {
    this.capturedBytes += end - start;
    if (this.capturedBytes > MAX_CELL_BYTES) this.refuse(`${this.describeValue()} is longer than ${MAX_CELL_BYTES / 1024 / 1024} MiB of XML`, start);
    if (this.pieceBuffer === undefined) {
      this.pieceBuffer = b;
      this.pieceStart = start;
      this.pieceEnd = end;
    } else {
      this.morePieces ??= [this.pieceBuffer.subarray(this.pieceStart, this.pieceEnd)];
      this.morePieces.push(b.subarray(start, end));
    }
  }

  protected cdata(b: Buffer, start: number, end: number): void {
    this.finishRun();
    this.capturedBytes += end - start;
    if (this.capturedBytes > MAX_CELL_BYTES) this.refuse(`${this.describeValue()} is longer than ${MAX_CELL_BYTES / 1024 / 1024} MiB of XML`, start);
    this.value += b.toString("utf8", start, end);
  }

  /** Decodes the pending run into `value`. */
  protected finishRun(): void {
    const buffer = this.pieceBuffer;
    if (buffer === undefined) return;
    const raw = this.morePieces ? Buffer.concat(this.morePieces).toString("utf8") : buffer.toString("utf8", this.pieceStart, this.pieceEnd);
    this.pieceBuffer = undefined;
    this.morePieces = undefined;
    this.value += decodeXml(raw);
  }

  /** True when the value is one piece of text still in place (read it from `pieceBuffer`). */
  protected inPlace(): boolean {
    return this.pieceBuffer !== undefined && this.morePieces === undefined && this.value === "";
  }

  /** Forgets the value (after reading it in place). */
  protected dropValue(): void {
    this.pieceBuffer = undefined;
    this.capturedBytes = 0;
  }

  /** The value collected since the last call, and a fresh start. */
  protected takeValue(): string {
    this.finishRun();
    const value = this.value;
    this.value = "";
    this.capturedBytes = 0;
    return value;
  }
}

/** Shared strings: `<si>` items, each the text of its `<t>` runs, phonetic hints (`<rPh>`) left out. */
export class SharedStringsScanner extends ValueScanner {
  readonly strings: string[] = [];
  private inItem = false;
  private phonetic = 0;

  protected describeValue(): string {
    return `shared string ${grouped(this.strings.length)}`;
  }

  protected open(b: Buffer, _nameStart: number, nameEnd: number, local: number, selfClosing: boolean): void {
    if (named(b, local, nameEnd, "si")) {
      if (selfClosing) this.push("", local);
      else this.inItem = true;
    } else if (named(b, local, nameEnd, "rPh")) {
      if (!selfClosing) this.phonetic++;
    } else if (named(b, local, nameEnd, "t") && this.inItem && this.phonetic === 0 && !selfClosing) this.capturing = true;
  }

  protected close(b: Buffer, _nameStart: number, nameEnd: number, local: number): void {
    if (named(b, local, nameEnd, "t")) this.capturing = false;
    else if (named(b, local, nameEnd, "si")) {
      this.inItem = false;
      this.push(this.takeValue(), local);
    } else if (named(b, local, nameEnd, "rPh")) this.phonetic--;
  }

  private push(text: string, at: number): void {
    if (this.strings.length >= MAX_SHARED_STRINGS) this.refuse(`more than ${grouped(MAX_SHARED_STRINGS)} shared strings`, at);
    this.strings.push(text);
  }
}

/** Rows with numbers kept as numbers (`typed`): what reading a table back needs. */
export type TypedRowHandler = (cells: (string | number)[], rowNumber: number) => void;

/**
 * A sheet's rows: `onRow(cells, rowNumber)` for every row with a value, column i's text at index
 * i ("" where empty). With `typed`, number cells come as numbers.
 */
export class SheetScanner extends ValueScanner {
  private rowNumber = 0;
  private inRow = false;
  private cells: (string | number)[] = [];
  private nextColumn = 0;
  private padding = 0;
  private inCell = false;
  private column = 0;
  private type = CellType.Number;
  private inline = 0;
  private phonetic = 0;
  private refAt = -1;
  private typeAt = -1;

  private readonly onRow: TypedRowHandler;

  constructor(
    private readonly shared: string[],
    onRow: RowHandler | TypedRowHandler,
    private readonly typed = false,
  ) {
    super();
    // Untyped, every cell is text, so a handler of string[] is given only strings.
    this.onRow = onRow as TypedRowHandler;
  }

  /** Where the scan is, for messages: `row 17` or `cell B17`. */
  where(): string {
    if (this.inCell) return `cell ${columnLetters(this.column)}${this.rowNumber}`;
    if (this.inRow) return `row ${this.rowNumber}`;
    return this.rowNumber > 0 ? `after row ${this.rowNumber}` : "before the first row";
  }

  protected describeValue(): string {
    return `the value of cell ${columnLetters(this.column)}${this.rowNumber}`;
  }

  protected open(b: Buffer, _nameStart: number, nameEnd: number, local: number, selfClosing: boolean): void {
    const length = nameEnd - local;
    const first = b[local];
    if (length === 1) {
      if (first === 99) this.openCell(b, local, selfClosing); // c
      else if (first === 118) this.capturing = this.inCell && !selfClosing; // v
      else if (first === 116) this.capturing = this.inline > 0 && this.phonetic === 0 && !selfClosing; // t
    } else if (length === 3) {
      if (named(b, local, nameEnd, "row")) this.openRow(b, local, selfClosing);
      else if (named(b, local, nameEnd, "rPh") && !selfClosing) this.phonetic++;
    } else if (length === 2 && named(b, local, nameEnd, "is") && this.inCell && !selfClosing) this.inline++;
  }

  protected close(b: Buffer, _nameStart: number, nameEnd: number, local: number): void {
    const length = nameEnd - local;
    const first = b[local];
    if (length === 1) {
      // </v>, </t>: the text stays in place until the cell closes (runs of one value are joined raw).
      if (first === 118 || first === 116) this.capturing = false;
      else if (first === 99) this.closeCell(local); // </c>
    } else if (length === 3) {
      if (named(b, local, nameEnd, "row")) this.closeRow();
      else if (named(b, local, nameEnd, "rPh")) this.phonetic--;
    } else if (length === 2 && named(b, local, nameEnd, "is") && this.inline > 0) this.inline--;
  }

  /** Finds the `r` and `t` attributes of the tag just opened (their index in `attrs`, or -1). */
  private findRefAndType(b: Buffer): void {
    this.refAt = -1;
    this.typeAt = -1;
    const attrs = this.attrs;
    for (let k = 0; k < this.attrCount * 4; k += 4) {
      if (attrs[k + 1]! - attrs[k]! !== 1) continue;
      const letter = b[attrs[k]!];
      if (letter === 114) this.refAt = k;
      else if (letter === 116) this.typeAt = k;
    }
  }

  private openRow(b: Buffer, at: number, selfClosing: boolean): void {
    if (this.inRow) this.fail("a row inside a row", at);
    this.findRefAndType(b);
    const r = this.refAt;
    let row = this.rowNumber + 1;
    if (r >= 0) {
      const start = this.attrs[r + 2]!;
      const end = this.attrs[r + 3]!;
      row = 0;
      for (let i = start; i < end; i++) {
        const d = b[i]! - 48;
        if (d < 0 || d > 9 || i - start >= 8) this.fail(`a row number that is not a number from 1 to ${grouped(MAX_ROWS)}`, at);
        row = row * 10 + d;
      }
      if (end === start) this.fail("an empty row number", at);
    }
    if (row < 1) this.fail("row number 0 (rows count from 1)", at);
    if (row > MAX_ROWS) this.refuse(`row ${grouped(row)} is past Excel's last row ${grouped(MAX_ROWS)}`, at);
    this.rowNumber = row;
    this.nextColumn = 0;
    if (!selfClosing) this.inRow = true;
  }

  private closeRow(): void {
    this.inRow = false;
    if (this.cells.length > 0) {
      const cells = this.cells;
      this.cells = [];
      this.onRow(cells, this.rowNumber);
    }
  }

  private openCell(b: Buffer, at: number, selfClosing: boolean): void {
    if (!this.inRow) this.fail("a cell outside a row", at);
    this.findRefAndType(b);
    const r = this.refAt;
    let column = this.nextColumn;
    if (r >= 0) column = this.referenceColumn(b, this.attrs[r + 2]!, this.attrs[r + 3]!, at);
    else if (column >= MAX_COLUMNS) this.refuse(`more than ${grouped(MAX_COLUMNS)} cells in row ${this.rowNumber}`, at);
    this.column = column;
    this.nextColumn = column + 1;
    const t = this.typeAt;
    this.type = t < 0 ? CellType.Number : this.cellType(b, this.attrs[t + 2]!, this.attrs[t + 3]!, at);
    this.inCell = !selfClosing;
  }

  /** The 0-based column of a reference such as `AB12`, checked against Excel's limits. */
  private referenceColumn(b: Buffer, start: number, end: number, at: number): number {
    let column = 0;
    let i = start;
    for (; i < end; i++) {
      const code = b[i]! & 0xdf; // upper case
      if (code < 65 || code > 90) break;
      if (i - start === 3) this.refuse(`the cell reference ${this.quoted(b, start, end)} is past Excel's last column XFD`, at);
      column = column * 26 + (code - 64);
    }
    const letters = i - start;
    let row = 0;
    for (; i < end; i++) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9 || row > MAX_ROWS) break;
      row = row * 10 + d;
    }
    if (letters === 0 || i !== end || row === 0) this.fail(`a malformed cell reference ${this.quoted(b, start, end)}`, at);
    if (column > MAX_COLUMNS) this.refuse(`the cell reference ${this.quoted(b, start, end)} is past Excel's last column XFD`, at);
    if (row > MAX_ROWS) this.refuse(`the cell reference ${this.quoted(b, start, end)} is past Excel's last row ${grouped(MAX_ROWS)}`, at);
    return column - 1;
  }

  private quoted(b: Buffer, start: number, end: number): string {
    return `"${b.toString("latin1", start, Math.min(end, start + 24)).replace(/[^\x21-\x7e]/g, "?")}${end - start > 24 ? "…" : ""}"`;
  }

  private cellType(b: Buffer, start: number, end: number, at: number): CellType {
    const length = end - start;
    const first = b[start];
    if (length === 1) {
      if (first === 115) return CellType.Shared; // s
      if (first === 110) return CellType.Number; // n
      if (first === 98) return CellType.Bool; // b
      if (first === 101) return CellType.Error; // e
      if (first === 100) return CellType.Text; // d (an ISO date, kept as text)
    } else if (named(b, start, end, "str")) return CellType.Text;
    else if (named(b, start, end, "inlineStr")) return CellType.Inline;
    return this.fail(`an unknown cell type t=${this.quoted(b, start, end)}`, at);
  }

  private closeCell(at: number): void {
    this.inCell = false;
    let value: string | number;
    if (this.inPlace() && this.type !== CellType.Text && this.type !== CellType.Inline) {
      // The common cells (numbers, shared strings, booleans) read straight from their bytes.
      value = this.valueInPlace(this.pieceBuffer!, this.pieceStart, this.pieceEnd, at);
      this.dropValue();
    } else {
      const raw = this.takeValue();
      switch (this.type) {
        case CellType.Shared:
          value = this.sharedString(raw, at);
          break;
        case CellType.Bool:
          value = raw === "" ? "" : raw === "1" ? "TRUE" : "FALSE";
          break;
        case CellType.Error:
          value = "";
          break;
        case CellType.Number:
          value = raw === "" ? "" : plainNumber(raw);
          break;
        default:
          value = raw;
      }
    }
    if (value === "") return;
    if (this.typed && this.type === CellType.Number) {
      const number = Number(value);
      if (Number.isFinite(number)) value = number;
    }
    const cells = this.cells;
    const column = this.column;
    if (column > cells.length) {
      this.padding += column - cells.length;
      if (this.padding > MAX_PADDING_CELLS) {
        this.refuse(`more than ${grouped(MAX_PADDING_CELLS)} empty cells between values (values far apart in many rows)`, at);
      }
      while (cells.length < column) cells.push("");
    }
    cells[column] = value;
  }

  private valueInPlace(b: Buffer, start: number, end: number, at: number): string {
    if (this.type === CellType.Shared) {
      let index = 0;
      let i = start;
      for (; i < end; i++) {
        const d = b[i]! - 48;
        if (d < 0 || d > 9 || i - start >= 10) break;
        index = index * 10 + d;
      }
      if (i !== end || i === start) return this.sharedString(decodeXml(b.toString("utf8", start, end)), at);
      const text = this.shared[index];
      if (text === undefined) this.fail(`a cell refers to shared string ${grouped(index)}, but the workbook has ${grouped(this.shared.length)}`, at);
      return text;
    }
    if (this.type === CellType.Bool) return b[start] === 49 && end === start + 1 ? "TRUE" : "FALSE";
    if (this.type === CellType.Error) return "";
    // A number: its text is ASCII, unless the file escaped it (then decode it properly).
    for (let i = start; i < end; i++) if (b[i] === 38 || b[i] === 95 || b[i]! >= 128) return plainNumber(decodeXml(b.toString("utf8", start, end)));
    return plainNumber(b.toString("latin1", start, end));
  }

  private sharedString(value: string, at: number): string {
    const raw = value.trim();
    if (raw === "") return "";
    let index = 0;
    for (let i = 0; i < raw.length; i++) {
      const d = raw.charCodeAt(i) - 48;
      if (d < 0 || d > 9 || i >= 10) this.fail(`a shared-string cell whose value ${JSON.stringify(raw.slice(0, 20))} is not an index`, at);
      index = index * 10 + d;
    }
    const text = this.shared[index];
    if (text === undefined) this.fail(`a cell refers to shared string ${grouped(index)}, but the workbook has ${grouped(this.shared.length)}`, at);
    return text;
  }
}
