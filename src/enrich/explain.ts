/**
 * `explain-provenance`: everything recorded about where one organisation's values came from —
 * refine's `selection_provenance` (which source won each field, and the alternatives) and the
 * enrichment provenance (what was filled or checked, from where, how sure, with what network).
 */
import { escapeControl } from "../log/escape.ts";
import { contractError, usageError } from "../errors.ts";
import { readTable, type Table } from "../formats/index.ts";
import { closest } from "../text/distance.ts";
import { explainCells, type Explanation } from "./explain-row.ts";

export type { Explanation } from "./explain-row.ts";

/** Up to three slugs that look like what was typed. */
export function closeSlugs(wanted: string, slugs: string[]): string[] {
  return closest(wanted, slugs, 3);
}

export async function explainProvenance(dataset: string, slug: string): Promise<Explanation> {
  return explainRow(await readTable(dataset), slug);
}

/** The explanation of one row of a table already read (a server keeps loaded tables). */
export function explainRow(table: Table, slug: string): Explanation {
  const dataset = table.path;
  const slugIndex = table.columns.indexOf("organization_slug");
  if (slugIndex < 0) {
    throw contractError(`${dataset} has no organization_slug column: it is not a refined or enriched output`);
  }
  const row = table.rows.find((cells) => String(cells[slugIndex] ?? "") === slug);
  if (!row) {
    const slugs = table.rows.map((cells) => String(cells[slugIndex] ?? "")).filter((s) => s !== "");
    const close = closeSlugs(slug, slugs);
    throw usageError(
      `no organisation with organization_slug '${slug}' in ${dataset} (${slugs.length} organisations)`,
      close.length > 0 ? `did you mean: ${close.join(", ")}?` : "slugs are lower-case words joined by '-', e.g. 360-aviation-pty-ltd",
    );
  }
  return explainCells(dataset, table.columns, row);
}

function inline(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return value.map(inline).join(" | ");
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(", ");
}

/** The human form: one block for refine's choices, one for enrichment. */
export function renderExplanation(e: Explanation): string {
  const lines = [`${e.organization_name ?? "(no name)"} (${e.organization_slug}) in ${e.dataset}`, "", "refine: selection provenance"];
  const selection = e.selection_provenance;
  if (selection === null || selection === undefined) lines.push("  (none recorded)");
  else if (typeof selection === "object" && !Array.isArray(selection)) {
    for (const [field, detail] of Object.entries(selection as Record<string, unknown>)) lines.push(`  ${field}: ${inline(detail)}`);
  } else lines.push(`  ${inline(selection)}`);
  lines.push("", "enrichment");
  if (e.enrichment.length === 0) lines.push("  (nothing enriched)");
  for (const entry of e.enrichment) {
    lines.push(`  ${entry.field} = ${entry.value ?? ""}`);
    lines.push(`    source ${entry.source}; confidence ${entry.confidence ?? "-"}; strategy ${entry.strategy}`);
    lines.push(`    at ${entry.timestamp}; network ${entry.network_status}`);
  }
  // Each entry is one line: values from the table are escaped so none can break it.
  return lines.map(escapeControl).join("\n");
}
