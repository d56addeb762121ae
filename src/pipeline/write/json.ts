/**
 * The .json output: a JSON array with one object per row, one row per line. It is valid JSON for
 * any parser (`JSON.parse`, `jq '.[]'`) and still line-diffable; keys follow the column order.
 */
import type { CellValue } from "../types.ts";

export function jsonText(columns: readonly string[], rows: CellValue[][]): string {
  const parts: string[] = [];
  for (const row of rows) {
    const object: Record<string, CellValue> = {};
    for (let i = 0; i < columns.length; i++) object[columns[i]!] = row[i] ?? null;
    parts.push(JSON.stringify(object));
  }
  return parts.length ? `[\n${parts.join(",\n")}\n]\n` : "[]\n";
}
