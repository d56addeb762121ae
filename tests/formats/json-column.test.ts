/**
 * The refined table hands its provenance to the .xlsx and .csv writers as UTF-8 bytes
 * (RowSource's `jsonColumn`), which they copy instead of escaping and encoding a string. The
 * bytes path must write exactly what the text path writes: the same file, byte for byte, for
 * JSON holding markup characters, quotes, commas, U+FFFE, astral characters, and text longer
 * than an .xlsx cell holds (cut at 32,767 characters there, whole in the .csv).
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeTable, type Cell, type RowSource } from "../../src/formats/index.ts";

const dir = mkdtempSync(join(tmpdir(), "hotpass-json-column-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const columns = ["name", "notes", "provenance", "score"];
const provenance = [
  { value: "Acme & Sons <ltd>", other_contributors: [] },
  { value: 'say "hi", then go', note: "tab\there\nline\u2028sep" },
  { value: "\ufffe\uffff kept out of XML", emoji: "😀🛩️", accents: "Zoë Ñandú" },
  { value: "x".repeat(40_000), tail: "é".repeat(100) },
  {},
];
const rows: Cell[][] = provenance.map((object, i) => [`Org ${i}`, i % 2 ? null : `=1+${i}`, JSON.stringify(object), i / 4]);

/** The rows as a source that also offers the provenance column as bytes, like the refined table. */
function withBytes(): RowSource {
  const encoder = new TextEncoder();
  return {
    length: rows.length,
    row: (index) => rows[index]!,
    cell: (index, column) => rows[index]![column] ?? null,
    jsonColumn: {
      column: 2,
      otherCells: (index) => rows[index]!.map((cell, c) => (c === 2 ? null : cell)),
      bytes: (index) => encoder.encode(rows[index]![2] as string),
    },
  };
}

for (const suffix of [".xlsx", ".csv"]) {
  test(`a JSON column written from bytes is the same ${suffix} file as from text`, async () => {
    const fromText = join(dir, `text${suffix}`);
    const fromBytes = join(dir, `bytes${suffix}`);
    await writeTable(fromText, columns, rows);
    await writeTable(fromBytes, columns, withBytes());
    expect(readFileSync(fromBytes).equals(readFileSync(fromText))).toBe(true);
  });
}
