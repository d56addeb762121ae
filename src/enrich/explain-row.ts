/**
 * One row's explanation, from cells already in hand: what `explain-provenance` prints and what
 * the dashboard shows beside a table row (from its cached table, or in a static export). No I/O,
 * so a browser bundle can use it too.
 */
import type { CellValue } from "../pipeline/types.ts";
import { parseProvenance } from "./provenance.ts";
import { PROVENANCE_COLUMNS, type ProvenanceEntry } from "./types.ts";

export interface Explanation {
  dataset: string;
  organization_slug: string;
  organization_name: string | null;
  /** Parsed JSON when it is JSON, the text otherwise, null when the column is empty. */
  selection_provenance: unknown;
  /** One record per enriched field, with the field's current value. */
  enrichment: (ProvenanceEntry & { value: CellValue })[];
}

export function explainCells(dataset: string, columns: readonly string[], row: readonly CellValue[]): Explanation {
  const cell = (column: string): CellValue => {
    const i = columns.indexOf(column);
    return i < 0 ? null : (row[i] ?? null);
  };
  const rawSelection = cell("selection_provenance");
  let selection: unknown = rawSelection;
  if (typeof rawSelection === "string") {
    try {
      selection = JSON.parse(rawSelection);
    } catch {
      // kept as text: older or hand-edited tables
    }
  }
  const entries = parseProvenance(Object.fromEntries(PROVENANCE_COLUMNS.map((c) => [c, cell(c)])));
  const name = cell("organization_name");
  const slug = cell("organization_slug");
  return {
    dataset,
    organization_slug: slug === null ? "" : String(slug),
    organization_name: name === null ? null : String(name),
    selection_provenance: selection,
    enrichment: entries.map((entry) => ({ ...entry, value: cell(entry.field) })),
  };
}
