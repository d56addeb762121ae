/**
 * The worker thread's side of DeflateWorker (deflate.ts): one zlib stream per entry; every chunk
 * is answered once it is consumed, with the compressed bytes produced so far. An entry's end is
 * acted on only once all its chunks are consumed: a zlib stream told to end while a chunk is
 * still queued compresses that chunk as the last one, which gives other bytes than compressing it
 * and then finishing (as the main thread's own deflater always does), so the same refine made one
 * of two different files depending on the timing.
 */
import zlib from "node:zlib";

/** `data`: the first `length` bytes of `buffer` (moved here; it goes back with `consumed`). */
export type DeflateRequest = { kind: "begin"; level: number } | { kind: "data"; buffer: ArrayBuffer; length: number } | { kind: "end" };

export type DeflateReply =
  | { kind: "consumed"; packed: Uint8Array[]; buffer: ArrayBuffer }
  | { kind: "ended"; packed: Uint8Array[]; crc: number; size: number }
  | { kind: "failed"; packed: Uint8Array[]; message: string };

/** `reply(message, transfer)`: posts the message, moving the buffers in `transfer`. */
export function deflateService(reply: (message: DeflateReply, transfer?: ArrayBuffer[]) => void): (request: DeflateRequest) => void {
  let deflate: zlib.DeflateRaw | null = null;
  let packed: Uint8Array[] = [];
  let crc = 0;
  let size = 0;
  /** Chunks written and not yet consumed, and the entry's end when it waits for them. */
  let pending = 0;
  let ending: (() => void) | null = null;
  const take = () => packed.splice(0);
  const fail = (error: Error) => reply({ kind: "failed", packed: [], message: error.message });
  return (request) => {
    if (request.kind === "begin") {
      deflate = zlib.createDeflateRaw({ level: request.level });
      deflate.on("data", (chunk: Uint8Array) => packed.push(chunk));
      deflate.on("error", fail);
      crc = 0;
      size = 0;
    } else if (request.kind === "data") {
      const { buffer } = request;
      const data = new Uint8Array(buffer, 0, request.length);
      crc = Bun.hash.crc32(data, crc);
      size += data.length;
      pending++;
      deflate!.write(data, (error) => {
        pending--;
        if (error) return fail(error);
        reply({ kind: "consumed", packed: take(), buffer }, [buffer]);
        if (pending === 0 && ending) {
          const end = ending;
          ending = null;
          end();
        }
      });
    } else {
      const stream = deflate!;
      deflate = null;
      const end = () => {
        stream.once("end", () => reply({ kind: "ended", packed: take(), crc, size }));
        stream.end();
      };
      if (pending === 0) end();
      else ending = end;
    }
  };
}
