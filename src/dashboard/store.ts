/**
 * A table held compactly, column by column, for the server's cache: a 100,000-row output kept as
 * plain JS row arrays costs about ten times its file size; here a column with few distinct values
 * (province, status, flags) is a dictionary and 16-bit codes, any other is its UTF-8 bytes and
 * offsets (store-bytes.ts; long JSON values compressed in small blocks). Rows stream in from the
 * format reader (`scanTable`), so the whole table never exists as row arrays. Given a
 * `SpillFile`, text pages (and search's lower-cased copy) live in that file, not in the process:
 * the dictionaries, codes and offsets that filters, sorts and paging use stay in memory.
 * Search runs page by page over a lower-cased copy with the native `indexOf`.
 */
import { isAscii } from "node:buffer";
import type { SpillFile } from "./spill.ts";
import { Pages, type PageReader } from "./pages.ts";
import { Growing, PackedValues, PagedValues, type TextValues, type TextWriter } from "./store-bytes.ts";
import type { Cell, TableSource } from "./table-query.ts";

const DICTIONARY_LIMIT = 4096;
/** A text column whose values average this many characters is kept compressed (store-bytes.ts). */
const PACK_AVERAGE = 256;
const encoder = new TextEncoder();

/** One column while rows arrive: a dictionary until it has too many distinct values, then text. */
class ColumnBuilder {
  numeric = true;
  private dictionary: Map<string, number> | undefined = new Map();
  private values: string[] = [];
  private codes = new Growing(new Uint16Array(1024));
  private text: TextWriter | undefined;

  constructor(private readonly spill?: SpillFile) {}

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
    this.text = filled > 0 && characters / filled >= PACK_AVERAGE ? new PackedValues(rows, this.spill) : new PagedValues(rows, this.spill);
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

  /** With `spill`, text goes to that file (its owner removes it when the table is dropped). */
  constructor(
    width: number,
    private readonly spill?: SpillFile,
  ) {
    this.builders = Array.from({ length: width }, () => new ColumnBuilder(spill));
  }

  add(cells: readonly Cell[]): void {
    for (let i = 0; i < this.builders.length; i++) this.builders[i]!.add(cells[i] ?? null);
    this.rowCount++;
  }

  done(columns: string[]): ColumnStore {
    return new ColumnStore(columns, this.rowCount, this.builders.map((b) => b.done()), this.spill);
  }
}

export class ColumnStore implements TableSource {
  constructor(
    readonly columns: string[],
    readonly rowCount: number,
    private readonly data: Column[],
    private readonly spill?: SpillFile,
  ) {}

  cell(row: number, column: number): Cell {
    const c = this.data[column];
    if (!c || row < 0 || row >= this.rowCount) return null;
    let text: string | null;
    if (c.kind === "dictionary") {
      const code = c.codes[row]!;
      text = code === 0 ? null : c.values[code - 1]!;
    } else {
      text = c.text.empty(row) ? null : c.text.text(row);
    }
    return text !== null && c.numeric ? Number(text) : text;
  }

  empty(row: number, column: number): boolean {
    const c = this.data[column];
    if (!c) return true;
    return c.kind === "dictionary" ? c.codes[row] === 0 : c.text.empty(row);
  }

  dictionary(column: number): { values: Cell[]; codes: Uint16Array } | undefined {
    const c = this.data[column];
    if (c?.kind !== "dictionary") return undefined;
    return { values: c.numeric ? c.values.map(Number) : c.values, codes: c.codes };
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
      const { pages, starts } = lowered as LoweredText;
      // Page by page (a row never spans two): the spill file is read once, in order.
      pages.each((base, text) => {
        let at = text.indexOf(wanted, 0);
        while (at >= 0) {
          // The row holding this offset: the last start at or before it.
          let lo = 0;
          let hi = this.rowCount - 1;
          while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (starts[mid]! <= base + at) lo = mid;
            else hi = mid - 1;
          }
          // A match running past its row's end joins two values: not a hit, look on from the next byte.
          if (base + at + wanted.length > starts[lo + 1]!) {
            at = text.indexOf(wanted, at + 1);
            continue;
          }
          hits[lo] = 1;
          at = text.indexOf(wanted, starts[lo + 1]! - base);
        }
      });
    }
    return hits;
  }

  private readonly loweredColumns = new Map<number, string[] | LoweredText>();

  private lowered(column: number, c: Column): string[] | LoweredText {
    let lowered = this.loweredColumns.get(column);
    if (!lowered) {
      lowered = c.kind === "dictionary" ? c.values.map((value) => value.toLowerCase()) : lowerText(c.text, this.rowCount, this.spill);
      this.loweredColumns.set(column, lowered);
    }
    return lowered;
  }
}

/** A text column lower-cased; row r is `[starts[r], starts[r + 1])`, in one page. */
interface LoweredText {
  pages: PageReader;
  starts: Uint32Array;
}

/**
 * Page by page: an ASCII page (nearly all) is lower-cased whole, byte by byte, and keeps its layout;
 * a page with other characters is lower-cased value by value, as text (a lower-cased character
 * may take other bytes). A page of the copy holds whole rows.
 */
function lowerText(values: TextValues, rowCount: number, spill: SpillFile | undefined): LoweredText {
  const pages = new Pages(spill);
  const starts = new Uint32Array(rowCount + 1);
  const { offsets } = values;
  let row = 0;
  values.eachPage((base, bytes) => {
    const first = row;
    const end = base + bytes.length;
    while (row < rowCount && offsets[row + 1]! <= end) row++;
    if (isAscii(bytes)) {
      const at = pages.length;
      for (let r = first; r < row; r++) starts[r] = at + offsets[r]! - base;
      pages.pushLowered(bytes);
      return;
    }
    for (let r = first; r < row; r++) {
      starts[r] = pages.length;
      pages.pushBytes(encoder.encode(bytes.toString("utf8", offsets[r]! - base, offsets[r + 1]! - base).toLowerCase()));
    }
  });
  for (; row <= rowCount; row++) starts[row] = pages.length;
  return { pages: pages.done(), starts };
}
