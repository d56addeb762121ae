/**
 * A CSV read piece by piece (how `readTable` reads a UTF-8 file) gives exactly what the
 * whole-file parse gives (how refine's loader reads it): the same records, row numbers and
 * cells, wherever the pieces end — inside a quoted field, between the two quotes of a doubled
 * one, between CR and LF, inside a multi-byte character, or in a field longer than a piece.
 * These call the parser's own module: the piece size is not something a command can set.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv, parseCsvFile } from "../../src/formats/_csv-read.ts";
import { utf8Start } from "../../src/formats/_text.ts";
import { openWorkbook, readTable } from "../../src/formats/index.ts";
import type { ReadAt } from "../../src/formats/types.ts";
import { tempDir } from "../support/binary.ts";

/** Reads of an in-memory file, counted. */
function reader(bytes: Buffer): { read: ReadAt; reads: number; requested: number } {
  const counter = {
    reads: 0,
    requested: 0,
    read: async (position: number, length: number) => {
      counter.reads++;
      counter.requested += length;
      return bytes.subarray(position, position + length);
    },
  };
  return counter;
}

type Records = [number, string[]][];

function whole(bytes: Buffer, delimiter: string): Records {
  const records: Records = [];
  parseCsv(bytes, (cells, row) => records.push([row, [...cells]]), delimiter);
  return records;
}

async function inPieces(bytes: Buffer, delimiter: string, pieceBytes: number, start = 0): Promise<Records> {
  const records: Records = [];
  await parseCsvFile(reader(bytes).read, start, (cells, row) => records.push([row, [...cells]]), delimiter, pieceBytes);
  return records;
}

// Every trap at once: quoted delimiters and line breaks, doubled quotes (one at the very end of
// a field), CRLF, a lone CR, blank records (counted), 2-, 3- and 4-byte characters, text after a
// closing quote, a trailing delimiter, an empty quoted field, and an unclosed quote at the end.
const TRICKY = Buffer.from(
  'name,notes,city\r\n"Blue, ""Sky""","one\r\ntwo",Durban\r\n\r\nCafé Ωmega,"€ 5 ""","São 😀"\rAcme,"x"y,\n,,\n' +
    'Last,"",end\r\n"a""b",c,d\n"open,ended\r\nstill ""open',
);

describe("records across piece boundaries", () => {
  test("the tricky file, with pieces of every size from 1 byte to the whole file: the same records as one parse", async () => {
    const expected = whole(TRICKY, ",");
    expect(expected.map(([row]) => row)).toEqual([1, 2, 4, 5, 7, 8, 9]);
    expect(expected[2]).toEqual([4, ["Café Ωmega", '€ 5 "', "São 😀"]]);
    expect(expected.at(-1)).toEqual([9, ['open,ended\r\nstill "open']]);
    for (let piece = 1; piece <= TRICKY.length; piece++) {
      expect(await inPieces(TRICKY, ",", piece)).toEqual(expected);
    }
  });

  test("the same with the file ending in a line break, a CR alone, and a doubled quote", async () => {
    for (const tail of ["\r\n", "\r", '""']) {
      const bytes = Buffer.concat([TRICKY.subarray(0, TRICKY.lastIndexOf('"open')), Buffer.from(`"closed"${tail}`)]);
      const expected = whole(bytes, ",");
      for (let piece = 1; piece <= bytes.length; piece++) expect(await inPieces(bytes, ",", piece)).toEqual(expected);
    }
  });

  test("parsing from past a byte-order mark, semicolon-separated", async () => {
    const body = Buffer.from('a;b\n"x;\r\ny";ü\r\n');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
    const expected = whole(body, ";");
    for (let piece = 1; piece <= bytes.length; piece++) expect(await inPieces(bytes, ";", piece, 3)).toEqual(expected);
  });

  test("a field far longer than a piece is read with a few reads growing geometrically, not one per piece", async () => {
    const big = `"${'line, with ""quotes""\r\n'.repeat(200_000)}"`; // 4.8 MB, one field
    const bytes = Buffer.from(`id,text\n1,${big}\n2,short\n`);
    const expected = whole(bytes, ",");
    expect(expected[1]![1][1]!.length).toBe(big.length - 2 - 400_000);
    const counted = reader(bytes);
    const records: Records = [];
    await parseCsvFile(counted.read, 0, (cells, row) => records.push([row, [...cells]]), ",", 1024);
    expect(records).toEqual(expected);
    // Doubling from 1 KiB to the field's 4.8 MB is about a dozen reads; the bytes asked for stay
    // within a small multiple of the file (a read per 1 KiB piece would be 4,700 reads).
    expect(counted.reads).toBeLessThan(30);
    expect(counted.requested).toBeLessThan(4 * bytes.length);
  });
});

