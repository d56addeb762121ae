/**
 * The write stage's view of a spilled run: the partitions' run files merged into output order,
 * one line of each partition in memory at a time. Whatever the writer reads of the row it was
 * given (its cells, its provenance, as bytes or text) must be that row's, for the first rows
 * (kept for the writers' look-ahead) and every row after them, including lines longer than a
 * read buffer: a merge that let a partition's reader move on before its row was written would
 * hand out the next row's bytes.
 */
import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { encodeRowHead } from "../../src/pipeline/spill/codec.ts";
import { LineWriter } from "../../src/pipeline/spill/lines.ts";
import { MemoryGuard } from "../../src/pipeline/spill/memory.ts";
import { MergedRows } from "../../src/pipeline/spill/merge.ts";
import { SpillStore } from "../../src/pipeline/spill/store.ts";
import { compareKeys, type OrderKey } from "../../src/pipeline/order.ts";
import { COLUMN, SSOT_COLUMNS, type CellValue } from "../../src/pipeline/types.ts";

const dir = mkdtempSync(join(tmpdir(), "hotpass-spill-merge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  key: OrderKey;
  cells: CellValue[];
  provenance: string;
}

function rowFor(i: number): Row {
  const cells = SSOT_COLUMNS.map((_, c): CellValue => (c === COLUMN.selection_provenance ? null : c % 2 ? `row ${i} column ${c}` : i + c / 10));
  // Every 97th provenance is longer than the reader's 64 KiB buffer.
  const provenance = JSON.stringify({ row: i, text: i % 97 === 0 ? "é".repeat(40_000) : `provenance of row ${i}` });
  return { key: { name: `name ${String(i % 1000).padStart(4, "0")}`, first: i }, cells, provenance };
}

test("every merged row carries its own cells and provenance, in output order, past the first rows and past long lines", () => {
  const partitions = 7;
  const store = SpillStore.create(dir, partitions);
  const rows = Array.from({ length: 3_000 }, (_, i) => rowFor(i));
  const encoder = new TextEncoder();
  for (let p = 0; p < partitions; p++) {
    const run = new LineWriter(store.path("run", p));
    for (const row of rows.filter((_, i) => (i * 31) % partitions === p).sort((a, b) => compareKeys(a.key, b.key))) run.add(encodeRowHead(row.key, row.cells), encoder.encode(row.provenance));
    run.close();
  }
  const expected = [...rows].sort((a, b) => compareKeys(a.key, b.key));
  const merged = new MergedRows(store, rows.length, () => "string", new MemoryGuard(1 << 30));
  const decoder = new TextDecoder();
  const json = merged.jsonColumn;
  for (let r = 0; r < expected.length; r++) {
    const cells = json.otherCells(r);
    expect(cells).toEqual(expected[r]!.cells);
    expect(decoder.decode(json.bytes(r))).toBe(expected[r]!.provenance);
    expect(merged.cell(r, COLUMN.selection_provenance)).toBe(expected[r]!.provenance);
  }
  // The first rows stay readable after the merge has moved far past them.
  for (const r of [0, 1, 250, 499]) expect(merged.row(r)[COLUMN.selection_provenance]).toBe(expected[r]!.provenance);
  store.remove();
});
