/**
 * A table held compactly, column by column, for the server's cache: a 100,000-row output kept as
 * plain JS row arrays costs about ten times its file size; here a column with few distinct values
 * (province, status, flags) is a dictionary and 16-bit codes, any other is its UTF-8 bytes and
 * offsets. Rows stream in from the format reader (`scanTable`), so the whole table never exists
 * as row arrays. Search runs over one lower-cased byte buffer with the native `indexOf`.
 */
import type { Cell, TableSource } from "./table-query.ts";

const DICTIONARY_LIMIT = 4096;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Grows by a quarter, not double: at 100,000 rows the columns' buffers are most of what is kept,
 * and doubling (plus a final trimming copy) held up to three times the data at the peak.
 */
function grown(capacity: number, need: number): number {
  return Math.max(need, Math.ceil(capacity * 1.25), 1024);
}

/** Growable byte buffer. */
class Bytes {
  buffer = new Uint8Array(1024);
  length = 0;

  push(text: string): void {
    const need = this.length + text.length * 3;
    if (need > this.buffer.length) {
      const bigger = new Uint8Array(grown(this.buffer.length, need));
      bigger.set(this.buffer.subarray(0, this.length));
      this.buffer = bigger;
    }
    this.length += encoder.encodeInto(text, this.buffer.subarray(this.length)).written;
  }

  /** Appends bytes, ASCII upper case made lower (the caller lower-cases anything else itself). */
  pushLower(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buffer.length) {
      const bigger = new Uint8Array(grown(this.buffer.length, this.length + bytes.length));
      bigger.set(this.buffer.subarray(0, this.length));
      this.buffer = bigger;
    }
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      this.buffer[this.length++] = b >= 65 && b <= 90 ? b + 32 : b;
    }
  }

  /** The bytes written, without a copy (the slack of the last growth, a quarter at most, stays). */
  done(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

const SEPARATOR = new Uint8Array([1]);

function ascii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

/** One column while rows arrive: a dictionary until it has too many distinct values, then bytes. */
class ColumnBuilder {
  numeric = true;
  private dictionary: Map<string, number> | undefined = new Map();
  private values: string[] = [];
  private codes: number[] = [];
  private bytes: Bytes | undefined;
  private offsets: number[] = [0];

  add(cell: Cell): void {
    if (cell !== null && typeof cell !== "number") this.numeric = false;
    const text = cell === null ? undefined : String(cell);
    if (this.dictionary) {
      if (text === undefined) return void this.codes.push(0);
      let code = this.dictionary.get(text);
      if (code === undefined) {
        if (this.dictionary.size >= DICTIONARY_LIMIT) return this.toBytes(), this.add(cell);
        code = this.values.push(text);
        this.dictionary.set(text, code);
      }
      this.codes.push(code);
      return;
    }
    if (text !== undefined) this.bytes!.push(text);
    this.offsets.push(this.bytes!.length);
  }

  private toBytes(): void {
    this.bytes = new Bytes();
    for (const code of this.codes) {
      if (code > 0) this.bytes.push(this.values[code - 1]!);
      this.offsets.push(this.bytes.length);
    }
    this.dictionary = undefined;
    this.values = [];
    this.codes = [];
  }

  done(): Column {
    if (this.dictionary) return { kind: "dictionary", numeric: this.numeric, values: this.values, codes: Uint16Array.from(this.codes) };
    return { kind: "bytes", numeric: this.numeric, bytes: this.bytes!.done(), offsets: Uint32Array.from(this.offsets) };
  }
}

type Column =
  | { kind: "dictionary"; numeric: boolean; values: string[]; codes: Uint16Array }
  | { kind: "bytes"; numeric: boolean; bytes: Uint8Array; offsets: Uint32Array };

export class StoreBuilder {
  private builders: ColumnBuilder[] = [];
  rowCount = 0;

  constructor(width: number) {
    this.builders = Array.from({ length: width }, () => new ColumnBuilder());
  }

  add(cells: readonly Cell[]): void {
    for (let i = 0; i < this.builders.length; i++) this.builders[i]!.add(cells[i] ?? null);
    this.rowCount++;
  }

  done(columns: string[]): ColumnStore {
    return new ColumnStore(columns, this.rowCount, this.builders.map((b) => b.done()));
  }
}

export class ColumnStore implements TableSource {
  private haystack: { text: Buffer; starts: Uint32Array } | undefined;

  constructor(
    readonly columns: string[],
    readonly rowCount: number,
    private readonly data: Column[],
  ) {}

  cell(row: number, column: number): Cell {
    const c = this.data[column];
    if (!c || row < 0 || row >= this.rowCount) return null;
    let text: string | null;
    if (c.kind === "dictionary") {
      const code = c.codes[row]!;
      text = code === 0 ? null : c.values[code - 1]!;
    } else {
      const start = c.offsets[row]!;
      const end = c.offsets[row + 1]!;
      text = start === end ? null : decoder.decode(c.bytes.subarray(start, end));
    }
    return text !== null && c.numeric ? Number(text) : text;
  }

  empty(row: number, column: number): boolean {
    const c = this.data[column];
    if (!c) return true;
    return c.kind === "dictionary" ? c.codes[row] === 0 : c.offsets[row] === c.offsets[row + 1];
  }

  row(index: number): Cell[] {
    return this.columns.map((_, column) => this.cell(index, column));
  }

  /** Rows whose searched columns contain `needle` (lower-cased), from one byte buffer built on the first search. */
  search(needle: string, searched: number[]): Uint8Array {
    this.haystack ??= this.buildHaystack(searched);
    const { text, starts } = this.haystack;
    const hits = new Uint8Array(this.rowCount);
    const wanted = Buffer.from(needle);
    let at = text.indexOf(wanted, 0);
    while (at >= 0) {
      // The row holding this offset: the last start at or before it.
      let lo = 0;
      let hi = this.rowCount - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= at) lo = mid;
        else hi = mid - 1;
      }
      hits[lo] = 1;
      at = text.indexOf(wanted, starts[lo + 1]!);
    }
    return hits;
  }

  /**
   * The searched columns of every row, lower-cased, as one byte buffer. ASCII cells (nearly all)
   * are copied byte by byte; a cell with other characters is decoded and lower-cased as text.
   */
  private buildHaystack(searched: number[]): { text: Buffer; starts: Uint32Array } {
    const lower = (bytes: Uint8Array) => (ascii(bytes) ? bytes : encoder.encode(decoder.decode(bytes).toLowerCase()));
    const dictionaries = new Map<number, Uint8Array[]>();
    for (const column of searched) {
      const c = this.data[column]!;
      if (c.kind === "dictionary") dictionaries.set(column, c.values.map((v) => lower(encoder.encode(v))));
    }
    const text = new Bytes();
    const starts = new Uint32Array(this.rowCount + 1);
    for (let row = 0; row < this.rowCount; row++) {
      starts[row] = text.length;
      for (const column of searched) {
        const c = this.data[column]!;
        if (c.kind === "dictionary") {
          const code = c.codes[row]!;
          if (code > 0) text.pushLower(dictionaries.get(column)![code - 1]!);
        } else {
          const start = c.offsets[row]!;
          const end = c.offsets[row + 1]!;
          if (end > start) text.pushLower(lower(c.bytes.subarray(start, end)));
        }
        text.pushLower(SEPARATOR);
      }
    }
    starts[this.rowCount] = text.length;
    const done = text.done();
    return { text: Buffer.from(done.buffer, done.byteOffset, done.byteLength), starts };
  }
}
