/**
 * The format registry: every suffix of every format round-trips its cells (written by the
 * registry where the format is writable, by SheetJS or by hand where it is read only), every input
 * suffix opens as a workbook, and the README's format table is the registry's.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as XLSX from "xlsx";
import { FORMATS, formatOf, INPUT_SUFFIXES, openWorkbook, OUTPUT_SUFFIXES, readTable, scanTable, TABLE_SUFFIXES, writeTable, type Cell } from "../../src/formats/index.ts";
import { ROOT, tempDir } from "../support/binary.ts";

/** Numbers only in a refined numeric column, so CSV (which has no types) gives them back too. */
const COLUMNS = ["organization_name", "notes", "data_quality_score", "intent_signal_count", "website"];
const ROWS: Cell[][] = [
  ["Café Ñandú; \"Aero\", Ltd", "line one\nline two", 0.8, 3, "https://cafe.example.com"],
  ["=HYPERLINK(\"http://evil\")", "+cmd|' /C calc'!A0", 0.25, 0, null],
  ["Ωmega Flights", null, 1, 12, "@SUM(A1)"],
  ["747 Aviation", "tab\there | pipe", null, null, "0011"],
];

const LIMIT = 64 * 1024 * 1024;
let dir: { path: string; cleanup: () => void };
beforeAll(() => {
  dir = tempDir("hotpass-formats-");
});
afterAll(() => dir.cleanup());

/** Writes the table under `name` the way a user's other tools would, for read-only formats. */
function writeElsewhere(path: string, suffix: string): void {
  if (suffix === ".jsonl" || suffix === ".ndjson") {
    const lines = ROWS.map((row) => JSON.stringify(Object.fromEntries(COLUMNS.map((c, i) => [c, row[i]]))));
    writeFileSync(path, `${lines.join("\n")}\n`);
    return;
  }
  const bookType = ({ ".xlsm": "xlsm", ".xls": "biff8", ".ods": "ods" } as const)[suffix as ".xlsm" | ".xls" | ".ods"];
  if (!bookType) throw new Error(`no other writer for ${suffix}`);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([COLUMNS, ...ROWS]), "Refined Data");
  writeFileSync(path, XLSX.write(book, { type: "buffer", bookType }));
}

describe("every suffix round-trips its cells", () => {
  for (const format of FORMATS) {
    for (const suffix of format.suffixes) {
      test(`${format.name} ${suffix}`, async () => {
        const path = join(dir.path, `table${suffix}`);
        if (format.write) {
          const written = await writeTable(path, COLUMNS, ROWS);
          expect(written.format).toBe(format.name);
        } else writeElsewhere(path, suffix);
        const table = await readTable(path);
        expect(table.format).toBe(format.name);
        expect(table.columns).toEqual(COLUMNS);
        expect(table.rows).toEqual(ROWS);
        // Streamed, the same rows arrive one by one, numbered.
        const streamed: [number, Cell[]][] = [];
        const scan = await scanTable(path, (cells, index) => streamed.push([index, cells]));
        expect(scan.columns).toEqual(COLUMNS);
        expect(scan.rowCount).toBe(ROWS.length);
        expect(streamed).toEqual(ROWS.map((row, i) => [i, row]));
      });
    }
  }

  test("the registry's suffix lists are what each format says it can do", () => {
    expect(INPUT_SUFFIXES).toEqual([".xlsx", ".xlsm", ".xls", ".ods", ".csv"]);
    expect(OUTPUT_SUFFIXES).toEqual([".xlsx", ".csv", ".parquet", ".json"]);
    expect(TABLE_SUFFIXES).toEqual(FORMATS.flatMap((f) => f.suffixes));
    const all = FORMATS.flatMap((f) => f.suffixes);
    expect(new Set(all).size).toBe(all.length);
    expect(formatOf("OUT.CSV")?.name).toBe("csv");
    expect(formatOf("notes.txt")).toBeUndefined();
  });
});

describe("every input suffix opens as a refine workbook", () => {
  for (const suffix of INPUT_SUFFIXES) {
    test(suffix, async () => {
      const path = join(dir.path, `input${suffix}`);
      const format = formatOf(path)!;
      if (format.write) await writeTable(path, COLUMNS, ROWS);
      else writeElsewhere(path, suffix);
      const reader = await openWorkbook(path, LIMIT);
      const rows: string[][] = [];
      await reader.readSheet(reader.sheetNames[0]!, (cells) => rows.push(cells));
      expect(rows[0]).toEqual(COLUMNS);
      // Input cells are text as the loader sees them; the formula guard of CSV is kept here.
      expect(rows[1]![0]).toBe("Café Ñandú; \"Aero\", Ltd");
      expect(rows[1]![2]).toBe("0.8");
      expect(rows[3]![0]).toBe("Ωmega Flights");
      expect(rows[2]![0]).toBe(suffix === ".csv" ? "'=HYPERLINK(\"http://evil\")" : "=HYPERLINK(\"http://evil\")");
    });
  }
});

/** The rows of the README's format table, cells unescaped. */
function readmeFormats(): string[][] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("<!-- section:formats -->"), readme.indexOf("<!-- /section:formats -->"));
  const lines = section.split("\n");
  const header = lines.findIndex((line) => line.startsWith("| format | suffixes |"));
  expect(header).toBeGreaterThan(0);
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim().replaceAll("\\|", "|")));
  }
  return rows;
}

test("the README's format table lists exactly the registry's formats and what each can do", () => {
  const yes = (can: unknown) => (can ? "yes" : "no");
  const registry = FORMATS.map((f) => [f.name, f.suffixes.map((s) => `\`${s}\``).join(" "), yes(f.workbook), yes(f.read), yes(f.write), `\`${f.mediaType}\``, f.title]);
  expect(readmeFormats()).toEqual(registry);
});
