#!/usr/bin/env bun
/**
 * The spill store against an embedded database: would SQLite (built into the runtime as
 * `bun:sqlite`, so it costs the single binary nothing in size, start-up or cross-builds) keep a
 * spilling run's records better than the store's partition files of JSON lines
 * (src/pipeline/spill/)? Loads and normalises one benchmark shape in this process, then times the
 * store's job both ways, alternated: every record written to its partition (by slug hash), then
 * every partition read back whole, in input order, as records. Three ways:
 *
 * - `lines`: the store as refine uses it (PartitionWriters, readAllLines, the spill codec);
 * - `sqlite-json`: one table of (partition, order, the codec's JSON line), clustered by
 *   partition and order (WITHOUT ROWID), written in one transaction with journalling off;
 * - `sqlite-columns`: the record's 22 fields as columns of their own (the contact lists as JSON),
 *   read back as objects; what a "let the database hold the table" design would do.
 *
 *   bun run bench/engines.ts 100000 --shape aviation-dense --runs 3
 *
 * Prints each way's write and read seconds and the bytes it left on disk, as medians.
 */
import { Database } from "bun:sqlite";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSources } from "../src/pipeline/load/index.ts";
import { EventBus } from "../src/pipeline/events.ts";
import { normaliseRecords } from "../src/pipeline/normalise.ts";
import { decodeRecord, encodeRecord } from "../src/pipeline/spill/codec.ts";
import { readAllLines } from "../src/pipeline/spill/lines.ts";
import { SpillStore } from "../src/pipeline/spill/store.ts";
import { loadProfile } from "../src/profiles/index.ts";
import type { RawRecord, RefineOptions } from "../src/pipeline/types.ts";
import { median, spread, table } from "./measure.ts";
import { isShape, SHAPES, shapeData } from "./shapes.ts";

const argv = process.argv.slice(2);
const option = (flag: string): string | undefined => {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv.splice(at, 2)[1] : undefined;
};
const shape = option("--shape") ?? "aviation-dense";
const runs = Number(option("--runs") ?? 3);
const orgs = Number(argv[0] ?? 100_000);
if (!isShape(shape) || argv.length > 1 || !Number.isInteger(orgs) || !(runs >= 1)) {
  console.error(`usage: bun run bench/engines.ts [N] [--shape ${SHAPES.join("|")}] [--runs N]`);
  process.exit(2);
}

const data = await shapeData(shape, orgs);
process.env.HOTPASS_WORKERS = "0";
const profile = await loadProfile(data.profile, []);
const options = { inputDir: data.dir, profile, countryCode: "ZA", maxUncompressedBytes: 2 ** 36, memoryBudgetBytes: 2 ** 40 } as RefineOptions;
const { records } = normaliseRecords((await loadSources(options, new EventBus([]))).records, { countryCode: "ZA" });
const PARTITIONS = Math.min(128, Math.max(8, Math.ceil(records.length / 6000)));
console.log(`${records.length} records of ${shape} at ${orgs} organisations, ${PARTITIONS} partitions, ${runs} run(s) of each way, alternated`);

interface Timed {
  write: number;
  read: number;
  bytes: number;
}

/** The store as refine uses it. */
function lines(dir: string, partitionOf: (r: RawRecord) => number): Promise<Timed> {
  return timed(dir, async () => {
    const store = SpillStore.create(dir, PARTITIONS);
    const writers = store.writers("raw", "main");
    for (const record of records) writers.add(partitionOf(record), encodeRecord(record));
    writers.close();
    return async () => {
      let n = 0;
      for (let p = 0; p < PARTITIONS; p++) n += (await readAllLines(store.path("raw", p, "main"))).map((line) => decodeRecord(line)).length;
      return n;
    };
  });
}

