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

export class ZipArchive {
  readonly entries = new Map<string, ZipEntry>();
  /** Bytes inflated so far across every entry read (the actual-size zip-bomb check). */
  private inflated = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly file: string,
    private readonly limit: number,
  ) {
    this.readDirectory();
    let declared = 0;
    for (const entry of this.entries.values()) declared += entry.uncompressedSize;
    if (declared > limit) throw zipBombError(file, declared, limit, true);
  }

  private readDirectory(): void {
    const b = this.bytes;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let eocd = -1;
    for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65_535); i--) {
      if (view.getUint32(i, true) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw corruptError(this.file, "no zip end-of-directory record");
    let count = view.getUint16(eocd + 10, true);
    let offset = view.getUint32(eocd + 16, true);
    // Zip64: the real count and offset live in the zip64 end-of-directory record.
    if ((count === 0xffff || offset === 0xffffffff) && eocd >= 20 && view.getUint32(eocd - 20, true) === 0x07064b50) {
      const z64 = Number(view.getBigUint64(eocd - 12, true));
      if (z64 + 56 > b.length || z64 > eocd || view.getUint32(z64, true) !== 0x06064b50) throw corruptError(this.file, "bad zip64 directory");
      count = Number(view.getBigUint64(z64 + 32, true));
      offset = Number(view.getBigUint64(z64 + 48, true));
    }
    const decoder = new TextDecoder();
    for (let i = 0; i < count; i++) {
      if (offset + 46 > b.length || view.getUint32(offset, true) !== 0x02014b50) {
        throw corruptError(this.file, "the zip directory is damaged");
      }
      const nameLength = view.getUint16(offset + 28, true);
      const extraLength = view.getUint16(offset + 30, true);
      const commentLength = view.getUint16(offset + 32, true);
      if (offset + 46 + nameLength + extraLength > b.length) throw corruptError(this.file, "the zip directory is cut short");
      const entry: ZipEntry = {
        name: decoder.decode(b.subarray(offset + 46, offset + 46 + nameLength)),
        flags: view.getUint16(offset + 8, true),
        method: view.getUint16(offset + 10, true),
        crc: view.getUint32(offset + 16, true),
        compressedSize: view.getUint32(offset + 20, true),
        uncompressedSize: view.getUint32(offset + 24, true),
        localHeaderOffset: view.getUint32(offset + 42, true),
      };
      this.readZip64Extra(view, offset + 46 + nameLength, extraLength, entry);
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
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    const local = entry.localHeaderOffset;
    if (local + 30 > this.bytes.length || view.getUint32(local, true) !== 0x04034b50) {
      throw corruptError(this.file, `the part ${name} has no local header`);
    }
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const end = start + entry.compressedSize;
    if (end > this.bytes.length) throw corruptError(this.file, `the part ${name} is cut short`);
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
      for (let p = start; p < end; p += CHUNK_BYTES) count(this.bytes.subarray(p, Math.min(end, p + CHUNK_BYTES)));
      return finish();
    }
    if (entry.method !== 8) throw corruptError(this.file, `the part ${name} uses unsupported compression method ${entry.method}`);
    const { createInflateRaw } = await import("node:zlib");
    await new Promise<void>((resolve, reject) => {
      const inflate = createInflateRaw({ chunkSize: CHUNK_BYTES });
      let failed = false;
      // Errors from the reader's handler pass through as they are; zlib's own mean a damaged part.
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        inflate.destroy();
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
      inflate.end(this.bytes.subarray(start, end));
    });
  }
}
