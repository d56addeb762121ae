/**
 * Infers a profile from a folder of workbooks: one source per workbook family, the sheets that
 * hold organisations (refine's header detection and generic mapping, with the bundled generic
 * profile's synonyms), joins and keys proposed from shared columns, priorities left for the user,
 * and a comment on every guess that was not certain.
 */
import { basename } from "node:path";
import { discoverFiles } from "../../pipeline/load/discover.ts";
import { columnLetters } from "../../pipeline/load/cells.ts";
import { loadProfile } from "../../profiles/index.ts";
import type { CanonicalField } from "../../profiles/types.ts";
import { groupFamilies, type Family } from "./families.ts";
import { arrangeSheets, type Arrangement, type JoinPlan } from "./joins.ts";
import { analyseWorkbook, type SheetAnalysis, type WorkbookAnalysis } from "./sheets.ts";

/** A YAML comment attached to the node at `path` (after it on its line, or on the lines before). */
export interface Comment {
  path: (string | number)[];
  text: string;
  before?: boolean;
}

export type ProfileDocument = Record<string, unknown>;

export interface InferredProfile {
  document: ProfileDocument;
  comments: Comment[];
  /** What was found, for the summary printed by `hotpass init`. */
  sources: { label: string; pattern: string; files: string[]; sheets: string[]; skipped: string[] }[];
  /** Workbooks from which no organisation sheet could be inferred. */
  unused: { file: string; reason: string }[];
  uncertain: number;
}

/** Generic words a synonym may match that often mean something else. */
const AMBIGUOUS = new Set(["name", "date", "type", "contact", "title", "web", "site", "cell", "mail", "region", "location", "business", "school", "organisation", "organization"]);

export async function inferProfile(dataDir: string, options: { name: string; maxUncompressedBytes?: number }): Promise<InferredProfile> {
  const generic = await loadProfile("generic", []);
  const { files } = discoverFiles(dataDir);
  const limit = options.maxUncompressedBytes ?? 1024 ** 3;
  const analyses = new Map<string, WorkbookAnalysis>();
  for (const file of files) analyses.set(file, await analyseWorkbook(file, generic, limit));

  const comments: Comment[] = [];
  const sources: Record<string, unknown>[] = [];
  const found: InferredProfile["sources"] = [];
  const unused: InferredProfile["unused"] = [];
  const keys = new Set<string>();
  for (const family of groupFamilies(files)) {
    const first = analyses.get(family.files[0]!)!;
    const arrangement = arrangeSheets(first.sheets);
    if (!arrangement) {
      for (const file of family.files) unused.push({ file, reason: "no sheet has a column that maps to organization_name" });
      continue;
    }
    const at = ["sources", sources.length];
    const source = sourceFor(family, first, arrangement, analyses, uniqueKey(family.label, keys), at, comments);
    sources.push(source);
    found.push({
      label: family.label,
      pattern: family.pattern,
      files: family.files.map((f) => basename(f)),
      sheets: [arrangement.primary, ...arrangement.joined.map((j) => j.sheet)].map((s) => s.sheet),
      skipped: arrangement.skipped.map((s) => s.sheet.sheet),
    });
  }

  const document: ProfileDocument = {
    name: options.name,
    display_name: `${options.name} (inferred by hotpass init)`,
    country_code: generic.country_code,
    fuzzy_threshold: generic.fuzzy_threshold,
    placeholder_names: generic.placeholder_names ?? [],
    sources,
    column_synonyms: generic.column_synonyms,
  };
  comments.push({ path: ["country_code"], text: "default region for phone numbers: change it if your numbers are not South African" });
  comments.push({ path: ["column_synonyms"], text: "used for workbooks no source claims (the bundled generic profile's): add your own spellings here", before: true });
  if (sources.length > 0) comments.push({ path: ["sources"], text: "one source per workbook family; check each comment marked CHECK", before: true });
  return { document, comments, sources: found, unused, uncertain: comments.filter((c) => c.text.startsWith("CHECK")).length };
}

function uniqueKey(label: string, taken: Set<string>): string {
  const base = label.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "source";
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  taken.add(key);
  return key;
}

