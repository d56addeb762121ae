/**
 * How per-field provenance is stored in the five provenance columns.
 *
 * A row may have several fields filled or checked, each with its own source, time, confidence,
 * strategy and network status. Each provenance column therefore holds `field=value` pairs joined
 * by `; `, in the same field order in all five columns, e.g.
 *
 *   provenance_source      website=derived:contact_primary_email; province=lookup:organizations.csv
 *   provenance_confidence  website=0.9; province=0.95
 *
 * This stays readable in a spreadsheet cell and filterable with "contains", and `parseProvenance`
 * turns it back into one record per field. A row enrichment did not touch has all five empty.
 */
import type { CellValue } from "../pipeline/types.ts";
import { PROVENANCE_COLUMNS, type ProvenanceEntry } from "./types.ts";

const SEPARATOR = "; ";

/** `;` and line breaks would break the pairs; `=` is fine after the first one. */
function clean(text: string): string {
  return text.replace(/[;\r\n]+/g, ",").trim();
}

/** The five provenance cells for one row (nulls when there is nothing to say). */
export function formatProvenance(entries: ProvenanceEntry[]): CellValue[] {
  if (entries.length === 0) return PROVENANCE_COLUMNS.map(() => null);
  const pairs = (pick: (entry: ProvenanceEntry) => string) =>
    entries.map((entry) => `${entry.field}=${clean(pick(entry))}`).join(SEPARATOR);
  return [
    pairs((e) => e.source),
    pairs((e) => e.timestamp),
    pairs((e) => (e.confidence === null ? "" : String(e.confidence))),
    pairs((e) => e.strategy),
    pairs((e) => e.network_status),
  ];
}

function splitPairs(cell: CellValue | undefined): Map<string, string>[] {
  if (cell === null || cell === undefined || String(cell).trim() === "") return [];
  return String(cell)
    .split(/;\s*/)
    .filter((pair) => pair.trim() !== "")
    .map((pair) => {
      const eq = pair.indexOf("=");
      return new Map([[eq < 0 ? "" : pair.slice(0, eq).trim(), eq < 0 ? pair.trim() : pair.slice(eq + 1).trim()]]);
    });
}

/** One record per field from a row's provenance cells (in the order the fields were written). */
export function parseProvenance(cells: Partial<Record<(typeof PROVENANCE_COLUMNS)[number], CellValue>>): ProvenanceEntry[] {
  const columns = PROVENANCE_COLUMNS.map((column) => splitPairs(cells[column]));
  const fields: string[] = [];
  for (const pairs of columns) {
    for (const pair of pairs) for (const field of pair.keys()) if (!fields.includes(field)) fields.push(field);
  }
  const value = (i: number, field: string) => columns[i]!.find((pair) => pair.has(field))?.get(field) ?? "";
  return fields.map((field) => {
    const confidence = value(2, field);
    return {
      field,
      source: value(0, field),
      timestamp: value(1, field),
      confidence: confidence === "" || Number.isNaN(Number(confidence)) ? null : Number(confidence),
      strategy: value(3, field),
      network_status: value(4, field),
    };
  });
}
