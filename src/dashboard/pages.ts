/**
 * Bytes kept page by page for the column store (store-bytes.ts, store.ts): in memory, or in the
 * table's spill file with only each page's place kept. A page is never copied to grow (growing
 * one buffer held the old and the new copy at once), and one value never spans two pages, so a
 * value is one slice of one page.
 */
import type { SpillFile } from "./spill.ts";

const encoder = new TextEncoder();

/** Pages start small (most columns are short) and double up to the last size. */
const FIRST_PAGE = 64 << 10;
const LAST_PAGE = 4 << 20;
/** Pages of a spilled column: written out as each fills, so this much per column is held while rows arrive. */
const SPILL_PAGE = 256 << 10;
/** What a read in order fetches at once from the spill file. */
const READ_AHEAD = 64 << 10;

const EMPTY: Uint8Array = new Uint8Array(0);

/** Reads back what `Pages` holds, by column position. */
export interface PageReader {
  /** The bytes `[start, end)`, which lie in one page; valid until the next call. */
  slice(start: number, end: number): Uint8Array;
  /** The same bytes decoded as UTF-8. */
  text(start: number, end: number): string;
  /** Every page in order with the column position it starts at; `bytes` is valid during the call only. */
  each(visit: (start: number, bytes: Buffer) => void): void;
}

/**
 * Bytes appended page by page; one `push` never spans two pages. With a `SpillFile`, each page
 * is written to it as it fills and only its place is kept: the process holds the page being
 * filled, and reads back what is asked with positioned reads (a run of reads in order, as a sort
 * or a search makes, reads ahead).
 */
export class Pages {
  private readonly pages: Uint8Array[] = [];
  private readonly starts: number[] = [];
  /** Where each page is in the spill file. */
  private readonly at: number[] = [];
  private page: Uint8Array = new Uint8Array(0);
  private used = 0;
  length = 0;

  constructor(private readonly spill?: SpillFile) {}

  push(text: string): void {
    let { read, written } = encoder.encodeInto(text, this.page.subarray(this.used));
    if (read < text.length) {
      this.turn(text.length * 3);
      ({ written } = encoder.encodeInto(text, this.page));
    }
    this.advance(written);
  }

  pushBytes(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.page.length) this.turn(bytes.length);
    this.page.set(bytes, this.used);
    this.advance(bytes.length);
  }

  /** Appends `bytes` with A-Z made lower (search's copy of an ASCII page: no string made, nothing left to collect). */
  pushLowered(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.page.length) this.turn(bytes.length);
    const page = this.page;
    for (let i = 0, at = this.used; i < bytes.length; i++, at++) {
      const b = bytes[i]!;
      page[at] = b - 65 < 26 && b >= 65 ? b + 32 : b;
    }
    this.advance(bytes.length);
  }

  private advance(written: number): void {
    this.used += written;
    this.length += written;
    // Offsets are 32-bit: a column past 4 GiB would wrap them.
    if (this.length > 0xffff_ffff) throw new Error("a column of the table is larger than 4 GiB, more than the dashboard holds");
  }

  /** Closes the current page and starts one that holds at least `need` bytes (a spilled one reuses its buffer). */
  private turn(need: number): void {
    this.close();
    const size = Math.max(need, Math.min(this.spill ? SPILL_PAGE : LAST_PAGE, Math.max(FIRST_PAGE, this.page.length * 2)));
    if (!this.spill || size > this.page.length) this.page = new Uint8Array(size);
    this.used = 0;
    this.starts.push(this.length);
    if (!this.spill) this.pages.push(this.page);
  }

  /** The current page cut to what it holds (copied when a good part of it is empty), or written out. */
  private close(): void {
    if (this.starts.length === 0) return;
    if (this.spill) {
      if (this.at.length < this.starts.length) this.at.push(this.spill.append(this.page.subarray(0, this.used)));
      return;
    }
    this.pages[this.pages.length - 1] = this.used * 8 < this.page.length * 7 ? this.page.slice(0, this.used) : this.page.subarray(0, this.used);
  }

  done(): PageReader {
    this.close();
    const starts = Float64Array.from([...this.starts, this.length]);
    const find = (position: number) => {
      let lo = 0;
      let hi = starts.length - 2;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= position) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const spill = this.spill;
    const pages = this.pages.map((page) => Buffer.from(page.buffer, page.byteOffset, page.byteLength));
    this.page = EMPTY;
    const at = Float64Array.from(this.at);
    // Where the last lookup found its bytes: `found` from `foundAt` (no view made per value).
    let found: Buffer = Buffer.alloc(0);
    let foundAt = 0;
    // A spilled column: the last bytes read from the file, where they are in it, and where the last read ended.
    let cached: Buffer = Buffer.alloc(0);
    let cachedAt = -1;
    let lastEnd = -1;
    const lookup = (start: number, end: number): void => {
      const page = find(start);
      if (!spill) {
        found = pages[page]!;
        foundAt = start - starts[page]!;
        return;
      }
      const position = at[page]! + start - starts[page]!;
      const length = end - start;
      const sequential = position === lastEnd;
      lastEnd = position + length;
      if (position < cachedAt || position + length > cachedAt + cached.length) {
        const pageEnd = at[page]! + starts[page + 1]! - starts[page]!;
        const read = spill.read(position, sequential ? Math.min(pageEnd - position, Math.max(length, READ_AHEAD)) : length);
        cached = Buffer.from(read.buffer, read.byteOffset, read.byteLength);
        cachedAt = position;
      }
      found = cached;
      foundAt = position - cachedAt;
    };
    return {
      slice: (start, end) => {
        if (end === start) return EMPTY;
        lookup(start, end);
        return found.subarray(foundAt, foundAt + end - start);
      },
      text: (start, end) => {
        if (end === start) return "";
        lookup(start, end);
        return found.toString("utf8", foundAt, foundAt + end - start);
      },
      each: (visit) => {
        if (!spill) return pages.forEach((page, i) => visit(starts[i]!, page));
        let buffer = EMPTY;
        for (let i = 0; i < at.length; i++) {
          const length = starts[i + 1]! - starts[i]!;
          if (buffer.length < length) buffer = Buffer.allocUnsafe(length);
          const read = spill.read(at[i]!, length, buffer);
          visit(starts[i]!, Buffer.from(read.buffer, read.byteOffset, read.byteLength));
        }
      },
    };
  }
}
