/**
 * The column store with its text in a temporary file (what the server does with every table):
 * the same rows and answers as plain rows, the file owner-only in the OS temp folder, and gone
 * when the table is dropped and when the server stops on Ctrl+C.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { SpillFile } from "../../src/dashboard/spill.ts";
import { StoreBuilder } from "../../src/dashboard/store.ts";
import { TableIndex, queryTable, rowsSource } from "../../src/dashboard/table-query.ts";
import { tempDir } from "../support/binary.ts";
import { makeProject, refine, startDashboard, type Project } from "./support.ts";

const spillDirs = (tmp: string) => readdirSync(tmp).filter((name) => name.startsWith("hotpass-dashboard-table-"));

test("a spilled store gives every row and every answer plain rows give, and its file is owner-only and removed on close", () => {
  const tmp = tempDir();
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = tmp.path;
  try {
    const rows: (string | number | null)[][] = [];
    const huge = "Ω".repeat(1_000_000); // larger than a page of the file
    for (let i = 0; i < 30_000; i++) {
      const notes = i % 11 === 0 ? null : JSON.stringify({ name: { value: `Org ${i}`, source: "Contact Database", id: `contact:${i}` }, extra: "x".repeat(200 + (i % 300)) });
      rows.push([
        i === 7_777 ? huge : `Org ${i} ${i % 5 ? "flight SCHOOL" : "Aéroclub ŠKODA"}`,
        i % 4 ? "Gauteng" : i % 3 ? "Western Cape" : null,
        notes,
        i % 13 === 0 ? null : (i % 1000) / 1000,
        i < 15_000 ? `code ${i % 7}` : `code ${i}`,
        i % 9 === 0 ? "<script>alert(1)</script>" : `<img src=x onerror=alert(${i})>`,
      ]);
    }
    const columns = ["organization_name", "province", "notes", "data_quality_score", "code", "website"];
    const spill = new SpillFile();
    const builder = new StoreBuilder(columns.length, spill);
    for (const row of rows) builder.add(row);
    const store = builder.done(columns);

    expect(spillDirs(tmp.path)).toHaveLength(1);
    expect(statSync(spill.dir).mode & 0o777).toBe(0o700);
    expect(statSync(spill.path).mode & 0o777).toBe(0o600);
    expect(spill.size).toBeGreaterThan(1_000_000); // the text is in the file

    for (let i = 0; i < rows.length; i++) expect(store.row(i)).toEqual(rows[i]!);
    for (const i of [29_999, 0, 7_777, 15, 15_000, 14_999, 3]) expect(store.row(i)).toEqual(rows[i]!);
    const spilled = new TableIndex(store);
    const plain = new TableIndex(rowsSource({ columns, rows }));
    for (const q of [
      { page: 1, size: 50 },
      { page: 300, size: 50 },
      { page: 1, size: 50, q: "škoda" },
      { page: 2, size: 50, q: "flight school" },
      { page: 1, size: 50, q: "schoolorg" }, // runs from one row's end into the next row's start: no row holds it
      { page: 1, size: 50, q: "ωωω" },
      { page: 2, size: 50, q: "code 12" },
      { page: 1, size: 50, q: "<script>" },
      { page: 3, size: 50, sort: "organization_name", dir: "desc" as const },
      { page: 5, size: 100, sort: "data_quality_score" },
      { page: 2, size: 100, sort: "province", dir: "desc" as const },
      { page: 1, size: 500, sort: "code", province: "Western Cape" },
      { page: 4, size: 20, missing: "notes", minScore: 0.1, maxScore: 0.6, sort: "notes" },
    ]) {
      expect(JSON.stringify(queryTable(spilled, q))).toBe(JSON.stringify(queryTable(plain, q)));
    }

    spill.close();
    expect(spillDirs(tmp.path)).toHaveLength(0);
    expect(() => store.row(3)).toThrow(/dropped/);
    spill.close(); // again: nothing to do
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    tmp.cleanup();
  }
});

describe("the server's table files", () => {
  let project: Project;
  let tmp: { path: string; cleanup: () => void };
  const key = encodeURIComponent("0/refined-quality-report.json");

  beforeAll(async () => {
    project = await makeProject(150);
    tmp = tempDir();
    await refine(project, "refined.xlsx");
  });
  afterAll(() => {
    project?.cleanup();
    tmp?.cleanup();
  });

  test("are removed when a table is dropped (its file changed) and when the server stops on Ctrl+C", async () => {
    const dashboard = await startDashboard(["--dist-dir", project.dist], { ...project.env, TMPDIR: tmp.path });
    try {
      const first = (await (await fetch(`${dashboard.url}api/table?key=${key}&size=25&sort=organization_name`)).json()) as { total: number; rows: unknown[] };
      expect(first.total).toBeGreaterThan(0);
      expect(first.rows).toHaveLength(25);
      const [dir] = spillDirs(tmp.path);
      expect(dir).toBeDefined();
      expect(statSync(join(tmp.path, dir!, "table.bin")).mode & 0o777).toBe(0o600);

      // The output rewritten (a new modification time): the table is read again, the old file removed.
      const output = join(project.dist, "refined.xlsx");
      utimesSync(output, new Date(), new Date(Date.now() + 5_000));
      const again = (await (await fetch(`${dashboard.url}api/table?key=${key}&size=25&sort=organization_name`)).json()) as { rows: unknown[] };
      expect(again.rows).toEqual(first.rows);
      const now = spillDirs(tmp.path);
      expect(now).toHaveLength(1);
      expect(now[0]).not.toBe(dir);
      expect(existsSync(join(tmp.path, dir!))).toBe(false);
    } finally {
      expect(await dashboard.stop()).toBe(0);
    }
    expect(spillDirs(tmp.path)).toHaveLength(0);
  });
});
