/**
 * The .xlsx container's zip writer, deflating on this thread or on the worker thread: the same
 * entries, CRCs and content either way, readable by an independent unzip, across several entries
 * and many chunks. (The compressed bytes themselves may differ: zlib's output depends on how its
 * input arrives.)
 */
import { afterAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { ZipFileWriter } from "../../src/pipeline/write/zip.ts";
import { tempDir } from "../support/binary.ts";

const work = tempDir("hotpass-zip-");
afterAll(() => work.cleanup());

/** ~9 MiB of sheet-like text in 1 MiB chunks, varied enough that deflate has work to do. */
function chunks(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let c = 0; c < 9; c++) {
    let text = "";
    for (let r = 0; text.length < 1 << 20; r++) text += `<row r="${c * 100_000 + r}"><c t="inlineStr"><is><t>org ${(r * 7919) % 104_729} ${c}</t></is></c></row>`;
    out.push(new TextEncoder().encode(text));
  }
  return out;
}

async function writeZip(path: string, onWorker: boolean, data: Uint8Array[]): Promise<void> {
  const zip = new ZipFileWriter(path, { onWorker });
  zip.beginEntry("small.xml");
  await zip.write("<a/>");
  await zip.endEntry();
  zip.beginEntry("xl/worksheets/sheet1.xml");
  for (const chunk of data) await zip.write(chunk);
  await zip.endEntry();
  zip.beginEntry("after.xml");
  await zip.write("<b>after the large entry</b>");
  await zip.endEntry();
  zip.close();
}

/** Name, CRC-32 and sizes of every entry, from the central directory. */
function directory(zip: Uint8Array): { name: string; crc: number; compressed: number; size: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.byteLength - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    entries.push({ name, crc: view.getUint32(at + 16, true), compressed: view.getUint32(at + 20, true), size: view.getUint32(at + 24, true) });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

test("deflating on the worker thread gives the same entries and content, and it unzips", async () => {
  const data = chunks();
  const here = join(work.path, "here.zip");
  const there = join(work.path, "worker.zip");
  await writeZip(here, false, data);
  await writeZip(there, true, data);
  const entries = directory(readFileSync(there));
  expect(entries.map(({ name, crc, size }) => ({ name, crc, size }))).toEqual(directory(readFileSync(here)).map(({ name, crc, size }) => ({ name, crc, size })));
  const files = unzipSync(readFileSync(there));
  for (const entry of entries) expect(Bun.hash.crc32(files[entry.name]!) >>> 0).toBe(entry.crc);
  expect(Object.keys(files)).toEqual(["small.xml", "xl/worksheets/sheet1.xml", "after.xml"]);
  const sheet = files["xl/worksheets/sheet1.xml"]!;
  expect(sheet.length).toBe(data.reduce((sum, chunk) => sum + chunk.length, 0));
  expect(Buffer.from(sheet).equals(Buffer.concat(data))).toBe(true);
  expect(new TextDecoder().decode(files["after.xml"])).toBe("<b>after the large entry</b>");
});

test("an abandoned zip stops its worker: nothing is left running and the next one works", async () => {
  const zip = new ZipFileWriter(join(work.path, "abandoned.zip"), { onWorker: true });
  zip.beginEntry("x.xml");
  await zip.write(chunks()[0]!);
  zip.abandon();
  await writeZip(join(work.path, "next.zip"), true, chunks().slice(0, 2));
  expect(Object.keys(unzipSync(readFileSync(join(work.path, "next.zip"))))).toContain("after.xml");
});
