/**
 * A zip reader for workbooks that never holds an inflated part in memory: it reads the central
 * directory itself (so it knows every declared size before inflating anything) and inflates one
 * entry at a time as a stream, handing out small chunks. Every chunk is counted as it comes: a
 * part is refused the moment it inflates past its own declared size (headers that lie are a zip
 * bomb or damage), and the run's total past the limit; at its end, a part must have exactly its
 * declared size and CRC-32, so damaged data is never read as if it were the workbook's.
 */
import { HotpassError, usageError } from "../../errors.ts";

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** The size of the inflated pieces handed out (and so of what is held at once). */
const CHUNK_BYTES = 256 * 1024;
const MIB = 1024 * 1024;

/** 64.0000 MiB -> "64", 1.25 MiB -> "1.3". */
function mebibytes(bytes: number): string {
  return String(Math.round((bytes / MIB) * 10) / 10);
}

/**
 * The limit crossed. A part may not inflate past its declared size (it is refused as damaged), so
 * the declared total is the most the workbook can need: the hint suggests exactly enough.
 */
export function zipBombError(file: string, bytes: number, limit: number, declared: boolean): HotpassError {
  if (declared) {
    return usageError(
      `${file}: refusing to read: its parts declare ${mebibytes(bytes)} MiB uncompressed, above the limit of ${mebibytes(limit)} MiB; a zip bomb, or a very large workbook`,
      `if the workbook is genuine, raise the limit to its size: --max-uncompressed-mb ${Math.max(1, Math.ceil(bytes / MIB))}`,
    );
  }
  return usageError(
    `${file}: refusing to read: it inflated past the limit of ${mebibytes(limit)} MiB uncompressed (stopped at ${mebibytes(bytes)} MiB); a zip bomb, or a very large workbook`,
    `if the workbook is genuine, \`unzip -l\` lists the sizes of its parts; raise --max-uncompressed-mb above their total`,
  );
}

export function corruptError(file: string, detail: string): HotpassError {
  return usageError(
    `${file}: the workbook is corrupt or truncated (${detail})`,
    "open it in a spreadsheet program and save it again, or remove it from the input folder",
  );
}

/** A zip file read at positions (a table read back need not hold the whole file): its size and a positioned read. */
export interface ZipFile {
  readonly size: number;
  /** Up to `length` bytes from `position`; fewer only at the file's end. */
  read(position: number, length: number): Promise<Uint8Array>;
}

/** How much of a file's end holds the end-of-directory record, its comment and the zip64 locator. */
const TAIL_BYTES = 22 + 65_535 + 20;
/** Compressed bytes read from a file at a time while an entry inflates. */
const FILE_PIECE_BYTES = 1024 * 1024;

/** The bytes from `base` to the end of the archive: where the directory is parsed from. */
interface Window {
  bytes: Uint8Array;
  base: number;
}

export class ZipArchive {
  readonly entries = new Map<string, ZipEntry>();
  /** Bytes inflated so far across every entry read (the actual-size zip-bomb check). */
  private inflated = 0;
  private readonly size: number;
  private readonly readAt: (position: number, length: number) => Promise<Uint8Array>;
  /** Compressed bytes handed to the inflater at once: all of them when the archive is in memory. */
  private readonly piece: number;

  /** An archive held in memory (refine's inputs), or one read from its file by `ZipArchive.open`. */
  constructor(
    source: Uint8Array | ZipFile,
    private readonly file: string,
    private readonly limit: number,
    window?: Window,
  ) {
    if (source instanceof Uint8Array) {
      this.size = source.length;
      this.readAt = async (position, length) => source.subarray(position, position + length);
      this.piece = Number.POSITIVE_INFINITY;
      window = { bytes: source, base: 0 };
    } else {
      this.size = source.size;
      this.readAt = async (position, length) => {
        const bytes = await source.read(position, length);
        if (bytes.length < length) throw corruptError(this.file, "the file is cut short");
        return bytes;
      };
      this.piece = FILE_PIECE_BYTES;
    }
    if (!window) throw new Error("an archive read from its file is opened by ZipArchive.open");
    this.readDirectory(window);
    let declared = 0;
    for (const entry of this.entries.values()) declared += entry.uncompressedSize;
    if (declared > limit) throw zipBombError(file, declared, limit, true);
  }

