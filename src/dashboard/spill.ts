/**
 * A table's text kept on disk instead of in the process: one temporary file, readable by its
 * owner only, in the OS temp folder. The column store (store-bytes.ts) appends its pages here as
 * they fill and reads back the values a page, a sort or a search needs with positioned reads;
 * what the OS caches of the file is not the server's memory. `close` removes it: the table cache
 * calls it when a table is dropped and when the server stops (Ctrl+C included).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class SpillFile {
  /** The private folder holding the file (created 0700 by mkdtemp). */
  readonly dir: string;
  readonly path: string;
  private readonly fd: number;
  private closed = false;
  /** Bytes written so far: where the next append lands. */
  size = 0;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "hotpass-dashboard-table-"));
    this.path = join(this.dir, "table.bin");
    try {
      this.fd = openSync(this.path, "wx+", 0o600);
    } catch (error) {
      rmSync(this.dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Writes `bytes` at the end; returns where they start. */
  append(bytes: Uint8Array): number {
    this.check();
    const at = this.size;
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, at + done);
    this.size += bytes.length;
    return at;
  }

  /** `length` bytes from `position` (into `into` when given, which must be large enough). */
  read(position: number, length: number, into?: Uint8Array): Uint8Array {
    this.check();
    const target = into ?? Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, target, done, length - done, position + done);
      if (n === 0) throw new Error(`the table's temporary file ${this.path} is shorter than what was written to it`);
      done += n;
    }
    return target.subarray(0, length);
  }

  /** Closes and removes the file (again is a no-op). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private check(): void {
    if (this.closed) throw new Error("the table was dropped from the dashboard's cache; load the page again");
  }
}
