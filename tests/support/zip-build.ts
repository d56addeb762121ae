/**
 * Builds zip archives byte by byte for bad-input tests and benchmarks: every header field can be
 * made to lie (declared sizes, CRC, method, offsets), and a large entry is deflated as a stream
 * so a gigabyte bomb costs a few megabytes to build. Valid parts come from the generator's
 * `.xlsx` writer, so only what a test changes differs from a real workbook.
 */
import { Deflate, unzipSync } from "fflate";
import { buildXlsx, type SheetInput } from "../../bench/xlsx-writer.ts";

export interface RawEntry {
  name: string;
  /** The entry's content (deflated here unless `method` is 0). */
  data?: Uint8Array;
  /** Already-deflated content (with its real `size` and `crc`), e.g. from `deflateChunks`. */
  deflated?: { bytes: Uint8Array; size: number; crc: number };
  method?: number;
  /** Lies to write in the headers instead of the truth. */
  declaredSize?: number;
  declaredCrc?: number;
}

const encoder = new TextEncoder();

/** Deflates a stream of chunks (never all in memory at once) and returns the packed bytes. */
export function deflateChunks(chunks: Iterable<Uint8Array>): { bytes: Uint8Array; size: number; crc: number } {
  const out: Uint8Array[] = [];
  const deflate = new Deflate({ level: 6 }, (chunk) => void out.push(chunk));
  let size = 0;
  let crc = 0;
  for (const chunk of chunks) {
    size += chunk.length;
    crc = Bun.hash.crc32(chunk, crc);
    deflate.push(chunk);
  }
  deflate.push(new Uint8Array(0), true);
  return { bytes: Buffer.concat(out), size, crc };
}

function packed(entry: RawEntry): { bytes: Uint8Array; size: number; crc: number; method: number } {
  if (entry.deflated) return { ...entry.deflated, method: entry.method ?? 8 };
  const data = entry.data ?? new Uint8Array(0);
  const method = entry.method ?? 8;
  const bytes = method === 8 ? deflateChunks([data]).bytes : data;
  return { bytes, size: data.length, crc: Bun.hash.crc32(data), method };
}

/** A zip of `entries`, in order, with a central directory (no zip64). */
export function assembleZip(entries: RawEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const body = packed(entry);
    const size = entry.declaredSize ?? body.size;
    const crc = entry.declaredCrc ?? body.crc;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true);
    local.setUint16(8, body.method, true);
    local.setUint32(14, crc >>> 0, true);
    local.setUint32(18, body.bytes.length, true);
    local.setUint32(22, size, true);
    local.setUint16(26, name.length, true);
    const header = new DataView(new ArrayBuffer(46));
    header.setUint32(0, 0x02014b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, 20, true);
    header.setUint16(8, 0x0800, true);
    header.setUint16(10, body.method, true);
    header.setUint32(16, crc >>> 0, true);
    header.setUint32(20, body.bytes.length, true);
    header.setUint32(24, size, true);
    header.setUint16(28, name.length, true);
    header.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, body.bytes);
    central.push(new Uint8Array(header.buffer), name);
    offset += 30 + name.length + body.bytes.length;
  }
  const directorySize = central.reduce((sum, part) => sum + part.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, directorySize, true);
  end.setUint32(16, offset, true);
  return Buffer.concat([...parts, ...central, new Uint8Array(end.buffer)]);
}

/** The parts of a valid workbook (from the generator's writer), to change and reassemble. */
export function workbookParts(sheets: SheetInput[] = [{ name: "Sheet1", rows: [["Company"], ["Alpha"]] }]): Record<string, Uint8Array> {
  return unzipSync(buildXlsx(sheets));
}

/** A workbook whose parts are `parts`, with `overrides` per entry name (a lie, a method). */
export function workbookFrom(parts: Record<string, Uint8Array>, overrides: Record<string, Partial<RawEntry>> = {}): Uint8Array {
  return assembleZip(Object.entries(parts).map(([name, data]) => ({ name, data, ...overrides[name] })));
}

/** `total` bytes of `fill` in 1 MiB pieces, with `head` first and `tail` last. */
export function* filler(total: number, fill: number, head: string, tail: string): Generator<Uint8Array> {
  const piece = new Uint8Array(1 << 20).fill(fill);
  yield encoder.encode(head);
  let left = total - head.length - tail.length;
  while (left > 0) {
    const n = Math.min(left, piece.length);
    yield n === piece.length ? piece : piece.subarray(0, n);
    left -= n;
  }
  yield encoder.encode(tail);
}

/**
 * A workbook whose one sheet inflates to `mebibytes` of white space inside `<sheetData>`;
 * `declared` (bytes) is what its headers claim the sheet inflates to (the truth by default).
 */
export function whitespaceBomb(mebibytes: number, declared?: number): Uint8Array {
  const parts = workbookParts();
  const sheet = deflateChunks(filler(mebibytes * 1024 * 1024, 32, "<worksheet><sheetData>", "</sheetData></worksheet>"));
  const entries: RawEntry[] = Object.entries(parts).map(([name, data]) =>
    name === "xl/worksheets/sheet1.xml" ? { name, deflated: sheet, ...(declared === undefined ? {} : { declaredSize: declared }) } : { name, data },
  );
  return assembleZip(entries);
}
