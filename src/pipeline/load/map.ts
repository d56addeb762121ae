/**
 * Header -> canonical field mapping. Headers are compared after folding case, spaces and
 * punctuation (`Contact Email-Address` = `contact email address`); the generic mapping also
 * accepts a near spelling whose similarity reaches the profile's `fuzzy_threshold`.
 */
import type { CanonicalField, SheetSpec } from "../../profiles/types.ts";
import { CANONICAL_FIELDS } from "../../profiles/types.ts";
import { similarity } from "../../text/distance.ts";
import { columnIndex, columnLetters } from "./cells.ts";

/** Canonical field -> the columns it reads, in order. */
export type ColumnPlan = Partial<Record<CanonicalField, number[]>>;

/** Fields that gather a value from every column mapped to them. */
export const MULTI_VALUED: ReadonlySet<CanonicalField> = new Set(["contact_email", "contact_phone"]);

export function foldHeader(header: string): string {
  return header
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** The column a spelling names: `column:E` by letter, otherwise the first header that folds equal. */
export function findColumn(headers: string[], spelling: string): number {
  const byLetter = /^column:([A-Za-z]{1,3})$/.exec(spelling.trim());
  if (byLetter) return columnIndex(byLetter[1]!.toUpperCase());
  const wanted = foldHeader(spelling);
  return headers.findIndex((header) => foldHeader(header) === wanted);
}

/** The header's display name for reports (`column E` for a blank header). */
export function headerName(headers: string[], index: number): string {
  const header = headers[index]?.trim();
  return header ? header : `column ${columnLetters(index)}`;
}

/** The plan for a sheet the profile declares: `columns` (first spelling found) then `combine`. */
export function declaredPlan(sheet: SheetSpec, headers: string[]): ColumnPlan {
  const plan: ColumnPlan = {};
  for (const [field, spellings] of Object.entries(sheet.columns) as [CanonicalField, string[]][]) {
    for (const spelling of spellings) {
      const index = findColumn(headers, spelling);
      if (index >= 0) {
        plan[field] = [index];
        break;
      }
    }
  }
  for (const [field, spellings] of Object.entries(sheet.combine ?? {}) as [CanonicalField, string[]][]) {
    const columns = plan[field] ?? [];
    for (const spelling of spellings) {
      const index = findColumn(headers, spelling);
      if (index >= 0 && !columns.includes(index)) columns.push(index);
    }
    if (columns.length > 0) plan[field] = columns;
  }
  return plan;
}

function bestScore(folded: string, synonyms: string[], threshold: number): number {
  let best = 0;
  for (const target of synonyms) {
    if (target === folded) return 1;
    best = Math.max(best, similarity(folded, target, threshold));
  }
  return best >= threshold ? best : 0;
}

/** One header the generic mapping chose for a field, and how closely it matched (1 = exact). */
export interface GenericMatch {
  field: CanonicalField;
  index: number;
  score: number;
}

/**
 * The mapping for a sheet no source declares: each header goes to the field whose synonyms it
 * matches best (exact folds first, then fuzzy); each field takes one header, except contact
 * emails and phones, which take every matching column.
 */
export function genericPlan(headers: string[], synonyms: Partial<Record<CanonicalField, string[]>>, threshold: number): ColumnPlan {
  const plan: ColumnPlan = {};
  for (const { field, index } of genericMatches(headers, synonyms, threshold)) {
    plan[field] = plan[field] ? [...plan[field]!, index].sort((a, b) => a - b) : [index];
  }
  return plan;
}

/** The matches behind `genericPlan`, with their scores (`hotpass init` comments on the fuzzy ones). */
export function genericMatches(headers: string[], synonyms: Partial<Record<CanonicalField, string[]>>, threshold: number): GenericMatch[] {
  const folded = CANONICAL_FIELDS.map((field) => (synonyms[field] ?? []).map(foldHeader));
  const candidates: { field: CanonicalField; index: number; score: number; order: number }[] = [];
  headers.forEach((header, index) => {
    const name = foldHeader(header);
    // Numbers and very long cells are data, not headers (a detected header row may hold them).
    if (name === "" || name.length > 80 || /^\d+$/.test(name)) return;
    CANONICAL_FIELDS.forEach((field, order) => {
      const score = bestScore(name, folded[order]!, threshold);
      if (score > 0) candidates.push({ field, index, score, order });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.index - b.index || a.order - b.order);
  const chosen: GenericMatch[] = [];
  const usedHeaders = new Set<number>();
  const usedFields = new Set<CanonicalField>();
  for (const { field, index, score } of candidates) {
    if (usedHeaders.has(index)) continue;
    if (usedFields.has(field) && !MULTI_VALUED.has(field)) continue;
    chosen.push({ field, index, score });
    usedHeaders.add(index);
    usedFields.add(field);
  }
  return chosen;
}

/** The plan as reported: field -> header(s) it reads (`Phone + WhatsApp`). */
export function describePlan(plan: ColumnPlan, headers: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of CANONICAL_FIELDS) {
    const columns = plan[field];
    if (columns?.length) out[field] = columns.map((index) => headerName(headers, index)).join(" + ");
  }
  return out;
}
