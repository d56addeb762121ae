/**
 * The spill planner decides from the files alone whether a run stays in memory, how many
 * partitions it spills into and whether two threads may read at once. Its row count must hold
 * for CSV exports whose rows are long or whose quoted fields break across lines, and a large
 * UTF-8 CSV (parsed piece by piece) must not keep a spilling load on one thread.
 */
import { afterAll, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { estimatedRows, spillPartitions, twoThreadLoadFits } from "../../src/pipeline/spill/plan.ts";
import { tempDir } from "../support/binary.ts";

const work = tempDir("hotpass-plan-");
afterAll(() => work.cleanup());

/** A CSV of `rows` records whose notes hold line breaks (LF inside quotes, CRLF between records). */
function csvExport(name: string, rows: number, notesLength: number): string {
  const note = `"first line\nsecond, with a comma\n${"x".repeat(notesLength)}"`;
  const lines = ["Account Name,City,Notes"];
  for (let i = 0; i < rows; i++) lines.push(`Org ${i},Durban,${note}`);
  const path = join(work.path, name);
  writeFileSync(path, lines.join("\r\n") + "\r\n");
  return path;
}

test("rows are counted as records, not lines, whatever their width", () => {
  for (const [rows, width] of [[30_000, 20], [8_000, 600]] as const) {
    const file = csvExport(`wide-${width}.csv`, rows, width);
    const estimate = estimatedRows([file]);
    expect(estimate).toBeGreaterThan(rows * 0.95);
    expect(estimate).toBeLessThan(rows * 1.05);
  }
});

test("wide rows count against the budget by their text too", () => {
  // 40,000 rows of about 1 KiB: 3 KiB a row alone would be 117 MiB; with their text, 156 MiB.
  const file = csvExport("budget.csv", 40_000, 1000);
  expect(spillPartitions([file], 140 * 2 ** 20)).toBeGreaterThan(1);
  expect(spillPartitions([file], 200 * 2 ** 20)).toBeUndefined();
});

test("two large UTF-8 CSVs may be read at once; two UTF-16 ones, decoded whole, may not", () => {
  const utf8 = [csvExport("a.csv", 60_000, 100), csvExport("b.csv", 60_000, 100)];
  expect(twoThreadLoadFits(utf8, 1, 128 * 2 ** 20)).toBe(true);
  const utf16 = utf8.map((file, i) => {
    const path = join(work.path, `utf16-${i}.csv`);
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(file, "utf8"), "utf16le")]));
    return path;
  });
  expect(twoThreadLoadFits(utf16, 1, 128 * 2 ** 20)).toBe(false);
});

test("two large .xlsx workbooks may be read at once within the default budget; two .ods of the same size, parsed whole, may not", () => {
  // 33 MB each, as a Contact Database part of 250,000 aviation organisations: about 470,000 rows
  // by the planner's count. Only the size and the suffix are looked at.
  const sized = (name: string) => {
    const path = join(work.path, name);
    writeFileSync(path, Buffer.alloc(33_000_000));
    return path;
  };
  const defaultBudget = 1024 * 2 ** 20;
  expect(twoThreadLoadFits([sized("a.xlsx"), sized("b.xlsx")], 1, defaultBudget)).toBe(true);
  expect(twoThreadLoadFits([sized("a.ods"), sized("b.ods")], 1, defaultBudget)).toBe(false);
});
