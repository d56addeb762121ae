/**
 * Arranges the sheets of one workbook as a profile source: which sheet the others join to (the
 * one where a shared ID column is unique), how each other sheet joins it (a shared ID column whose
 * values are found there, with the organisation name as fallback; else the organisation name),
 * the primary sheet's key, and which sheets are left out and why. Every guess carries its evidence.
 */
import { foldHeader } from "../../pipeline/load/map.ts";
import { isUnique, type SheetAnalysis } from "./sheets.ts";

/** A joined sheet's key values must be found in the primary sheet at least this often. */
const MIN_OVERLAP = 0.5;

export interface Evidence {
  matched: number;
  total: number;
}

export interface JoinPlan {
  on: string;
  to: string;
  fallback_on?: string;
  fallback_to?: string;
  /** "id": a shared column other than the name; "name": the organisation name columns. */
  via: "id" | "name";
  evidence: Evidence;
}

export interface Arrangement {
  primary: SheetAnalysis;
  /** Column index of the primary's key, and why it was chosen. */
  key?: { index: number; reason: string };
  /** True when no shared ID made the choice of primary sheet: it is the first sheet with organisations. */
  primaryByOrder: boolean;
  joined: { sheet: SheetAnalysis; join: JoinPlan }[];
  skipped: { sheet: SheetAnalysis; reason: string }[];
}

export function orgColumn(sheet: SheetAnalysis): number | undefined {
  return sheet.matches.find((m) => m.field === "organization_name")?.index;
}

function unmapped(sheet: SheetAnalysis): number[] {
  const mapped = new Set(sheet.matches.map((m) => m.index));
  return sheet.headers.map((_, i) => i).filter((i) => !mapped.has(i) && foldHeader(sheet.headers[i]!) !== "" && (sheet.columns[i]?.filled ?? 0) > 0);
}

/** How many of `from`'s distinct values in column `a` appear in `to`'s column `b`. */
function overlap(from: SheetAnalysis, a: number, to: SheetAnalysis, b: number): Evidence {
  const values = from.columns[a]?.values ?? new Set<string>();
  const target = to.columns[b]?.values ?? new Set<string>();
  let matched = 0;
  for (const value of values) if (target.has(value)) matched++;
  return { matched, total: values.size };
}

/** The best shared ID column by which `sheet` joins `primary` (unique there, values found there). */
function idJoin(sheet: SheetAnalysis, primary: SheetAnalysis): { a: number; b: number; evidence: Evidence } | undefined {
  let best: { a: number; b: number; evidence: Evidence } | undefined;
  for (const a of unmapped(sheet)) {
    const b = unmapped(primary).find((i) => foldHeader(primary.headers[i]!) === foldHeader(sheet.headers[a]!));
    if (b === undefined || !isUnique(primary.columns[b])) continue;
    const evidence = overlap(sheet, a, primary, b);
    if (evidence.total === 0 || evidence.matched / evidence.total < MIN_OVERLAP) continue;
    if (!best || evidence.matched / evidence.total > best.evidence.matched / best.evidence.total) best = { a, b, evidence };
  }
  return best;
}

const ID_LIKE = /(^|[^a-z])(id|key|code|ref|no|number)$|^id/i;

export function arrangeSheets(sheets: SheetAnalysis[]): Arrangement | undefined {
  const withRows = sheets.filter((s) => s.rows > 0);
  const orgSheets = withRows.filter((s) => orgColumn(s) !== undefined);
  if (orgSheets.length === 0) return undefined;

  // The primary sheet is the one most other sheets can join by an ID that is unique in it.
  const scored = orgSheets.map((sheet) => ({ sheet, score: withRows.filter((other) => other !== sheet && idJoin(other, sheet)).length }));
  const top = Math.max(...scored.map((s) => s.score));
  const primary = scored.find((s) => s.score === top)!.sheet;
  const arrangement: Arrangement = { primary, primaryByOrder: top === 0 && orgSheets.length > 1, joined: [], skipped: [] };

  const primaryOrg = orgColumn(primary)!;
  for (const sheet of withRows) {
    if (sheet === primary) continue;
    const org = orgColumn(sheet);
    const byId = idJoin(sheet, primary);
    if (byId) {
      const join: JoinPlan = { on: sheet.headers[byId.a]!, to: primary.headers[byId.b]!, via: "id", evidence: byId.evidence };
      if (org !== undefined) Object.assign(join, { fallback_on: sheet.headers[org]!, fallback_to: primary.headers[primaryOrg]! });
      arrangement.joined.push({ sheet, join });
    } else if (org !== undefined) {
      const evidence = overlap(sheet, org, primary, primaryOrg);
      arrangement.joined.push({ sheet, join: { on: sheet.headers[org]!, to: primary.headers[primaryOrg]!, via: "name", evidence } });
    } else {
      const reason = sheet.matches.length === 0 ? "no column maps to a field" : `no organisation column, and no ID column shared with "${primary.sheet}"`;
      arrangement.skipped.push({ sheet, reason });
    }
  }
  for (const sheet of sheets.filter((s) => s.rows === 0)) arrangement.skipped.push({ sheet, reason: "no data rows" });

  // The key: the ID the joins use, else a unique ID-looking column, else a unique organisation name.
  const joinedBy = arrangement.joined.find((j) => j.join.via === "id")?.join.to;
  const keyIndex = joinedBy !== undefined ? primary.headers.indexOf(joinedBy) : undefined;
  if (keyIndex !== undefined && keyIndex >= 0) arrangement.key = { index: keyIndex, reason: "the other sheets join on it; unique here" };
  else {
    const id = unmapped(primary).find((i) => ID_LIKE.test(primary.headers[i]!.trim()) && isUnique(primary.columns[i]) && primary.columns[i]!.filled === primary.rows);
    if (id !== undefined) arrangement.key = { index: id, reason: "unique in every row" };
    else if (isUnique(primary.columns[primaryOrg])) arrangement.key = { index: primaryOrg, reason: "the organisation name is unique here" };
  }
  return arrangement;
}