describe("the UTF-8 check, piece by piece", () => {
  const text = Buffer.from("name,city\nCafé Ωmega,São 😀\n");

  test("multi-byte characters cut at every offset are still UTF-8; a byte-order mark is skipped", async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]);
    for (let piece = 1; piece <= bom.length; piece++) {
      expect(await utf8Start(reader(text).read, piece)).toBe(0);
      expect(await utf8Start(reader(bom).read, piece)).toBe(3);
    }
  });

  test("a bad byte, a NUL, a cut character at the end, or a UTF-16 byte-order mark send the file to the whole-file decode", async () => {
    const cases = [
      Buffer.concat([text, Buffer.from([0xe9]), text]),
      Buffer.concat([text, Buffer.from([0]), text]),
      Buffer.concat([text, Buffer.from("😀").subarray(0, 3)]),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a,b\n", "utf16le")]),
    ];
    for (const bytes of cases) {
      for (let piece = 1; piece <= bytes.length; piece++) expect(await utf8Start(reader(bytes).read, piece)).toBeUndefined();
    }
  });
});

describe("readTable on files larger than a piece (1 MiB)", () => {
  let dir: { path: string; cleanup: () => void };
  beforeAll(() => {
    dir = tempDir("hotpass-csv-pieces-");
  });
  afterAll(() => dir.cleanup());

  /** The loader's whole-file parse, and readTable's pieces: the same table. */
  async function sameBothWays(name: string, bytes: Buffer): Promise<{ rows: number; notices: string[] }> {
    const path = join(dir.path, name);
    writeFileSync(path, bytes);
    const loader = await openWorkbook(path, 1 << 30);
    const records: string[][] = [];
    await loader.readSheet(loader.sheetNames[0]!, (cells) => records.push([...cells]));
    const table = await readTable(path);
    expect(table.columns).toEqual(records[0]!.map((c) => c.trim()));
    expect(table.rows).toEqual(records.slice(1).map((cells) => table.columns.map((_, i) => (cells[i] ? cells[i]! : null))));
    expect(table.notices).toEqual([...(loader.notices ?? [])]);
    return { rows: table.rows.length, notices: table.notices };
  }

  test("30,000 records with quoted line breaks and characters across the boundaries, and a 3 MB quoted field", async () => {
    const lines = ["name;notes;city"];
    for (let i = 0; i < 30_000; i++) lines.push(`Org ${i} Ωé;"note ${i}; ""q""\r\nline 2";São 😀 ${i}`);
    lines.splice(15_000, 0, `Huge;"${"x;\n".repeat(1_000_000)}";end`);
    const { rows, notices } = await sameBothWays("big.csv", Buffer.from(lines.join("\r\n")));
    expect(rows).toBe(30_001);
    expect(notices).toEqual([]);
  });

  test("a byte that is not UTF-8 two MiB in: the whole file is Windows-1252, as the loader reads it", async () => {
    const head = Buffer.from(`name,price\n${"Acme,1\n".repeat(300_000)}`);
    const { rows, notices } = await sameBothWays("legacy.csv", Buffer.concat([head, Buffer.from("Caf\xe9,\x80 5\n", "latin1")]));
    expect(rows).toBe(300_001);
    expect(notices[0]).toContain("not valid UTF-8; read as Windows-1252");
  });
});
