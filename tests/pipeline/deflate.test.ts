/**
 * An xlsx entry deflated on the worker thread must be the same bytes as one deflated on this
 * thread, whatever the timing: the same output from run to run is what lets a user (or a CI job)
 * compare two refines by their checksums. The worker's side is driven here the way the main
 * thread drives it, with the entry's end arriving while chunks are still being compressed.
 */
import { expect, test } from "bun:test";
import { LocalDeflater } from "../../src/pipeline/write/deflate.ts";
import { deflateService, type DeflateReply } from "../../src/pipeline/write/deflate-remote.ts";

/** 6 MiB of sheet-like XML in 1 MiB chunks, different in every row so it does not all compress away. */
function chunks(): Uint8Array[] {
  const rows: string[] = [];
  for (let r = 0; r < 60_000; r++) rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>Organisation ${(r * 7919) % 10007} of ${r % 97}</t></is></c></row>`);
  const xml = Buffer.from(rows.join(""));
  const out: Uint8Array[] = [];
  for (let at = 0; at < xml.length; at += 1 << 20) out.push(xml.subarray(at, at + (1 << 20)));
  return out;
}

async function onThisThread(data: Uint8Array[]): Promise<Buffer> {
  const packed: Uint8Array[] = [];
  const deflater = new LocalDeflater(1, (bytes) => packed.push(Buffer.from(bytes)));
  for (const chunk of data) await deflater.write(chunk);
  await deflater.end();
  return Buffer.concat(packed);
}

/** The worker's service, sent every chunk and then the end at once, without waiting for any reply. */
async function onTheWorkersSide(data: Uint8Array[]): Promise<Buffer> {
  const packed: Uint8Array[] = [];
  const ended = new Promise<void>((resolve, reject) => {
    const service = deflateService((reply: DeflateReply) => {
      packed.push(...reply.packed.map((bytes) => Buffer.from(bytes)));
      if (reply.kind === "ended") resolve();
      if (reply.kind === "failed") reject(new Error(reply.message));
    });
    service({ kind: "begin", level: 1 });
    for (const chunk of data) {
      const buffer = new ArrayBuffer(chunk.length);
      new Uint8Array(buffer).set(chunk);
      service({ kind: "data", buffer, length: chunk.length });
    }
    service({ kind: "end" });
  });
  await ended;
  return Buffer.concat(packed);
}

test("an entry whose end arrives while its chunks are still being deflated is the same bytes as on one thread", async () => {
  const data = chunks();
  const local = await onThisThread(data);
  const remote = await onTheWorkersSide(data);
  expect(remote.length).toBeGreaterThan(0);
  expect(remote.equals(local)).toBe(true);
});
