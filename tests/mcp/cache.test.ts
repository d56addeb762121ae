/**
 * The server's table cache: a second question about an unchanged file does not read it again, a
 * changed file is read afresh, and the cache stays within its entry and cell bounds.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TableCache } from "../../src/mcp/cache.ts";
import type { Table } from "../../src/mcp/library.ts";
import { tempDir } from "../support/binary.ts";

const work = tempDir("hotpass-mcp-cache-");
afterAll(() => work.cleanup());

function file(name: string, rows: number): string {
  const path = join(work.path, name);
  writeFileSync(path, `${rows}`);
  return path;
}

/** Reads "tables" whose row count is the file's content, counting the reads. */
function counting() {
  const reads: string[] = [];
  const read = async (path: string): Promise<Table> => {
    reads.push(path);
    const rows = Number(await Bun.file(path).text());
    return { path, format: "csv", columns: ["a", "b"], rows: Array.from({ length: rows }, () => ["x", "y"]), notices: [] };
  };
  return { reads, read };
}

describe("TableCache", () => {
  test("an unchanged file is read once; a changed one again", async () => {
    const { reads, read } = counting();
    const cache = new TableCache(read);
    const path = file("t.csv", 3);
    await cache.get(path);
    await cache.get(path);
    expect(reads).toHaveLength(1);
    writeFileSync(path, "4");
    utimesSync(path, new Date(), new Date(Date.now() + 10_000));
    expect((await cache.get(path)).rows).toHaveLength(4);
    expect(reads).toHaveLength(2);
  });

  test("keeps at most `entries` tables, least recently used out first", async () => {
    const { reads, read } = counting();
    const cache = new TableCache(read, { entries: 2, cells: 1_000 });
    const [a, b, c] = [file("a.csv", 1), file("b.csv", 1), file("c.csv", 1)];
    await cache.get(a);
    await cache.get(b);
    await cache.get(a); // a is now the most recent
    await cache.get(c); // evicts b
    await cache.get(a);
    expect(reads).toEqual([a, b, c]);
    await cache.get(b);
    expect(reads).toEqual([a, b, c, b]);
  });

  test("keeps at most `cells` cells; a table larger than that is never kept", async () => {
    const { reads, read } = counting();
    const cache = new TableCache(read, { entries: 10, cells: 100 });
    const big = file("big.csv", 60); // 120 cells
    const small = file("small.csv", 20); // 40 cells
    await cache.get(big);
    await cache.get(big);
    expect(reads).toEqual([big, big]);
    await cache.get(small);
    await cache.get(small);
    expect(reads).toEqual([big, big, small]);
  });
});
