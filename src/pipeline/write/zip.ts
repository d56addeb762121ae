/**
 * A minimal streaming zip writer for the .xlsx container: entries are deflated in chunks with the
 * native zlib (each chunk ends on a sync flush, so the chunks concatenate into one deflate
 * stream), CRC-32 is computed natively, and the file is written as it goes — memory stays at one
 * chunk however large the sheet. No zip64: an entry must stay under 4 GiB.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import zlib from "node:zlib";

interface Entry {
  name: Uint8Array;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

const encoder = new TextEncoder();
const LIMIT = 0xffffffff;

export class ZipFileWriter {
  private readonly fd: number;
  private offset = 0;
  private readonly entries: Entry[] = [];
  private current: Entry | null = null;

  constructor(path: string, private readonly level = 1) {
    this.fd = openSync(path, "w");
  }

  /** Starts an entry; feed it with `write`, close it with `endEntry`. */
  beginEntry(name: string): void {
    const entry: Entry = { name: encoder.encode(name), crc: 0, compressed: 0, size: 0, offset: this.offset };
    // Local header with bit 3 set: sizes and CRC follow the data in a descriptor.
    const header = new DataView(new ArrayBuffer(30));
    header.setUint32(0, 0x04034b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, 0x0808, true); // data descriptor + UTF-8 names
    header.setUint16(8, 8, true); // deflate
    header.setUint16(12, 0x21, true); // 1980-01-01
    header.setUint16(26, entry.name.length, true);
    this.out(new Uint8Array(header.buffer));
    this.out(entry.name);
    this.current = entry;
  }

  write(text: string | Uint8Array): void {
    const entry = this.current!;
    const data = typeof text === "string" ? encoder.encode(text) : text;
    if (data.length === 0) return;
    entry.crc = Bun.hash.crc32(data, entry.crc);
    entry.size += data.length;
    const packed = zlib.deflateRawSync(data, { level: this.level, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    entry.compressed += packed.length;
    this.out(packed);
  }

  endEntry(): void {
    const entry = this.current!;
    const last = zlib.deflateRawSync(new Uint8Array(0), { level: this.level });
    entry.compressed += last.length;
    this.out(last);
    if (entry.size > LIMIT || entry.compressed > LIMIT) throw new Error(`zip entry ${new TextDecoder().decode(entry.name)} exceeds 4 GiB`);
    const descriptor = new DataView(new ArrayBuffer(16));
    descriptor.setUint32(0, 0x08074b50, true);
    descriptor.setUint32(4, entry.crc >>> 0, true);
    descriptor.setUint32(8, entry.compressed, true);
    descriptor.setUint32(12, entry.size, true);
    this.out(new Uint8Array(descriptor.buffer));
    this.entries.push(entry);
    this.current = null;
  }

  /** Writes the central directory and closes the file. */
  close(): void {
    const start = this.offset;
    for (const entry of this.entries) {
      const header = new DataView(new ArrayBuffer(46));
      header.setUint32(0, 0x02014b50, true);
      header.setUint16(4, 20, true);
      header.setUint16(6, 20, true);
      header.setUint16(8, 0x0808, true);
      header.setUint16(10, 8, true);
      header.setUint16(14, 0x21, true);
      header.setUint32(16, entry.crc >>> 0, true);
      header.setUint32(20, entry.compressed, true);
      header.setUint32(24, entry.size, true);
      header.setUint16(28, entry.name.length, true);
      header.setUint32(42, entry.offset, true);
      this.out(new Uint8Array(header.buffer));
      this.out(entry.name);
    }
    const end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true);
    end.setUint16(8, this.entries.length, true);
    end.setUint16(10, this.entries.length, true);
    end.setUint32(12, this.offset - start, true);
    end.setUint32(16, start, true);
    this.out(new Uint8Array(end.buffer));
    closeSync(this.fd);
  }

  /** Closes the file without finishing it (after a failure; the caller removes it). */
  abandon(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }

  private out(data: Uint8Array): void {
    let written = 0;
    while (written < data.length) written += writeSync(this.fd, data, written, data.length - written);
    this.offset += data.length;
  }
}
