/**
 * Files of lines for the spill path: written through a reused byte buffer (one write per MiB, or
 * per 128 KiB for the many partitions a load writes at once; no string per line kept), read back whole (a partition) or a chunk at a time (a sorted run being
 * merged, so only the next line of each run is in memory).
 */
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { ByteChunk, CHUNK_BYTES } from "../write/bytes.ts";

const NEWLINE = new Uint8Array([0x0a]);

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

  add(line: string): void {
    this.out.put(line);
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
 * is what it holds per partition: with 1 MiB, the decoded text and its lines came to ~3 MiB each,
 * 0.5 GiB in all at a million organisations.
 */
const READ_BYTES = 64 << 10;

/** Reads a file a line at a time, a chunk of bytes at once. */
export class LineReader {
  private readonly fd: number;
  private readonly buffer = new Uint8Array(READ_BYTES);
  private readonly decoder = new TextDecoder();
  private pending = "";
  private lines: string[] = [];
  private next = 0;
  private done = false;

  constructor(path: string) {
    this.fd = openSync(path, "r");
  }

  /** The next line, or undefined at the end (the file is then closed). */
  read(): string | undefined {
    while (this.next >= this.lines.length) {
      if (this.done) return undefined;
      this.fill();
    }
    return this.lines[this.next++];
  }

  private fill(): void {
    const buffer = this.buffer;
    const n = readSync(this.fd, buffer, 0, buffer.length, null);
    if (n === 0) {
      this.done = true;
      closeSync(this.fd);
      this.lines = this.pending === "" ? [] : [this.pending];
      this.pending = "";
      this.next = 0;
      return;
    }
    const text = this.pending + this.decoder.decode(buffer.subarray(0, n), { stream: true });
    const lines = text.split("\n");
    this.pending = lines.pop()!;
    this.lines = lines;
    this.next = 0;
  }
}
