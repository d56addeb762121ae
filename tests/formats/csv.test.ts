/**
 * The one CSV reader, as refine's loader (`openWorkbook`) and `readTable` both see it: RFC 4180
 * quoting, line endings, the delimiter sniffed past a quoted first line or a title row, and the
 * encodings. Each case is read both ways and must agree.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openWorkbook, readTable, type Cell } from "../../src/formats/index.ts";
import { tempDir } from "../support/binary.ts";

let dir: { path: string; cleanup: () => void };
beforeAll(() => {
  dir = tempDir("hotpass-csv-");
});
afterAll(() => dir.cleanup());

let n = 0;
/** The records as the loader gets them ([row number, cells]) and the table readTable gives. */
async function readBoth(content: string | Buffer): Promise<{ records: [number, string[]][]; columns: string[]; rows: Cell[][]; notices: string[] }> {
  const path = join(dir.path, `case-${n++}.csv`);
  writeFileSync(path, content);
  const reader = await openWorkbook(path, 1 << 26);
  const records: [number, string[]][] = [];
  await reader.readSheet(reader.sheetNames[0]!, (cells, row) => records.push([row, cells]));
  const table = await readTable(path);
  // Both readers see the same cells (readTable: empty -> null, header trimmed).
  expect(table.columns).toEqual(records[0]?.[1].map((c) => c.trim()) ?? []);
  expect(table.rows).toEqual(records.slice(1).map(([, cells]) => table.columns.map((_, i) => (cells[i] ? cells[i]! : null))));
  expect(table.notices).toEqual([...(reader.notices ?? [])]);
  return { records, columns: table.columns, rows: table.rows, notices: table.notices };
}

describe("RFC 4180", () => {
  test("quoted fields hold delimiters, doubled quotes and line breaks; CRLF, LF and CR all end records", async () => {
    const { records } = await readBoth('name,notes\r\n"Blue, ""Sky""","one\r\ntwo"\nAcme,plain\rLast,"x"\r\n');
    expect(records).toEqual([
      [1, ["name", "notes"]],
      [2, ['Blue, "Sky"', "one\r\ntwo"]],
      [3, ["Acme", "plain"]],
      [4, ["Last", "x"]],
    ]);
  });

  test("blank records are skipped but counted; a missing last line break and a trailing delimiter are fine", async () => {
    const { records } = await readBoth("a,b\n\n,\n1,2,\n3,4");
    expect(records).toEqual([
      [1, ["a", "b"]],
      [4, ["1", "2", ""]],
      [5, ["3", "4"]],
    ]);
  });

  test("lenient where spreadsheets are: a quote inside a field is text, text after a closing quote is kept, an unclosed quote runs to the end", async () => {
    const { records } = await readBoth('name,size\n5" disk,"12"cm\n"open,ended\nstill open');
    expect(records).toEqual([
      [1, ["name", "size"]],
      [2, ['5" disk', "12cm"]],
      [3, ["open,ended\nstill open"]],
    ]);
  });
});

describe("the delimiter", () => {
  test("a quoted first line holding commas does not make a ;-separated file comma-separated", async () => {
    const { columns, rows } = await readBoth('"Name, registered";"Town, city"\nAcme, Ltd;Durban\nBeta;Cape Town, Wynberg\n');
    expect(columns).toEqual(["Name, registered", "Town, city"]);
    expect(rows).toEqual([
      ["Acme, Ltd", "Durban"],
      ["Beta", "Cape Town, Wynberg"],
    ]);
  });

  test("a title row with no delimiter above a tab-separated table", async () => {
    const { records } = await readBoth("Partners 2025\nname\tprovince\nAcme\tGauteng\n");
    expect(records.map(([, cells]) => cells)).toEqual([["Partners 2025"], ["name", "province"], ["Acme", "Gauteng"]]);
  });

  test("| separated", async () => {
    const { rows } = await readBoth("name|province\nAcme|Gauteng\n");
    expect(rows).toEqual([["Acme", "Gauteng"]]);
  });
});

describe("encodings", () => {
  const text = "name;city\r\nCafé Ωmega;Durban\r\n";
  const expected = [["Café Ωmega", "Durban"]];
  const be = (s: string) => {
    const b = Buffer.from(s, "utf16le");
    for (let i = 0; i + 1 < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1]!, b[i]!];
    return b;
  };

  test("UTF-8 with and without BOM, UTF-16LE and UTF-16BE with BOM: the same table, no notice", async () => {
    for (const bytes of [
      Buffer.from(text),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), be(text)]),
    ]) {
      const table = await readBoth(bytes);
      expect(table.columns).toEqual(["name", "city"]);
      expect(table.rows).toEqual(expected);
      expect(table.notices).toEqual([]);
    }
  });

  test("UTF-16 without BOM is decoded with a notice", async () => {
    for (const [bytes, name] of [[Buffer.from(text, "utf16le"), "UTF-16LE"], [be(text), "UTF-16BE"]] as const) {
      const table = await readBoth(bytes);
      expect(table.rows).toEqual(expected);
      expect(table.notices[0]).toContain(`no byte-order mark, but the text is ${name}`);
    }
  });

  test("invalid UTF-8 is Windows-1252, with a notice", async () => {
    const table = await readBoth(Buffer.from("name;price\r\nCaf\xe9;\x80 5\r\n", "latin1"));
    expect(table.rows).toEqual([["Café", "€ 5"]]);
    expect(table.notices[0]).toContain("not valid UTF-8; read as Windows-1252");
  });

  test("NUL bytes in what is not UTF-16 are refused with one message naming the file", async () => {
    const path = join(dir.path, "binary.csv");
    writeFileSync(path, Buffer.from("name,city\nAcme\0,Durban\n"));
    for (const read of [() => openWorkbook(path, 1 << 26), () => readTable(path)]) {
      const error = (await read().catch((e: unknown) => e)) as { message: string; exitCode: number };
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(`${path}: not a text file (it contains NUL characters), so it cannot be read as CSV`);
    }
  });
});
