/**
 * Where the column store (store.ts) keeps a text column's values: UTF-8 bytes that are never
 * copied to grow. Growing one buffer held the old and the new copy at once and left every old
 * one to the collector; at 100,000 rows that was most of a table read's peak. Values are
 * addressed as in one buffer (`[offsets[row], offsets[row + 1])`, positions running on across
 * pages); a long-valued column (the JSON provenance: most of a refined table's bytes) is kept
 * compressed in blocks of a few rows, and a value is read by inflating its block.
 */
import { Pages } from "./pages.ts";
import type { SpillFile } from "./spill.ts";

const encoder = new TextEncoder();

/** Rows per compressed block: small enough that a page of 50 rows in any order reads fast. */
const BLOCK_ROWS = 16;

/** A text column's values as rows arrive: each row's text, or undefined for an empty cell. */
export interface TextWriter {
  add(text: string | undefined): void;
  done(): TextValues;
}

/** A text column's values as they are kept. */
export interface TextValues {
  empty(row: number): boolean;
  /** Row `row`'s value as UTF-8 (no bytes when empty). */
  bytes(row: number): Uint8Array;
  /** Row `row`'s value as text ("" when empty). */
  text(row: number): string;
  /** Where each row's value is: row r is `[offsets[r], offsets[r + 1])`, a range of one page. */
  readonly offsets: Uint32Array;
  /** Every page (or inflated block) in order with the position it starts at; `bytes` is valid during the call only. */
  eachPage(visit: (base: number, bytes: Buffer) => void): void;
  /** Every value's bytes, uncompressed. */
  readonly byteLength: number;
}

/** Offsets of each row's value: row r is `[offsets[r], offsets[r + 1])`. */
function offsetsFrom(rows: number): Growing<Uint32Array> {
  const offsets = new Growing(new Uint32Array(Math.max(1024, rows + 1)));
  offsets.push(0);
  return offsets;
}

/** A growable typed array (offsets, codes). */
export class Growing<T extends Uint32Array | Uint16Array> {
  length = 0;

  constructor(private array: T) {}

  push(value: number): void {
    if (this.length === this.array.length) {
      const bigger = new (this.array.constructor as new (n: number) => T)(Math.max(1024, this.array.length * 2));
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = value;
  }

  done(): T {
    return this.array.slice(0, this.length) as T;
  }
}

/** Values kept as they are, in pages. */
export class PagedValues implements TextWriter {
  private readonly pages: Pages;
  private readonly offsets: Growing<Uint32Array>;

  constructor(rows = 0, spill?: SpillFile) {
    this.offsets = offsetsFrom(rows);
    this.pages = new Pages(spill);
  }

  add(text: string | undefined): void {
    if (text) this.pages.push(text);
    this.offsets.push(this.pages.length);
  }

  done(): TextValues {
    const pages = this.pages.done();
    const offsets = this.offsets.done();
    return {
      byteLength: offsets[offsets.length - 1]!,
      empty: (row) => offsets[row] === offsets[row + 1],
      bytes: (row) => pages.slice(offsets[row]!, offsets[row + 1]!),
      text: (row) => pages.text(offsets[row]!, offsets[row + 1]!),
      offsets,
      eachPage: (visit) => pages.each(visit),
    };
  }
}

/**
 * Values kept zstd-compressed, `BLOCK_ROWS` rows to a block (the refined provenance JSON, which
 * repeats its keys and sources, shrinks many times over). Reading inflates the value's block;
 * the last block read is kept, so rows read in order inflate each block once.
 */
export class PackedValues implements TextWriter {
  private readonly blocks: Pages;
  /** Where each block starts in `blocks`. */
  private readonly blockStarts = new Growing(new Uint32Array(1024));
  private readonly offsets: Growing<Uint32Array>;
  /** The rows of the block being filled, uncompressed. */
  private block = new Uint8Array(64 << 10);
  private used = 0;
  private total = 0;

  constructor(rows = 0, spill?: SpillFile) {
    this.offsets = offsetsFrom(rows);
    this.blocks = new Pages(spill);
  }

  add(text: string | undefined): void {
    if (text) {
      const most = this.used + text.length * 3;
      if (most > this.block.length) {
        const bigger = new Uint8Array(Math.max(this.block.length * 2, most));
        bigger.set(this.block.subarray(0, this.used));
        this.block = bigger;
      }
      const { written } = encoder.encodeInto(text, this.block.subarray(this.used));
      this.used += written;
      this.total += written;
      if (this.total > 0xffff_ffff) throw new Error("a column of the table is larger than 4 GiB, more than the dashboard holds");
    }
    this.offsets.push(this.total);
    if ((this.offsets.length - 1) % BLOCK_ROWS === 0) this.seal();
  }

  private seal(): void {
    this.blockStarts.push(this.blocks.length);
    this.blocks.pushBytes(Bun.zstdCompressSync(this.block.subarray(0, this.used), { level: 1 }));
    this.used = 0;
  }

  done(): TextValues {
    if ((this.offsets.length - 1) % BLOCK_ROWS !== 0) this.seal();
    this.blockStarts.push(this.blocks.length);
    this.block = new Uint8Array(0);
    const starts = this.blockStarts.done();
    const blocks = this.blocks.done();
    const offsets = this.offsets.done();
    let cached = -1;
    let inflated: Buffer = Buffer.alloc(0);
    const inflate = (block: number): number => {
      if (block !== cached) {
        inflated = Bun.zstdDecompressSync(blocks.slice(starts[block]!, starts[block + 1]!));
        cached = block;
      }
      return offsets[block * BLOCK_ROWS]!;
    };
    return {
      byteLength: offsets[offsets.length - 1]!,
      empty: (row) => offsets[row] === offsets[row + 1],
      bytes: (row) => {
        const base = inflate(Math.floor(row / BLOCK_ROWS));
        return inflated.subarray(offsets[row]! - base, offsets[row + 1]! - base);
      },
      text: (row) => {
        const base = inflate(Math.floor(row / BLOCK_ROWS));
        return inflated.toString("utf8", offsets[row]! - base, offsets[row + 1]! - base);
      },
      offsets,
      eachPage: (visit) => {
        for (let block = 0; block + 1 < starts.length; block++) visit(inflate(block), inflated);
      },
    };
  }
}
