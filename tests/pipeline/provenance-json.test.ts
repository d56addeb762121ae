/**
 * `selection_provenance` is written as JSON text directly (no objects built to stringify). Every
 * output file carries it, so it must be exactly what JSON.stringify makes of the objects it
 * stands for: the same keys in the same order, the same escapes. `expected` below builds those
 * objects the plain way; the two are compared on random rows full of quotes, control characters,
 * lone surrogates and empty values (a record's fields are always there: null when empty). The
 * field list is written out again here on purpose: a change to the one in aggregate.ts changes
 * every output file, and should fail this test.
 */
import { expect, test } from "bun:test";
import { provenanceStore } from "../../src/pipeline/aggregate.ts";
import type { RawRecord } from "../../src/pipeline/types.ts";
import { raw } from "./records.ts";

const FIELDS = [
  ["organization_name", "organization_name"],
  ["province", "province"],
  ["area", "area"],
  ["address", "address_primary"],
  ["category", "organization_category"],
  ["organization_type", "organization_type"],
  ["status", "status"],
  ["website", "website"],
  ["priority", "priority"],
] as const;

function expected(ranked: RawRecord[], qualities: number[]): string {
  const provenance: Record<string, unknown> = {};
  const add = (column: string, get: (row: RawRecord) => string | null) => {
    let chosen: { other_contributors: unknown[] } | undefined;
    ranked.forEach((row, i) => {
      const value = get(row);
      if (value === null || value === "") return;
      if (chosen) chosen.other_contributors.push({ source_dataset: row.source_dataset, source_record_id: row.source_record_id, value });
      else
        chosen = {
          value,
          source_dataset: row.source_dataset,
          source_record_id: row.source_record_id,
          source_priority: row.source_priority,
          row_quality: qualities[i],
          last_interaction_date: row.last_interaction_date,
          other_contributors: [],
        } as { other_contributors: unknown[] };
    });
    if (chosen) provenance[column] = chosen;
  };
  for (const [field, column] of FIELDS) add(column, (r) => r[field] as string | null);
  add("contact_primary_email", (r) => r.contact_emails[0] ?? null);
  add("contact_primary_phone", (r) => r.contact_phones[0] ?? null);
  return JSON.stringify(provenance);
}

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x6d2b79f5) >>> 0;
    return state / 2 ** 32;
  };
}

const PIECES = ["Aero", " club ", '"', "\\", "\n", "\t", "\r", "\b", "\f", "\u0000", "\u001f", "\u007f", "é", "ß\u0800", "😀", "\ud800", "\udc00", "\u2028", "\ufffe", "&<>", "</script>", ",", ":", "{", "]", "0", "1.5"];

test("the provenance JSON is exactly JSON.stringify of its objects, on 20,000 random organisations", () => {
  const next = random(20261201);
  const text = (): string | null => {
    const roll = next();
    if (roll < 0.2) return null;
    if (roll < 0.3) return "";
    return Array.from({ length: 1 + Math.floor(next() * 4) }, () => PIECES[Math.floor(next() * PIECES.length)]).join("");
  };
  const list = () => Array.from({ length: Math.floor(next() * 3) }, () => text() ?? "");
  const store = provenanceStore();
  for (let n = 0; n < 20_000; n++) {
    const ranked = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, i) => {
      const row = raw({ source_dataset: `Source ${i}`, source_record_id: text() ?? `id:${n}:${i}`, source_priority: Math.floor(next() * 4) });
      for (const [field] of FIELDS) (row as unknown as Record<string, unknown>)[field] = text();
      row.last_interaction_date = text();
      row.contact_emails = list();
      row.contact_phones = list();
      return row;
    });
    const qualities = ranked.map(() => (next() < 0.05 ? Number.NaN : Math.floor(next() * 6)));
    const made = store.text(store.pack(ranked, qualities));
    if (made !== expected(ranked, qualities)) expect(made).toBe(expected(ranked, qualities));
  }
});

test("an organisation with no values at all has an empty provenance object", () => {
  const ranked = [raw({ source_dataset: "A", source_record_id: "a:1" })];
  const store = provenanceStore();
  expect(store.text(store.pack(ranked, [0]))).toBe("{}");
});

test("long values, many source rows and a pack larger than the store's pieces come out whole", () => {
  const store = provenanceStore();
  const kept: [number, string][] = [];
  const check = (ranked: RawRecord[]) => {
    const qualities = ranked.map((_, i) => i % 6);
    const handle = store.pack(ranked, qualities);
    kept.push([handle, expected(ranked, qualities)]);
    if (store.text(handle) !== kept.at(-1)![1]) expect(store.text(handle)).toBe(kept.at(-1)![1]);
  };
  // Lengths that need two and three bytes to say, and 300 rows offering a value for one field.
  check([raw({ source_dataset: "A", source_record_id: "a:1", organization_name: "x".repeat(200), address: '"é'.repeat(9_000) })]);
  check(Array.from({ length: 300 }, (_, i) => raw({ source_dataset: `S${i % 3}`, source_record_id: `s:${i}`, organization_name: `Name ${i}`, province: i % 2 ? null : "Gauteng" })));
  // 5 MiB in one value: a pack of its own, beside small ones before and after it.
  check([raw({ source_dataset: "A", source_record_id: "a:2", organization_name: "small" })]);
  check([raw({ source_dataset: "A", source_record_id: "a:3", organization_name: "😀\n".repeat(1_400_000) })]);
  check([raw({ source_dataset: "A", source_record_id: "a:4", organization_name: "after" })]);
  // Every pack still reads back once the later ones are stored.
  expect(kept.filter(([handle, text]) => store.text(handle) !== text).length).toBe(0);
});
