/**
 * The .json output: a JSON array with one object per row, one row per line. It is valid JSON for
 * any parser (`JSON.parse`, `jq '.[]'`) and still line-diffable; keys follow the column order.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { CellValue } from "../types.ts";

/** Writes the table to `path` in chunks, so a 100,000-row table never becomes one string. */
export function writeJsonFile(path: string, columns: readonly string[], rows: CellValue[][]): void {
  const fd = openSync(path, "w");
  try {
    let chunk = rows.length ? "[\n" : "[]\n";
    rows.forEach((row, r) => {
      const object: Record<string, CellValue> = {};
      for (let i = 0; i < columns.length; i++) object[columns[i]!] = row[i] ?? null;
      chunk += (r === 0 ? "" : ",\n") + JSON.stringify(object);
      if (chunk.length >= 1 << 20) {
        writeSync(fd, chunk);
        chunk = "";
      }
    });
    if (rows.length) chunk += "\n]\n";
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}
