/**
 * Compression of one zip entry, behind one small interface: on this thread (a native zlib
 * stream), or on the worker thread so that deflating a large sheet (~0.8 s for the 330 MB of
 * sheet XML at 100,000 organisations) overlaps with generating it. Both give the same bytes: the
 * same zlib stream, fed the same chunks.
 */
import zlib from "node:zlib";
import { startWorker } from "../threads.ts";
import type { DeflateReply, DeflateRequest } from "./deflate-remote.ts";

export interface EntryDeflater {
  /** Takes a chunk (the caller may reuse its buffer once this resolves). */
  write(data: Uint8Array): Promise<void>;
  /** Flushes the entry; resolves with the CRC-32 and size of everything written. */
  end(): Promise<{ crc: number; size: number }>;
  /** Drops the entry after a failure. */
  abandon(): void;
}

/** Compressed bytes, in order, as they are produced. */
export type CompressedSink = (packed: Uint8Array) => void;

export class LocalDeflater implements EntryDeflater {
  private readonly deflate: zlib.DeflateRaw;
  private crc = 0;
  private size = 0;

  constructor(level: number, sink: CompressedSink) {
    this.deflate = zlib.createDeflateRaw({ level });
    this.deflate.on("data", sink);
  }

  async write(data: Uint8Array): Promise<void> {
    this.crc = Bun.hash.crc32(data, this.crc);
    this.size += data.length;
    await new Promise<void>((resolve, reject) => this.deflate.write(data, (error) => (error ? reject(error) : resolve())));
  }

  async end(): Promise<{ crc: number; size: number }> {
    await new Promise<void>((resolve, reject) => {
      this.deflate.once("end", resolve);
      this.deflate.once("error", reject);
      this.deflate.end();
    });
    return { crc: this.crc, size: this.size };
  }

  abandon(): void {
    this.deflate.destroy();
  }
}

/** Chunks that may wait in the worker's queue: enough to keep it busy, little memory (1 MiB each). */
const IN_FLIGHT = 4;

/** One worker thread that deflates entry after entry for one zip file. */
export class DeflateWorker {
  private readonly worker = startWorker();
  private inFlight = 0;
  private sink: CompressedSink | null = null;
  private drained: (() => void) | null = null;
  private ended: ((result: { crc: number; size: number }) => void) | null = null;
  private failure: Error | null = null;
  /** Buffers that travel to the worker and back: no garbage per chunk on either side. */
  private readonly pool: ArrayBuffer[] = [];

  constructor(private readonly level: number) {
    this.worker.onmessage = (event: MessageEvent<DeflateReply>) => {
      const reply = event.data;
      for (const packed of reply.packed) this.sink?.(packed);
      if (reply.kind === "consumed") {
        this.pool.push(reply.buffer);
        this.inFlight--;
        this.drained?.();
        this.drained = null;
      } else if (reply.kind === "ended") this.ended?.({ crc: reply.crc, size: reply.size });
      else this.fail(new Error(`deflating the output failed: ${reply.message}`));
    };
    this.worker.onerror = (event: ErrorEvent) => this.fail(new Error(`the worker thread deflating the output stopped: ${event.message}`));
  }

  /** Starts an entry whose compressed bytes go to `sink`. */
  entry(sink: CompressedSink): EntryDeflater {
    this.sink = sink;
    this.post({ kind: "begin", level: this.level });
    return {
      write: async (data) => {
        if (this.failure) throw this.failure;
        // Copied into a pooled buffer that is moved (not cloned) to the worker, so the caller's
        // buffer is free at once and neither thread makes a MiB of garbage per chunk.
        let buffer = this.pool.pop();
        if (!buffer || buffer.byteLength < data.length) buffer = new ArrayBuffer(Math.max(data.length, 2 << 20));
        new Uint8Array(buffer).set(data);
        this.worker.postMessage({ kind: "data", buffer, length: data.length } satisfies DeflateRequest, [buffer]);
        this.inFlight++;
        while (this.inFlight >= IN_FLIGHT && !this.failure) await new Promise<void>((resolve) => (this.drained = resolve));
        if (this.failure) throw this.failure;
      },
      end: async () => {
        if (this.failure) throw this.failure;
        const result = await new Promise<{ crc: number; size: number }>((resolve, reject) => {
          this.ended = resolve;
          this.drained = () => this.failure && reject(this.failure);
          this.post({ kind: "end" });
        });
        this.ended = null;
        this.sink = null;
        return result;
      },
      // The worker is stopped with the zip file (ZipFileWriter.abandon).
      abandon: () => {
        this.sink = null;
      },
    };
  }

  stop(): void {
    this.worker.terminate();
  }

  private post(request: DeflateRequest): void {
    this.worker.postMessage(request);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.drained?.();
  }
}
