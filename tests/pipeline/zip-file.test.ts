/**
 * A zip read from its file at positions (how a table is read back) against the same zip held in
 * memory (how refine reads its inputs): the same parts, the same bytes, the same refusal, on the
 * fuzzer's damaged and hostile archives.
 */
import { expect, test } from "bun:test";
import { ZipArchive } from "../../src/pipeline/load/zip.ts";
import { fuzzCase } from "../fuzz/cases.ts";
import { assembleZip } from "../support/zip-build.ts";

/** Every part's name and bytes (hashed), or the message it was refused with. */
async function outcome(open: () => ZipArchive | Promise<ZipArchive>): Promise<string[]> {
  const seen: string[] = [];
  try {
    const zip = await open();
    for (const name of zip.entries.keys()) {
      let hash = 0;
      let size = 0;
      try {
        await zip.read(name, (chunk) => {
          hash = Bun.hash.crc32(chunk, hash);
          size += chunk.length;
        });
        seen.push(`${name} ${size} ${hash}`);
      } catch (error) {
        seen.push(`${name} refused: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    seen.push(`refused: ${(error as Error).message}`);
  }
  return seen;
}

function fileOf(bytes: Uint8Array, reads: number[] = []) {
  return {
    size: bytes.length,
    read: async (position: number, length: number) => {
      reads.push(length);
      return bytes.slice(position, Math.min(bytes.length, position + length));
    },
  };
}

test("read at positions, a zip gives what it gives held in memory (fuzzer's cases)", async () => {
  const limit = 8 * 1024 * 1024;
  let zips = 0;
  for (let i = 0; i < 400; i++) {
    const { bytes, suffix } = await fuzzCase(11, i);
    if (suffix === ".csv" || suffix === ".xls") continue;
    zips++;
    const whole = await outcome(() => new ZipArchive(bytes, "case.xlsx", limit));
    const reads: number[] = [];
    const positioned = await outcome(() => ZipArchive.open(fileOf(bytes, reads), "case.xlsx", limit));
    expect(positioned).toEqual(whole);
  }
  expect(zips).toBeGreaterThan(100);
});

test("only the end of the file and the directory are read whole; a part's bytes come in pieces", async () => {
  // 3 MiB that deflate cannot shrink: the file is that big, its directory a few bytes.
  const big = new Uint8Array(3 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 65_536) crypto.getRandomValues(big.subarray(i, i + 65_536));
  const bytes = assembleZip([{ name: "xl/big.bin", data: big, method: 8 }]);
  const reads: number[] = [];
  const zip = await ZipArchive.open(fileOf(bytes, reads), "big.xlsx", 64 * 1024 * 1024);
  expect(bytes.length).toBeGreaterThan(big.length);
  expect(Math.max(...reads)).toBeLessThan(70_000);
  reads.length = 0;
  let size = 0;
  await zip.read("xl/big.bin", (chunk) => void (size += chunk.length));
  expect(size).toBe(big.length);
  expect(Math.max(...reads)).toBeLessThanOrEqual(1024 * 1024);
  // A file that gives fewer bytes than its size (cut while it is read) is refused, naming the file.
  const cut = { size: bytes.length, read: async (p: number, n: number) => bytes.slice(p, Math.min(p + n, p < 1000 ? 1000 : bytes.length)) };
  await expect(ZipArchive.open(cut, "cut.xlsx", 1e9).then((z) => z.read("xl/big.bin", () => {}))).rejects.toThrow(/cut\.xlsx.*cut short/);
});
