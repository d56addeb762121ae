/**
 * Loads a workbook no profile source claims, by the profile's column synonyms: every sheet whose
 * headers map an organisation name is read; the mapping chosen (or why a sheet was skipped) is
 * reported, so no file is silently dropped. Records are labelled with the file name and rank
 * below every declared source (priority 0).
 */
import { basename, extname } from "node:path";
import type { Profile } from "../../profiles/types.ts";
import { SheetExpectations } from "./expectations.ts";
import { describePlan, genericPlan, type ColumnPlan } from "./map.ts";
import type { WorkbookReader } from "./reader.ts";
import { newRecord, rowReader } from "./records.ts";
import type { LoadState } from "./state.ts";
import { readTable } from "./table.ts";

export const GENERIC_PRIORITY = 0;

function fileKey(file: string): string {
  const stem = basename(file, extname(file));
  return stem.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "file";
}

/**
 * How well a row serves as the header of a sheet nobody declared: the fields it maps, and an
 * organisation name above all (the best of a sheet's first rows is taken as its header).
 */
export function headerScore(cells: string[], profile: Pick<Profile, "column_synonyms" | "fuzzy_threshold">): number {
  const plan = genericPlan(cells, profile.column_synonyms, profile.fuzzy_threshold);
  return Object.keys(plan).length + (plan.organization_name ? 100 : 0);
}

export async function loadGeneric(reader: WorkbookReader, profile: Profile, state: LoadState): Promise<number> {
  const file = reader.file;
  const label = basename(file);
  const key = fileKey(file);
  const isCsv = reader.sheetless === true;
  const mapHeaders = (headers: string[]) => genericPlan(headers, profile.column_synonyms, profile.fuzzy_threshold);
  const score = (cells: string[]) => headerScore(cells, profile);
  let rows = 0;
  const skipped: string[] = [];
  for (const sheet of reader.sheetNames) {
    const started = performance.now();
    const scope = `source:${label}/${sheet}`;
    let plan: ColumnPlan = {};
    let expectations: SheetExpectations | undefined;
    const table = await readTable(reader, sheet, score, (headers) => {
      plan = mapHeaders(headers);
      if (!plan.organization_name) return null;
      expectations = new SheetExpectations(state.rules.sourceExpectations, scope, { key, label }, { name: sheet }, headers, plan);
      const readRow = rowReader(plan, {});
      return (cells, rowNumber) => {
        expectations!.check(cells, rowNumber);
        const values = readRow(cells);
        const name = values.scalars.organization_name;
        const rejected = state.rejectName(name);
        if (rejected) return state.drop(rejected);
        const id = isCsv ? `${key}:${rowNumber}` : `${key}:${sheet}:${rowNumber}`;
        state.add(newRecord(values, { source_dataset: label, source_record_id: id, source_priority: GENERIC_PRIORITY, input_order: state.nextOrder() }));
        state.settled();
      };
    });
    const headers = table.headers ?? [];
    const where = isCsv ? label : `${label}, sheet "${sheet}"`;
    if (table.headers === undefined) {
      state.notice("sheet_empty", `${where}: empty; nothing read`);
      continue;
    }
    const mapping = describePlan(plan, headers);
    if (!plan.organization_name) {
      const shown = headers.filter((h) => h.trim() !== "").slice(0, 8).join(", ");
      skipped.push(isCsv ? `columns: ${shown || "none"}` : `"${sheet}" (${shown || "no headers"})`);
      continue;
    }
    if (expectations) state.expectations.push(...expectations.finish());
    rows += table.dataRows;
    const described = Object.entries(mapping).map(([field, header]) => `${field} <- ${header}`).join(", ");
    state.notice("generic_mapping", `${where}: not claimed by any profile source; read with the generic mapping (header row ${table.headerRow}): ${described}`);
    state.sources.push({ source: label, file, sheet, rows: table.dataRows, columns: headers, mapping, seconds: (performance.now() - started) / 1000 });
  }
  if (skipped.length > 0) {
    // One line per workbook: a workbook of ten lookup sheets is one finding, not ten.
    const what = isCsv ? `skipped (${skipped[0]})` : `${skipped.length} sheet(s) skipped: ${skipped.join(", ")}`;
    state.notice("sheet_skipped", `${label}: ${what}; no column maps to organization_name (add a synonym to the profile's column_synonyms to read it)`);
  }
  return rows;
}