function sourceFor(
  family: Family,
  first: WorkbookAnalysis,
  arrangement: Arrangement,
  analyses: Map<string, WorkbookAnalysis>,
  key: string,
  at: (string | number)[],
  comments: Comment[],
): Record<string, unknown> {
  const note = (path: (string | number)[], text: string, before = false) => comments.push({ path: [...at, ...path], text, before });
  const source: Record<string, unknown> = { label: family.label, key, pattern: family.pattern, priority: 1, sheets: [] };
  const others = family.files.slice(1).map((f) => basename(f));
  note(["pattern"], family.exact ? `CHECK: the exact file name (a wider pattern would claim another family's file)` : `claims ${family.files.map((f) => basename(f)).join(", ")}${family.files.length > 1 ? "" : "; widen it if later deliveries are named differently"}`);
  note(["priority"], "CHECK: which source wins when values conflict (higher wins); every source starts at 1");
  if (others.length > 0) note(["sheets"], `sheets read from ${basename(first.file)} (the first of ${family.files.length} files)`, true);

  const ordered = [arrangement.primary, ...arrangement.joined.map((j) => j.sheet)];
  const sheets = source.sheets as Record<string, unknown>[];
  ordered.forEach((sheet, i) => {
    const join = i === 0 ? undefined : arrangement.joined[i - 1]!.join;
    sheets.push(sheetFor(sheet, join, i === 0 ? arrangement : undefined, first.sheetless, [...at, "sheets", i], comments));
    const missingIn = family.files.slice(1).filter((file) => !analyses.get(file)!.sheets.some((s) => s.sheet === sheet.sheet));
    if (missingIn.length > 0 && i > 0) {
      sheets[i]!.optional = true;
      note(["sheets", i, "optional"], `not in ${missingIn.map((f) => basename(f)).join(", ")}`);
    }
  });
  if (arrangement.primaryByOrder) note(["sheets", 0, "name"], "CHECK: no shared ID column: the first sheet with organisations is the one the others join to");
  if (arrangement.skipped.length > 0) {
    const skipped = arrangement.skipped.map((s) => `"${s.sheet.sheet}" (${s.reason})`).join(", ");
    note(["sheets"], `not read: ${skipped}`, true);
  }
  return source;
}

function spellingOf(sheet: SheetAnalysis, index: number): string {
  const header = sheet.headers[index]?.trim();
  return header ? header : `column:${columnLetters(index)}`;
}

function sheetFor(
  sheet: SheetAnalysis,
  join: JoinPlan | undefined,
  primary: Arrangement | undefined,
  sheetless: boolean,
  at: (string | number)[],
  comments: Comment[],
): Record<string, unknown> {
  const note = (path: (string | number)[], text: string, before = false) => comments.push({ path: [...at, ...path], text, before });
  const spec: Record<string, unknown> = { name: sheet.sheet, header_row: sheet.headerRow };
  if (sheetless) note(["name"], "a CSV file is its own only sheet; the name is not checked");
  if (sheet.headerRow !== 1) note(["header_row"], `CHECK: detected (the rows above it look like a title, not headers)`);
  if (primary?.key) {
    spec.key = spellingOf(sheet, primary.key.index);
    note(["key"], `${primary.key.reason}; rows repeating a key are dropped and reported`);
  }
  const org = sheet.matches.find((m) => m.field === "organization_name");
  const required = new Set<string>();
  if (primary && org) required.add(spellingOf(sheet, org.index));
  if (primary?.key) required.add(spellingOf(sheet, primary.key.index));
  if (join) {
    required.add(join.on);
    const entry: Record<string, string> = { on: join.on, to: join.to };
    if (join.fallback_on && join.fallback_to) Object.assign(entry, { fallback_on: join.fallback_on, fallback_to: join.fallback_to });
    spec.join = entry;
    const { matched, total } = join.evidence;
    const share = `${matched} of ${total} ${join.on} values found in ${join.to}`;
    if (join.via === "name") note(["join"], `${matched === total ? "" : "CHECK: "}joined by organisation name (no shared ID column); ${share}`);
    else note(["join"], `${matched === total ? "" : "CHECK: "}${share}${join.fallback_on ? `; rows with a blank or unknown ${join.on} join by name` : ""}`);
  }
  spec.required_columns = [...required];

  const columns: Record<string, string> = {};
  const combine: Record<string, string[]> = {};
  const byField = new Map<CanonicalField, number[]>();
  // In the sheet's column order, so the profile reads like the sheet.
  for (const match of [...sheet.matches].sort((a, b) => a.index - b.index)) byField.set(match.field, [...(byField.get(match.field) ?? []), match.index]);
  for (const [field, indexes] of byField) {
    const spellings = indexes.sort((a, b) => a - b).map((i) => spellingOf(sheet, i));
    if (spellings.length === 1) columns[field] = spellings[0]!;
    else combine[field] = spellings;
  }
  spec.columns = columns;
  if (Object.keys(combine).length > 0) spec.combine = combine;
  for (const match of sheet.matches) {
    const where = byField.get(match.field)!.length === 1 ? ["columns", match.field] : ["combine", match.field];
    const header = sheet.headers[match.index] ?? "";
    if (match.score < 1) note(where, `CHECK: fuzzy match (${match.score.toFixed(2)}) of "${header}"`);
    else if (AMBIGUOUS.has(header.trim().toLowerCase())) {
      note(where, `CHECK: "${header}" is a generic word; is it the ${match.field.replace(/_/g, " ")}?`);
    }
  }
  const mapped = new Set(sheet.matches.map((m) => m.index));
  const left = sheet.headers.map((h, i) => ({ h: h.trim(), i })).filter(({ h, i }) => !mapped.has(i) && h !== "" && h !== join?.on && h !== spec.key);
  if (left.length > 0) note(["columns"], `not mapped: ${left.map(({ h }) => h).join(", ")}`, true);
  return spec;
}
