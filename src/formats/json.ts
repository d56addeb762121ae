/**
 * `.json`: a JSON array with one object per row, one row per line — valid JSON for any parser
 * (`JSON.parse`, `jq '.[]'`) and still line-diffable; keys follow the column order. Read back,
 * a file may also be JSON lines (one object per line, `.jsonl` / `.ndjson`), decided by its first
 * character.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { toCell } from "./_cells.ts";
import type { Cell, Format, RowSource, TableFile, TableSink } from "./types.ts";

/** Writes the table to `path` in chunks, so a 100,000-row table never becomes one string. */
export function writeJsonFile(path: string, columns: readonly string[], rows: RowSource): void {
  const fd = openSync(path, "w");
  try {
    let chunk = rows.length ? "[\n" : "[]\n";
    for (let r = 0; r < rows.length; r++) {
      const row = rows.row(r);
      const object: Record<string, Cell> = {};
      for (let i = 0; i < columns.length; i++) object[columns[i]!] = row[i] ?? null;
      chunk += (r === 0 ? "" : ",\n") + JSON.stringify(object);
      if (chunk.length >= 1 << 20) {
        writeSync(fd, chunk);
        chunk = "";
      }
    }
    if (rows.length) chunk += "\n]\n";
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/** A JSON array of objects, or JSON lines (one object per line). */
async function readJson(file: TableFile, _options: unknown, sink: TableSink): Promise<void> {
  const trimmed = new TextDecoder().decode(await file.bytes()).trimStart();
  let objects: unknown[];
  if (trimmed.startsWith("[")) {
    objects = JSON.parse(trimmed) as unknown[];
  } else {
    objects = trimmed
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "")
      .map((line, index) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          throw new Error(`line ${index + 1} is not JSON`);
        }
      });
  }
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const object of objects) {
    if (object === null || typeof object !== "object" || Array.isArray(object)) {
      throw new Error("expected an array of row objects (or one object per line)");
    }
    for (const key of Object.keys(object)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  sink.columns(columns);
  for (const object of objects) sink.row(columns.map((column) => toCell((object as Record<string, unknown>)[column])));
}

export const json: Format = {
  name: "json",
  title: "a JSON array of one object per row, one row per line (read back: JSON lines too)",
  suffixes: [".json"],
  mediaType: "application/json",
  textual: true,
  read: readJson,
  write: async (target, columns, rows) => writeJsonFile(target.temp, columns, rows),
};

export const jsonLines: Format = {
  name: "jsonl",
  title: "JSON lines: one row object per line",
  suffixes: [".jsonl", ".ndjson"],
  mediaType: "application/jsonl",
  textual: true,
  read: readJson,
};
