/**
 * Files of lines for the spill path: written through a reused byte buffer (one write per MiB, or
 * per 128 KiB for the many partitions a load writes at once; no string per line kept), read back
 * whole (a partition) or a chunk at a time (a sorted run being merged, so only the next line of
 * each run is in memory).
 */
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { ByteChunk, CHUNK_BYTES } from "../write/bytes.ts";

const NEWLINE = new Uint8Array([0x0a]);
const TAB = new Uint8Array([0x09]);

export class LineWriter {
  private readonly fd: number;
  private readonly out: ByteChunk;
  lines = 0;

  /**
   * `flushBytes`: how much it buffers before writing. A load writes to every partition at once
   * (up to 128 writers), so its writers buffer less than one writing a partition alone.
   */
  constructor(
    readonly path: string,
    private readonly flushBytes = CHUNK_BYTES,
  ) {
    this.fd = openSync(path, "a");
    this.out = new ByteChunk(flushBytes * 2);
  }

  /** Writes `line`, then (when given) a tab and `tail`'s bytes, and a newline. */
  add(line: string, tail?: Uint8Array): void {
    this.out.put(line);
    if (tail) {
      this.out.raw(TAB);
      this.out.raw(tail);
    }
    this.out.raw(NEWLINE);
    this.lines++;
    if (this.out.length >= this.flushBytes) this.flush();
  }

  flush(): void {
    this.out.flushSync((data) => {
      let written = 0;
      while (written < data.length) written += writeSync(this.fd, data, written, data.length - written);
    });
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Every line of a file (an empty list for a file that was never written). */
export async function readAllLines(path: string): Promise<string[]> {
  const file = Bun.file(path);
  if (!(await file.exists())) return [];
  const text = await file.text();
  const lines = text.split("\n");
  lines.pop();
  return lines;
}

/**
 * Bytes a LineReader reads at once. The merge holds one reader per partition (up to 128), so this
 * is what it holds per partition (with 1 MiB read and decoded at once, the text and its lines came
 * to ~3 MiB each, 0.5 GiB in all at a million organisations). A longer line grows its reader's buffer.
 */
const READ_BYTES = 64 << 10;

/**
 * Reads a file a line at a time, a chunk of bytes at once, handing out each line's bytes: the
 * merge decodes only what it needs as text (a row's cells, not its provenance).
 */
export class LineReader {
  private readonly fd: number;
  private buffer = new Uint8Array(READ_BYTES);
  /** The unread bytes are `buffer[start..end)`. */
  private start = 0;
  private end = 0;
  private done = false;

  constructor(path: string) {
    this.fd = openSync(path, "r");
  }

  /** The next line's bytes (a view, valid until the next call), or undefined at the end (the file is then closed). */
  read(): Uint8Array | undefined {
    for (;;) {
      // indexOf looks past `end` too, but the first newline from `start` is past it only when there is none before it.
      const newline = this.buffer.indexOf(0x0a, this.start);
      if (newline >= 0 && newline < this.end) {
        const line = this.buffer.subarray(this.start, newline);
        this.start = newline + 1;
        return line;
      }
      if (this.done) {
        if (this.start === this.end) return undefined;
        const last = this.buffer.subarray(this.start, this.end);
        this.start = this.end;
        return last;
      }
      this.fill();
    }
  }

  /** Moves the line read so far to the front (growing the buffer for a line longer than it) and reads on. */
  private fill(): void {
    if (this.start > 0) {
      this.buffer.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    if (this.end === this.buffer.length) {
      const bigger = new Uint8Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    const n = readSync(this.fd, this.buffer, this.end, this.buffer.length - this.end, null);
    if (n > 0) this.end += n;
    else {
      this.done = true;
      closeSync(this.fd);
    }
  }
}
