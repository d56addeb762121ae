/**
 * A table held compactly, column by column, for the server's cache: a 100,000-row output kept as
 * plain JS row arrays costs about ten times its file size; here a column with few distinct values
 * (province, status, flags) is a dictionary and 16-bit codes, any other is its UTF-8 bytes and
 * offsets (store-bytes.ts; long JSON values compressed in small blocks). Rows stream in from the
 * format reader (`scanTable`), so the whole table never exists as row arrays. Search runs over one lower-cased byte buffer with the native `indexOf`.
 */
import { Growing, PackedValues, PagedValues, type TextValues, type TextWriter } from "./store-bytes.ts";
import type { Cell, TableSource } from "./table-query.ts";

const DICTIONARY_LIMIT = 4096;
/** A text column whose values average this many characters is kept compressed (store-bytes.ts). */
const PACK_AVERAGE = 256;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Growable byte buffer (the search text, sized up front). */
class Bytes {
  buffer: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(Math.max(capacity, 1024));
  }

  /** Appends bytes, ASCII upper case made lower (the caller lower-cases anything else itself). */
  pushLower(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buffer.length) {
      const bigger = new Uint8Array(Math.max(this.length + bytes.length, Math.ceil(this.buffer.length * 1.25)));
      bigger.set(this.buffer.subarray(0, this.length));
      this.buffer = bigger;
    }
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      this.buffer[this.length++] = b >= 65 && b <= 90 ? b + 32 : b;
    }
  }

  /** The bytes written, without a copy. */
  done(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

const SEPARATOR = new Uint8Array([1]);

function ascii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

/** One column while rows arrive: a dictionary until it has too many distinct values, then text. */
class ColumnBuilder {
  numeric = true;
  private dictionary: Map<string, number> | undefined = new Map();
  private values: string[] = [];
  private codes = new Growing(new Uint16Array(1024));
  private text: TextWriter | undefined;

  add(cell: Cell): void {
    if (cell !== null && typeof cell !== "number") this.numeric = false;
    const text = cell === null ? undefined : String(cell);
    if (this.dictionary) {
      if (text === undefined) return void this.codes.push(0);
      let code = this.dictionary.get(text);
      if (code === undefined) {
        if (this.dictionary.size >= DICTIONARY_LIMIT) return this.toText(), this.add(cell);
        code = this.values.push(text);
        this.dictionary.set(text, code);
      }
      this.codes.push(code);
      return;
    }
    this.text!.add(text);
  }

  /** Long values (JSON provenance) are kept compressed; short ones (names, addresses) as they are. */
  private toText(): void {
    const codes = this.codes.done();
    let characters = 0;
    let filled = 0;
    for (const code of codes) if (code > 0) (characters += this.values[code - 1]!.length), filled++;
    const rows = codes.length * 2;
    this.text = filled > 0 && characters / filled >= PACK_AVERAGE ? new PackedValues(rows) : new PagedValues(rows);
    for (const code of codes) this.text.add(code > 0 ? this.values[code - 1] : undefined);
    this.dictionary = undefined;
    this.values = [];
    this.codes = new Growing(new Uint16Array(0));
  }

  done(): Column {
    if (this.dictionary) return { kind: "dictionary", numeric: this.numeric, values: this.values, codes: this.codes.done() };
    return { kind: "text", numeric: this.numeric, text: this.text!.done() };
  }
}

type Column =
  | { kind: "dictionary"; numeric: boolean; values: string[]; codes: Uint16Array }
  | { kind: "text"; numeric: boolean; text: TextValues };

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
      text = c.text.empty(row) ? null : decoder.decode(c.text.bytes(row));
    }
    return text !== null && c.numeric ? Number(text) : text;
  }

  empty(row: number, column: number): boolean {
    const c = this.data[column];
    if (!c) return true;
    return c.kind === "dictionary" ? c.codes[row] === 0 : c.text.empty(row);
  }

  row(index: number): Cell[] {
    return this.columns.map((_, column) => this.cell(index, column));
  }

  /**
   * Rows whose searched columns contain `needle` (lower-cased), column by column: a dictionary's
   * few values are matched once and its codes looked up; a text column is searched with the
   * native `indexOf` in a lower-cased copy made on the first search (only text columns need
   * one: names, addresses; the dictionaries hold most columns at a fraction of the bytes).
   */
  search(needle: string, searched: number[]): Uint8Array {
    const hits = new Uint8Array(this.rowCount);
    const wanted = Buffer.from(needle);
    for (const column of searched) {
      const c = this.data[column];
      if (!c) continue;
      const lowered = this.lowered(column, c);
      if (c.kind === "dictionary") {
        const matching = (lowered as string[]).map((value) => value.includes(needle));
        if (!matching.includes(true)) continue;
        for (let row = 0; row < this.rowCount; row++) {
          const code = c.codes[row]!;
          if (code > 0 && matching[code - 1]) hits[row] = 1;
        }
        continue;
      }
      const { text, starts } = lowered as LoweredText;
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
    }
    return hits;
  }

  private readonly loweredColumns = new Map<number, string[] | LoweredText>();

  private lowered(column: number, c: Column): string[] | LoweredText {
    let lowered = this.loweredColumns.get(column);
    if (!lowered) {
      lowered = c.kind === "dictionary" ? c.values.map((value) => value.toLowerCase()) : lowerText(c.text, this.rowCount);
      this.loweredColumns.set(column, lowered);
    }
    return lowered;
  }
}

/** A text column lower-cased, each value followed by a separator; row r starts at `starts[r]`. */
interface LoweredText {
  text: Buffer;
  starts: Uint32Array;
}

/**
 * ASCII values (nearly all) are copied byte by byte with A-Z made lower; a value with other
 * characters is decoded and lower-cased as text. Sized for the bytes it copies (lower-casing
 * rarely changes a length), so it seldom grows.
 */
function lowerText(values: TextValues, rowCount: number): LoweredText {
  const text = new Bytes(values.byteLength + rowCount);
  const starts = new Uint32Array(rowCount + 1);
  for (let row = 0; row < rowCount; row++) {
    starts[row] = text.length;
    if (!values.empty(row)) {
      const bytes = values.bytes(row);
      text.pushLower(ascii(bytes) ? bytes : encoder.encode(decoder.decode(bytes).toLowerCase()));
    }
    text.pushLower(SEPARATOR);
  }
  starts[rowCount] = text.length;
  const done = text.done();
  return { text: Buffer.from(done.buffer, done.byteOffset, done.byteLength), starts };
}
