/**
 * The worker thread's side of DeflateWorker (deflate.ts): one zlib stream per entry; every chunk
 * is answered once it is consumed, with the compressed bytes produced so far.
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
      deflate!.write(data, (error) => (error ? fail(error) : reply({ kind: "consumed", packed: take(), buffer }, [buffer])));
    } else {
      const stream = deflate!;
      stream.once("end", () => reply({ kind: "ended", packed: take(), crc, size }));
      stream.end();
      deflate = null;
    }
  };
}
