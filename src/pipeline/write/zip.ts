/**
 * A minimal streaming zip writer for the .xlsx container: each entry goes through one native zlib
 * deflate stream (one compression context per entry: a context per chunk, as `deflateRawSync`
 * gives, left hundreds of MiB of native memory for the collector on a large sheet), on this
 * thread or on a worker thread (deflate.ts); CRC-32 is computed natively, and the file is written
 * as it goes — memory stays at a few chunks however large the sheet. No zip64: an entry must stay
 * under 4 GiB.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { DeflateWorker, LocalDeflater, type EntryDeflater } from "./deflate.ts";
import { usageError } from "../../errors.ts";

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
  private deflate: EntryDeflater | null = null;
  private scratch = new Uint8Array(1 << 20);
  private readonly worker: DeflateWorker | null;
  /** A write that failed inside the deflate stream's sink. */
  private failure: unknown;

  /** `onWorker`: deflate on a worker thread (worth it for large entries only: it starts in ~30 ms). */
  constructor(path: string, options: { level?: number; onWorker?: boolean } = {}) {
    this.level = options.level ?? 1;
    this.worker = options.onWorker ? new DeflateWorker(this.level) : null;
    this.fd = openSync(path, "w");
  }

  private readonly level: number;

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
    // Called from the deflate stream's events: a failed write (a full disk) must not be thrown
    // there, where nothing catches it; it is kept and thrown by the next write or endEntry.
    const sink = (packed: Uint8Array) => {
      if (this.failure !== undefined) return;
      try {
        entry.compressed += packed.length;
        this.out(packed);
      } catch (error) {
        this.failure = error;
      }
    };
    this.deflate = this.worker ? this.worker.entry(sink) : new LocalDeflater(this.level, sink);
  }

  /** Adds text to the current entry; resolves once the deflater is done with it (the buffer is reused). */
  async write(text: string | Uint8Array): Promise<void> {
    const data = typeof text === "string" ? this.encode(text) : text;
    if (data.length === 0) return;
    await this.deflate!.write(data);
    if (this.failure !== undefined) throw this.failure;
  }

  async endEntry(): Promise<void> {
    const entry = this.current!;
    const { crc, size } = await this.deflate!.end();
    if (this.failure !== undefined) throw this.failure;
    entry.crc = crc;
    entry.size = size;
    this.deflate = null;
    if (entry.size > LIMIT || entry.compressed > LIMIT) throw usageError(`the zip entry ${new TextDecoder().decode(entry.name)} came to more than 4 GiB, more than an .xlsx file holds here`, "write this table as .csv or .parquet, which have no such limit");
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
    this.worker?.stop();
  }

  /** Closes the file without finishing it (after a failure; the caller removes it). */
  abandon(): void {
    this.deflate?.abandon();
    this.worker?.stop();
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }

  /**
   * UTF-8 into one reused buffer: a fresh buffer per chunk is memory outside the JS heap that the
   * collector does not hurry to free, and on a 100,000-row sheet it added hundreds of MiB of RSS.
   */
  private encode(text: string): Uint8Array {
    const needed = text.length * 3;
    if (this.scratch.length < needed) this.scratch = new Uint8Array(Math.max(needed, this.scratch.length * 2));
    const { written } = encoder.encodeInto(text, this.scratch);
    return this.scratch.subarray(0, written);
  }

  private out(data: Uint8Array): void {
    let written = 0;
    while (written < data.length) written += writeSync(this.fd, data, written, data.length - written);
    this.offset += data.length;
  }
}