  /**
   * An archive read from its file: the end of the file, then (when the directory starts before
   * it) from the directory on, so only the directory is held; entries are read as they inflate.
   */
  static async open(source: ZipFile, file: string, limit: number): Promise<ZipArchive> {
    const from = async (base: number): Promise<Window> => {
      const bytes = await source.read(base, source.size - base);
      if (bytes.length < source.size - base) throw corruptError(file, "the file is cut short");
      return { bytes, base };
    };
    let base = Math.max(0, source.size - TAIL_BYTES);
    let window = await from(base);
    // At most twice: once for a zip64 record before the tail, once for the directory.
    for (let i = 0; i < 2; i++) {
      const needed = ZipArchive.directoryStart(window, source.size);
      if (needed === undefined || needed >= base) break;
      base = needed;
      window = await from(base);
    }
    return new ZipArchive(source, file, limit, window);
  }

  /** Where the directory (or the zip64 record naming it) starts, when the window can tell; undefined when it is damaged (the parse says how). */
  private static directoryStart(window: Window, size: number): number | undefined {
    const { bytes: b, base } = window;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65_535); i--) {
      if (view.getUint32(i, true) !== 0x06054b50) continue;
      const count = view.getUint16(i + 10, true);
      const offset = view.getUint32(i + 16, true);
      if ((count === 0xffff || offset === 0xffffffff) && i >= 20 && view.getUint32(i - 20, true) === 0x07064b50) {
        const z64 = Number(view.getBigUint64(i - 12, true));
        if (z64 + 56 > size || z64 > base + i) return undefined;
        if (z64 < base) return z64;
        if (view.getUint32(z64 - base, true) !== 0x06064b50) return undefined;
        return Math.min(z64, Number(view.getBigUint64(z64 - base + 48, true)));
      }
      return offset;
    }
    return undefined;
  }

  private readDirectory(window: Window): void {
    const { bytes: b, base } = window;
    const size = this.size;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let eocd = -1;
    for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65_535); i--) {
      if (view.getUint32(i, true) === 0x06054b50) {
        eocd = i + base;
        break;
      }
    }
    if (eocd < 0) throw corruptError(this.file, "no zip end-of-directory record");
    // Positions below are the file's; the window holds them from `base` on.
    const u16 = (at: number) => view.getUint16(at - base, true);
    const u32 = (at: number) => view.getUint32(at - base, true);
    const u64 = (at: number) => Number(view.getBigUint64(at - base, true));
    let count = u16(eocd + 10);
    let offset = u32(eocd + 16);
    // Zip64: the real count and offset live in the zip64 end-of-directory record.
    if ((count === 0xffff || offset === 0xffffffff) && eocd - base >= 20 && u32(eocd - 20) === 0x07064b50) {
      const z64 = u64(eocd - 12);
      if (z64 + 56 > size || z64 > eocd || z64 < base || u32(z64) !== 0x06064b50) throw corruptError(this.file, "bad zip64 directory");
      count = u64(z64 + 32);
      offset = u64(z64 + 48);
    }
    const decoder = new TextDecoder();
    for (let i = 0; i < count; i++) {
      if (offset < base || offset + 46 > size || u32(offset) !== 0x02014b50) {
        throw corruptError(this.file, "the zip directory is damaged");
      }
      const nameLength = u16(offset + 28);
      const extraLength = u16(offset + 30);
      const commentLength = u16(offset + 32);
      if (offset + 46 + nameLength + extraLength > size) throw corruptError(this.file, "the zip directory is cut short");
      const entry: ZipEntry = {
        name: decoder.decode(b.subarray(offset - base + 46, offset - base + 46 + nameLength)),
        flags: u16(offset + 8),
        method: u16(offset + 10),
        crc: u32(offset + 16),
        compressedSize: u32(offset + 20),
        uncompressedSize: u32(offset + 24),
        localHeaderOffset: u32(offset + 42),
      };
      this.readZip64Extra(view, offset - base + 46 + nameLength, extraLength, entry);
      const key = entry.name.replace(/^\//, "");
      // Two parts of one name: readers disagree on which counts, so neither can be trusted.
      if (this.entries.has(key)) throw corruptError(this.file, `the archive holds two parts named ${JSON.stringify(key.slice(0, 80))}`);
      this.entries.set(key, entry);
      offset += 46 + nameLength + extraLength + commentLength;
    }
  }

  private readZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry): void {
    let p = start;
    const end = start + length;
    while (p + 4 <= end) {
      const id = view.getUint16(p, true);
      const size = view.getUint16(p + 2, true);
      if (id === 0x0001) {
        let q = p + 4;
        const fieldEnd = Math.min(end, q + size);
        const next = () => {
          if (q + 8 > fieldEnd) throw corruptError(this.file, "a zip64 size field is cut short");
          const value = Number(view.getBigUint64(q, true));
          q += 8;
          return value;
        };
        if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
        if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
        if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      }
      p += 4 + size;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * Inflates `name`, calling `onChunk` with each piece of its bytes, in order. The runtime's
   * native zlib stream does the work (fflate's pure-JS stream was ten to twenty times slower on
   * the 100,000-organisation workbooks); chunks are handled as they come, so memory stays flat.
   */
  async read(name: string, onChunk: (chunk: Uint8Array) => void): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) throw corruptError(this.file, `the part ${name} is missing`);
    if (entry.flags & 1) throw corruptError(this.file, `the part ${name} is encrypted inside the zip`);
    const local = entry.localHeaderOffset;
    const header = local + 30 > this.size ? new Uint8Array(0) : await this.readAt(local, 30);
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    if (header.length < 30 || view.getUint32(0, true) !== 0x04034b50) {
      throw corruptError(this.file, `the part ${name} has no local header`);
    }
    const start = local + 30 + view.getUint16(26, true) + view.getUint16(28, true);
    const end = start + entry.compressedSize;
    if (end > this.size) throw corruptError(this.file, `the part ${name} is cut short`);
    let size = 0;
    let crc = 0;
    const count = (chunk: Uint8Array) => {
      size += chunk.length;
      this.inflated += chunk.length;
      if (this.inflated > this.limit) throw zipBombError(this.file, this.inflated, this.limit, false);
      if (size > entry.uncompressedSize) throw corruptError(this.file, `the part ${name} inflates past the ${entry.uncompressedSize} bytes its header declares (a zip bomb, or damage)`);
      crc = Bun.hash.crc32(chunk, crc);
      onChunk(chunk);
    };
    const finish = () => {
      if (size !== entry.uncompressedSize) throw corruptError(this.file, `the part ${name} inflates to ${size} bytes, not the ${entry.uncompressedSize} its header declares`);
      if (crc >>> 0 !== entry.crc >>> 0) throw corruptError(this.file, `the part ${name} fails its CRC-32 check`);
    };
    if (entry.method === 0) {
      for (let p = start; p < end; p += CHUNK_BYTES) count(await this.readAt(p, Math.min(end, p + CHUNK_BYTES) - p));
      return finish();
    }
    if (entry.method !== 8) throw corruptError(this.file, `the part ${name} uses unsupported compression method ${entry.method}`);
    const { createInflateRaw } = await import("node:zlib");
    await new Promise<void>((resolve, reject) => {
      const inflate = createInflateRaw({ chunkSize: CHUNK_BYTES });
      let failed = false;
      // The compressed bytes of a file-backed archive go in piece by piece, each once the last is inflated.
      let written: (() => void) | undefined;
      // Errors from the reader's handler pass through as they are; zlib's own mean a damaged part.
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        inflate.destroy();
        written?.();
        reject(error);
      };
      inflate.on("data", (chunk: Buffer) => {
        if (failed) return;
        try {
          count(chunk);
        } catch (error) {
          fail(error);
        }
      });
      inflate.on("error", (error) => fail(corruptError(this.file, `the part ${name} does not inflate: ${error.message}`)));
      inflate.on("end", () => {
        if (failed) return;
        try {
          finish();
          resolve();
        } catch (error) {
          fail(error);
        }
      });
      const feed = async () => {
        for (let p = start; ; p += this.piece) {
          const last = p + this.piece >= end;
          const bytes = await this.readAt(p, (last ? end : p + this.piece) - p);
          if (failed) return;
          if (last) return void inflate.end(bytes);
          await new Promise<void>((next) => {
            written = next;
            inflate.write(bytes, () => next());
          });
          if (failed) return;
        }
      };
      feed().catch(fail);
    });
  }
}
