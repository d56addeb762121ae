/** The server's compact column store against plain rows: same answers for the same queries. */
import { expect, test } from "bun:test";
import { StoreBuilder } from "../../src/dashboard/store.ts";
import { TableIndex, queryTable, rowsSource } from "../../src/dashboard/table-query.ts";
test("the column store answers every query exactly as plain rows do (page, search with non-ASCII, filters, sort, missing)", () => {
  const rows: (string|number|null)[][] = [];
  for (let i = 0; i < 6000; i++) rows.push([`Name ${i} Ünï`, i % 3 ? "Gauteng" : null, i / 6000, i % 7 === 0 ? null : `x${i}@y.za`]);
  const b = new StoreBuilder(4); for (const r of rows) b.add(r);
  const store = b.done(["organization_name", "province", "data_quality_score", "contact_primary_email"]);
  const a = new TableIndex(store), c = new TableIndex(rowsSource({ columns: store.columns, rows }));
  for (const q of [{page:1,size:50},{page:3,size:20,q:"ünï 12"},{page:1,size:50,province:"Gauteng",sort:"organization_name",dir:"desc" as const},{page:2,size:10,missing:"contact_primary_email",minScore:0.2}]) {
    expect(JSON.stringify(queryTable(a, q))).toBe(JSON.stringify(queryTable(c, q)));
  }
});

test("every cell and query survives the store's pages, compressed blocks and the switch from dictionary to text", () => {
  const rows: (string | number | null)[][] = [];
  const huge = "Ω".repeat(3_000_000); // one 6 MB value: larger than a page
  for (let i = 0; i < 20_000; i++) {
    const notes = i % 11 === 0 ? null : JSON.stringify({ name: { value: `Org ${i}`, source: "Contact Database", id: `contact:${i}`, seen: ["2021-03-26", "Ünïcode"] }, extra: "x".repeat(200 + (i % 300)) });
    rows.push([
      i === 7_777 ? huge : `Org ${i} ${i % 5 ? "flight school" : "Aéroclub ŠKODA"}`,
      i % 4 ? "Gauteng" : "Western Cape",
      notes,
      i % 13 === 0 ? null : (i % 1000) / 1000,
      // Few distinct values for the first half (a dictionary), then every value new (text).
      i < 10_000 ? `code ${i % 7}` : `code ${i}`,
    ]);
  }
  const columns = ["organization_name", "province", "notes", "data_quality_score", "code"];
  const builder = new StoreBuilder(columns.length);
  for (const row of rows) builder.add(row);
  const store = builder.done(columns);
  for (let i = 0; i < rows.length; i += 1) expect(store.row(i)).toEqual(rows[i]!);
  // Out of order too (each read inflates or finds its block).
  for (const i of [19_999, 0, 7_777, 15, 10_000, 9_999, 3]) expect(store.row(i)).toEqual(rows[i]!);
  const a = new TableIndex(store);
  const b = new TableIndex(rowsSource({ columns, rows }));
  for (const q of [
    { page: 1, size: 50, q: "škoda" },
    { page: 7, size: 100, q: "contact:19" },
    { page: 1, size: 50, q: "ωωω" },
    { page: 2, size: 50, q: "code 12" },
    { page: 3, size: 50, sort: "notes", dir: "desc" as const },
    { page: 1, size: 500, sort: "code", province: "Western Cape" },
    { page: 4, size: 20, missing: "notes", minScore: 0.1, maxScore: 0.6 },
  ]) {
    expect(JSON.stringify(queryTable(a, q))).toBe(JSON.stringify(queryTable(b, q)));
  }
});
