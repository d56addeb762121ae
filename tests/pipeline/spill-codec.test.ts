/**
 * The spill path's line format for output rows: the cells as a JSON array, then a tab and the
 * provenance's UTF-8 as it is. Whatever the cells hold (tabs, newlines, quotes, backslashes, line
 * separators), a row must come back exactly as it went out, one line each, through the files the
 * merge reads: including lines longer than the reader's buffer, and the last line of a file.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeRow, encodeRowHead } from "../../src/pipeline/spill/codec.ts";
import { LineReader, LineWriter } from "../../src/pipeline/spill/lines.ts";
import { COLUMN, SSOT_COLUMNS, type CellValue } from "../../src/pipeline/types.ts";

const HOSTILE = 'tab\there, new\nline, "quoted", back\\slash, \u2028sep, \r, é, 🛩';
const dir = mkdtempSync(join(tmpdir(), "hotpass-spill-codec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cells(): CellValue[] {
  const row = SSOT_COLUMNS.map((_, i): CellValue => (i % 3 === 0 ? HOSTILE : i % 3 === 1 ? i / 7 : null));
  row[COLUMN.selection_provenance] = null;
  return row;
}

/** Writes each row through a LineWriter and reads the file back through a LineReader. */
function roundTrip(rows: { key: { name: string; first: number }; provenance: string | null }[]) {
  const path = join(dir, `run-${Math.random().toString(16).slice(2)}`);
  const writer = new LineWriter(path);
  for (const { key, provenance } of rows) writer.add(encodeRowHead(key, cells()), provenance === null ? undefined : new TextEncoder().encode(provenance));
  writer.close();
  const reader = new LineReader(path);
  const back = [];
  for (let line = reader.read(); line !== undefined; line = reader.read()) {
    const row = decodeRow(line);
    back.push({ key: row.key, row: row.row, provenance: row.provenance && new TextDecoder().decode(row.provenance) });
  }
  return back;
}

test("rows with hostile text in every kind of cell come back exactly, one line each", () => {
  const provenance = JSON.stringify({ organization_name: { value: HOSTILE, other_contributors: [{ value: "\t\n" }] } });
  const rows = Array.from({ length: 3_000 }, (_, i) => ({ key: { name: `name\t${HOSTILE} ${i}`, first: i }, provenance }));
  expect(roundTrip(rows)).toEqual(rows.map(({ key, provenance }) => ({ key, row: cells(), provenance })));
});

test("a line longer than the reader's buffer, and rows without a provenance text, come back as they were", () => {
  const long = JSON.stringify({ notes: { value: "é".repeat(200_000) } });
  const rows = [
    { key: { name: "a", first: 0 }, provenance: null },
    { key: { name: "b", first: 1 }, provenance: "" },
    { key: { name: "c", first: 2 }, provenance: long },
    { key: { name: "d", first: 3 }, provenance: "{}" },
  ];
  expect(roundTrip(rows)).toEqual(rows.map(({ key, provenance }) => ({ key, row: cells(), provenance })));
});