function sqliteJson(dir: string, partitionOf: (r: RawRecord) => number): Promise<Timed> {
  return timed(dir, async () => {
    const db = openDb(dir, "CREATE TABLE raw (p INTEGER, seq INTEGER, line TEXT, PRIMARY KEY (p, seq)) WITHOUT ROWID");
    const insert = db.prepare("INSERT INTO raw VALUES (?, ?, ?)");
    db.transaction(() => {
      for (const record of records) insert.run(partitionOf(record), record.input_order, encodeRecord(record));
    })();
    return async () => {
      const select = db.prepare("SELECT line FROM raw WHERE p = ? ORDER BY seq");
      let n = 0;
      for (let p = 0; p < PARTITIONS; p++) n += (select.values(p) as [string][]).map(([line]) => decodeRecord(line)).length;
      db.close();
      return n;
    };
  });
}

const FIELDS = ["organization_name", "source_dataset", "source_record_id", "source_priority", "input_order", "province", "area", "address", "category", "organization_type", "status", "website", "planes", "description", "notes", "last_interaction_date", "priority", "organization_slug"] as const;
const LISTS = ["contact_names", "contact_roles", "contact_emails", "contact_phones"] as const;

function sqliteColumns(dir: string, partitionOf: (r: RawRecord) => number): Promise<Timed> {
  return timed(dir, async () => {
    const columns = [...FIELDS, ...LISTS];
    const db = openDb(dir, `CREATE TABLE raw (p INTEGER, ${columns.join(", ")}, PRIMARY KEY (p, input_order)) WITHOUT ROWID`);
    const insert = db.prepare(`INSERT INTO raw VALUES (?${", ?".repeat(columns.length)})`);
    db.transaction(() => {
      for (const r of records) insert.run(partitionOf(r), ...FIELDS.map((f) => r[f] ?? null), ...LISTS.map((f) => JSON.stringify(r[f])));
    })();
    return async () => {
      const select = db.prepare(`SELECT ${columns.join(", ")} FROM raw WHERE p = ? ORDER BY input_order`);
      let n = 0;
      for (let p = 0; p < PARTITIONS; p++) {
        for (const row of select.all(p) as Record<string, string | number | null>[]) {
          for (const list of LISTS) row[list] = JSON.parse(row[list] as string);
          n++;
        }
      }
      db.close();
      return n;
    };
  });
}

function openDb(dir: string, schema: string): Database {
  const db = new Database(join(dir, "spill.sqlite"));
  db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE;");
  db.exec(schema);
  return db;
}

/** Times `write` (which returns the read), then the read; checks every record came back. */
async function timed(dir: string, write: () => Promise<() => Promise<number>>): Promise<Timed> {
  Bun.gc(true);
  let t = performance.now();
  const read = await write();
  const written = (performance.now() - t) / 1000;
  const bytes = folderBytes(dir);
  Bun.gc(true);
  t = performance.now();
  const back = await read();
  const readSeconds = (performance.now() - t) / 1000;
  if (back !== records.length) throw new Error(`read back ${back} of ${records.length} records`);
  return { write: written, read: readSeconds, bytes };
}

function folderBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) if (entry.isFile()) bytes += statSync(join(entry.parentPath, entry.name)).size;
  return bytes;
}

const ways = { lines, "sqlite-json": sqliteJson, "sqlite-columns": sqliteColumns };
const results = new Map<string, Timed[]>(Object.keys(ways).map((name) => [name, []]));
const partitioner = SpillStore.open("", PARTITIONS);
const partitionOf = (record: RawRecord) => partitioner.partitionOf(record.organization_slug ?? "");
for (let run = 0; run < runs; run++) {
  for (const [name, way] of Object.entries(ways)) {
    const dir = mkdtempSync(join(tmpdir(), "hotpass-engines-"));
    try {
      const result = await way(dir, partitionOf);
      results.get(name)!.push(result);
      console.log(`${name}: write ${result.write.toFixed(2)} s, read ${result.read.toFixed(2)} s, ${(result.bytes / 2 ** 20).toFixed(0)} MiB on disk`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
console.log(
  "\n" +
    table(
      ["way", "write s", "read s", "write + read s", "on disk MiB"],
      [...results].map(([name, timings]) => [
        name,
        spread(timings.map((t) => t.write)),
        spread(timings.map((t) => t.read)),
        median(timings.map((t) => t.write + t.read)).toFixed(2),
        (median(timings.map((t) => t.bytes)) / 2 ** 20).toFixed(0),
      ]),
    ),
);
