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
