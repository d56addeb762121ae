import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import * as XLSX from "xlsx";
import { parquetReadObjects } from "hyparquet";
import { HotpassError } from "../../src/errors.ts";
import type { CellValue } from "../../src/pipeline/types.ts";
import { withAtomicBatch } from "../../src/pipeline/write/atomic.ts";
import { writeTable } from "../../src/formats/index.ts";
import { tempDir } from "../support/binary.ts";

const COLUMNS = ["organization_name", "website", "data_quality_score", "notes"];
const ROWS: CellValue[][] = [
  ["Aero Club", "https://aero.example.com", 0.9, "=HYPERLINK(\"http://evil\",\"x\")"],
  ["Blue Sky, \"Ltd\"", null, 0.6, "+cmd|' /C calc'!A0"],
  ["Cape Wings", "https://cape.example.org", 0.2, "@SUM(A1)"],
  ["Delta", "+27821234567", 0.8, "line one\nline two"],
];

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

describe("xlsx", () => {
  test("styled Refined Data sheet, frozen header, autofilter, score fills, text formulas", async () => {
    const path = join(dir.path, "out.xlsx");
    const written = await writeTable(path, COLUMNS, ROWS, {
      extraSheets: [{ name: "Quality Summary", columns: ["metric", "value"], rows: [["total_records", 4]] }],
    });
    expect(written.format).toBe("xlsx");
    expect(written.bytes).toBeGreaterThan(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Refined Data", "Quality Summary"]);
    const sheet = workbook.getWorksheet("Refined Data")!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getRow(1).getCell(1).value).toBe("organization_name");
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    const fill = (row: number) => (sheet.getRow(row).getCell(3).fill as ExcelJS.FillPattern).fgColor?.argb;
    expect(fill(2)).toBe("FFC6EFCE"); // 0.9 green
    expect(fill(3)).toBe("FFFFEB9C"); // 0.6 amber
    expect(fill(4)).toBe("FFFFC7CE"); // 0.2 red
    expect(fill(5)).toBe("FFC6EFCE"); // 0.8 green
    const formulaCell = sheet.getRow(2).getCell(4);
    expect(formulaCell.type).toBe(ExcelJS.ValueType.String);
    expect(formulaCell.value).toBe("=HYPERLINK(\"http://evil\",\"x\")");
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(10);
    expect((sheet.getRow(1).getCell(1).fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FF1F4E78");
    expect(sheet.getRow(3).getCell(2).value).toBeNull();
    const summary = workbook.getWorksheet("Quality Summary")!;
    expect(summary.getRow(2).values).toEqual([undefined, "total_records", 4]);
  });

  test("SheetJS reads the same cells; formula-looking text is a string cell with no formula", async () => {
    const path = join(dir.path, "out.xlsx");
    await writeTable(path, COLUMNS, ROWS);
    const book = XLSX.read(readFileSync(path));
    const sheet = book.Sheets["Refined Data"]!;
    expect(XLSX.utils.sheet_to_json(sheet, { defval: null })).toEqual(
      ROWS.map((row) => Object.fromEntries(COLUMNS.map((column, i) => [column, row[i]]))),
    );
    for (const ref of ["D2", "D3", "D4"]) {
      expect(sheet[ref].t).toBe("s");
      expect(sheet[ref].f).toBeUndefined();
    }
    expect(sheet["!autofilter"]).toEqual({ ref: "A1:D1" });
  });
});

test("non-ASCII, long and padded text survives the round trip", async () => {
  const path = join(dir.path, "unicode.xlsx");
  const long = `Ünïcode ${"x".repeat(100)} 東京`;
  const values = ["Café Aéro — École", "東京エアー ✈", long, "  padded  ", "a & b < c > d"];
  await writeTable(path, ["text"], values.map((value) => [value]));
  const book = XLSX.read(readFileSync(path));
  const read = XLSX.utils.sheet_to_json<{ text: string }>(book.Sheets["Refined Data"]!).map((row) => row.text);
  expect(read).toEqual(values);
});

describe("csv", () => {
  test("RFC 4180 quoting, formula cells quoted, E.164 phones untouched, CSVW metadata", async () => {
    const path = join(dir.path, "refined.csv");
    const written = await writeTable(path, COLUMNS, ROWS);
    const metadataPath = join(dir.path, "refined-metadata.json");
    expect(written.files).toEqual([path, metadataPath]);
    const text = readFileSync(path, "utf8");
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(COLUMNS.join(","));
    expect(lines[1]).toBe('Aero Club,https://aero.example.com,0.9,"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(lines[2]).toBe('"Blue Sky, ""Ltd""",,0.6,\'+cmd|\' /C calc\'!A0');
    expect(lines[3]).toBe("Cape Wings,https://cape.example.org,0.2,'@SUM(A1)");
    expect(lines[4]).toBe('Delta,+27821234567,0.8,"line one\nline two"');
    const metadata = JSON.parse(readFileSync(metadataPath, "utf8"));
    expect(metadata["@context"]).toBe("http://www.w3.org/ns/csvw");
    expect(metadata.url).toBe("refined.csv");
    expect(metadata.tableSchema.columns.map((c: { name: string }) => c.name)).toEqual(COLUMNS);
    expect(metadata.tableSchema.columns[2].datatype).toBe("number");
    expect(metadata.tableSchema.columns[0].datatype).toBe("string");
  });
});

describe("parquet", () => {
  test("reads back with hyparquet: names, numbers as doubles, nulls", async () => {
    const path = join(dir.path, "refined.parquet");
    await writeTable(path, COLUMNS, ROWS);
    const bytes = readFileSync(path);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const rows = await parquetReadObjects({ file });
    expect(rows).toHaveLength(4);
    expect(Object.keys(rows[0]!)).toEqual(COLUMNS);
    expect(rows[1]).toEqual({ organization_name: 'Blue Sky, "Ltd"', website: null, data_quality_score: 0.6, notes: "+cmd|' /C calc'!A0" });
  });
});

describe("json", () => {
  test("an array of one object per row, one row per line", async () => {
    const path = join(dir.path, "refined.json");
    await writeTable(path, COLUMNS, ROWS);
    const text = readFileSync(path, "utf8");
    const parsed = JSON.parse(text);
    expect(parsed).toHaveLength(4);
    expect(parsed[3]).toEqual({ organization_name: "Delta", website: "+27821234567", data_quality_score: 0.8, notes: "line one\nline two" });
    expect(text.split("\n").filter((line) => line.startsWith("{"))).toHaveLength(4);
  });

  test("an empty table is an empty array", async () => {
    const path = join(dir.path, "empty.json");
    await writeTable(path, COLUMNS, []);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual([]);
  });
});

describe("atomic writes", () => {
  test("a write that fails half-way leaves the previous output untouched and no temporary file", async () => {
    const path = join(dir.path, "refined.json");
    writeFileSync(path, "previous");
    // A bigint cannot be serialised: the JSON writer fails after the temporary file was staged.
    const bad = [["x", null, 1n as unknown as CellValue, null]];
    await expect(writeTable(path, COLUMNS, bad)).rejects.toThrow();
    expect(readFileSync(path, "utf8")).toBe("previous");
    expect(readdirSync(dir.path)).toEqual(["refined.json"]);
  });

  test("a batch commits all its files or none", async () => {
    const a = join(dir.path, "a.txt");
    await expect(
      withAtomicBatch(async (batch) => {
        await batch.write(a, "new a");
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    expect(existsSync(a)).toBe(false);
    const { files } = await withAtomicBatch(async (batch) => {
      await batch.write(a, "new a");
    });
    expect(files).toEqual([a]);
    expect(readFileSync(a, "utf8")).toBe("new a");
    expect(readdirSync(dir.path)).toEqual(["a.txt"]);
  });

  test("an unwritable output folder is one clear error with exit code 2", async () => {
    const blocker = join(dir.path, "not-a-folder");
    writeFileSync(blocker, "");
    const error = await writeTable(join(blocker, "out.csv"), COLUMNS, ROWS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HotpassError);
    expect((error as HotpassError).exitCode).toBe(2);
    expect((error as HotpassError).message).toContain("cannot write to the output folder");
  });

  test("an unknown suffix is a usage error", async () => {
    const error = await writeTable(join(dir.path, "out.txt"), COLUMNS, ROWS).catch((e: unknown) => e);
    expect((error as HotpassError).exitCode).toBe(2);
    expect((error as HotpassError).message).toContain("unsupported output format");
  });
});

test("csv: quoted non-ASCII text, emoji and formula prefixes survive the round trip", async () => {
  const path = join(dir.path, "unicode.csv");
  const values = ['say "hi", Café', "✈ 東京 😀 \"q\"", "=1+1", "-x, y", "plain"];
  await writeTable(path, ["text"], values.map((value) => [value]));
  const text = readFileSync(path, "utf8");
  expect(text).toBe('text\r\n"say ""hi"", Café"\r\n"✈ 東京 😀 ""q"""\r\n\'=1+1\r\n"\'-x, y"\r\nplain\r\n');
});

describe("a table too large for .xlsx", () => {
  test("is refused before anything is written, with one line saying which formats hold it (exit 2)", async () => {
    const { writeXlsx } = await import("../../src/pipeline/write/xlsx.ts");
    const { isHotpassError } = await import("../../src/errors.ts");
    const work = tempDir("hotpass-xlsx-limit-");
    try {
      const path = join(work.path, "huge.xlsx");
      const text = "x".repeat(3000);
      // A million rows of long text: about 120 GiB of sheet XML; only the first rows are looked at.
      const rows = { length: 1_000_000, row: () => Array(42).fill(text), cell: () => text };
      const error = await writeXlsx(path, [{ name: "Refined Data", columns: Array.from({ length: 42 }, (_, i) => `c${i}`), rows }]).catch((e: unknown) => e);
      expect(isHotpassError(error) && error.exitCode).toBe(2);
      expect((error as Error).message).toMatch(/^the Refined Data sheet would be about \d+\.\d GiB of XML, more than an \.xlsx file holds here/);
      expect((error as { hint?: string }).hint).toContain(".csv or .parquet");
      expect(existsSync(path)).toBe(false);
      // More rows than a sheet holds, however short.
      const many = { length: 1_048_576, row: () => ["a"], cell: () => "a" };
      const tooMany = await writeXlsx(path, [{ name: "Refined Data", columns: ["c"], rows: many }]).catch((e: unknown) => e);
      expect((tooMany as Error).message).toBe("the Refined Data sheet would have 1048577 rows with its header; an .xlsx sheet holds at most 1048576");
      expect(existsSync(path)).toBe(false);
    } finally {
      work.cleanup();
    }
  });
});
