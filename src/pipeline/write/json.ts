/**
 * The .json output: a JSON array with one object per row, one row per line. It is valid JSON for
 * any parser (`JSON.parse`, `jq '.[]'`) and still line-diffable; keys follow the column order.
 */
import type { CellValue } from "../types.ts";

export function jsonText(columns: readonly string[], rows: CellValue[][]): string {
  const keys = columns.map((name) => JSON.stringify(name));
  const parts: string[] = ["["];
  rows.forEach((row, r) => {
    let line = "{";
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) line += ",";
      line += `${keys[i]}:${JSON.stringify(row[i] ?? null)}`;
    }
    parts.push(`${r === 0 ? "\n" : ",\n"}${line}}`);
  });
  parts.push(rows.length ? "\n]\n" : "]\n");
  return parts.join("");
}
