/**
 * The refined table's contract, as far as qa checks it: every refined column is there (the same
 * list `enrich` requires), and `organization_slug` — the table's key — is unique. Reported as
 * expectation results, so the quality report says what broke; a broken contract fails qa in any
 * mode (exit 2), as a source sheet missing a required column fails refine.
 */
import { missingColumns } from "../../enrich/run.ts";
import type { ExpectationResult } from "../../pipeline/events.ts";
import { SSOT_COLUMNS, type CellValue } from "../../pipeline/types.ts";

const MAX_SAMPLES = 5;

export function contractResults(columns: readonly string[], rows: CellValue[][]): ExpectationResult[] {
  const missing = missingColumns(columns);
  const results: ExpectationResult[] = [
    {
      rule: "required_columns",
      scope: "contract",
      success: missing.length === 0,
      failed: missing.length,
      total: SSOT_COLUMNS.length,
      message: missing.length === 0 ? `all ${SSOT_COLUMNS.length} refined columns present` : `missing ${missing.length} refined column(s): ${missing.join(", ")}`,
    },
  ];
  const at = columns.indexOf("organization_slug");
  if (at >= 0) results.push(uniqueSlugs(rows, at));
  return results;
}

function uniqueSlugs(rows: CellValue[][], at: number): ExpectationResult {
  const seen = new Map<string, number>();
  const samples: { row: number; value: string }[] = [];
  let failed = 0;
  let total = 0;
  rows.forEach((row, index) => {
    const value = row[at];
    if (value === null || value === undefined || String(value).trim() === "") return;
    total++;
    const slug = String(value).trim();
    if (seen.has(slug)) {
      failed++;
      if (samples.length < MAX_SAMPLES) samples.push({ row: index + 1, value: slug });
    } else seen.set(slug, index + 1);
  });
  return {
    rule: "unique",
    scope: "contract",
    column: "organization_slug",
    success: failed === 0,
    failed,
    total,
    mostly: 1,
    message: `organization_slug is unique (the table's key): ${failed} of ${total} rows repeat an earlier slug`,
    samples,
  };
}
