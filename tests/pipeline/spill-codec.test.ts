/**
 * The spill path's line format for output rows: the provenance cell follows the JSON array raw,
 * after a tab. Whatever the cells hold (tabs, newlines, quotes, backslashes, line separators),
 * a row must come back exactly as it went out, on one line.
 */
import { expect, test } from "bun:test";
import { decodeRow, encodeRow } from "../../src/pipeline/spill/codec.ts";
import { COLUMN, SSOT_COLUMNS, type CellValue } from "../../src/pipeline/types.ts";

const HOSTILE = 'tab\there, new\nline, "quoted", back\\slash, \u2028sep, \r, é, 🛩';

function row(provenance: CellValue): CellValue[] {
  const cells = SSOT_COLUMNS.map((_, i): CellValue => (i % 3 === 0 ? HOSTILE : i % 3 === 1 ? i / 7 : null));
  cells[COLUMN.selection_provenance] = provenance;
  return cells;
}

test("a row with hostile text in every kind of cell comes back exactly, on one line", () => {
  const key = { name: `name\t${HOSTILE}`, first: 41 };
  const provenance = JSON.stringify({ organization_name: { value: HOSTILE, other_contributors: [{ value: "\t\n" }] } });
  const line = encodeRow(key, row(provenance));
  expect(line).not.toContain("\n");
  expect(decodeRow(line)).toEqual({ key, row: row(provenance) });
});

test("a row without a provenance text (empty, or none) comes back as it was", () => {
  const key = { name: "a", first: 0 };
  expect(decodeRow(encodeRow(key, row(null)))).toEqual({ key, row: row(null) });
  expect(decodeRow(encodeRow(key, row("")))).toEqual({ key, row: row("") });
});
