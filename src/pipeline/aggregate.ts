/**
 * The aggregate stage (spec section 5): one row per organisation. Rows are grouped by slug, ranked
 * (source priority, row quality, latest interaction, input order), and each output field is taken
 * from the best-ranked row that has it; every choice is recorded in `selection_provenance`, and
 * every field with more than one distinct value is reported as a conflict.
 *
 * The rows come out in SSOT column order with the `selection_provenance` cell packed in the
 * table's store (provenance.ts) and expanded when the row is written (`RefinedTable`): 1.5 KB
 * of JSON per organisation held through the run was the largest single use of memory. The output statistics are gathered here,
 * as each row is made: read later, in output order, the rows' strings are scattered over the
 * heap and every cell is a cache miss (a separate pass took 0.5–0.7 s at 100,000 organisations;
 * here it adds about 0.2 s).
 *
 * @example
 * const { table, conflicts } = aggregateRecords(normalised, { countryCode: "ZA", maxPriority: 3 });
 */
import type { Profile } from "../profiles/types.ts";
import { throwIfCancelled } from "../run/control.ts";
import type { EventBus } from "./events.ts";
import { collectYoungGarbage } from "./garbage.ts";
import { EMAIL_CONFIDENCE, PHONE_CONFIDENCE, dataQuality, emailStatus, phoneStatus, round, scoreContact, validationFlags } from "./scores.ts";
import { sortKey } from "./order.ts";
import type { OutputStats } from "./output-stats.ts";
import { ProvenanceStore, type ProvenanceField } from "./provenance.ts";
import { RefinedTable, type AggregatedRow } from "./refined-table.ts";
import { COLUMN, SSOT_COLUMNS, type CellValue, type RawRecord, type SsotColumn } from "./types.ts";

export interface AggregateOptions {
  countryCode: string;
  /**
   * The highest source priority (for the lead score's priority share); by default the highest of
   * the profile's sources and the records' own, at least 1.
   */
  maxPriority?: number;
  profile?: Pick<Profile, "sources">;
  /** `privacy_basis` written on every row. */
  privacyBasis?: string;
  bus?: EventBus;
  /** Checked at each progress step: an aborted run stops here. */
  signal?: AbortSignal;
  /** Gathers every output row (their places are order keys: rows are made before they are sorted). */
  stats?: OutputStats;
}

export interface Conflict {
  organization_slug: string;
  field: string;
  chosen_source: string;
  value: string;
  alternatives: { source: string; value: string }[];
}

export interface AggregateResult {
  /** One row per organisation, sorted by name. */
  table: RefinedTable;
  /** In first-appearance order of their organisations. */
  conflicts: Conflict[];
  /** For each conflict, the input order of its organisation's first row (to merge partitions' conflicts in order). */
  conflictFirsts: number[];
}

/** Raw field -> output column for the fields chosen as "first non-empty in rank order". */
const SCALARS = [
  ["organization_name", "organization_name"],
  ["province", "province"],
  ["area", "area"],
  ["address", "address_primary"],
  ["category", "organization_category"],
  ["organization_type", "organization_type"],
  ["status", "status"],
  ["website", "website"],
  ["priority", "priority"],
] as const satisfies readonly (readonly [keyof RawRecord, SsotColumn])[];
/** The same, with each field's getter made once (a closure per field per organisation added up). */
const SCALAR_GETTERS = SCALARS.map(([field, column]) => [column, (row: RawRecord) => row[field] as string | null] as const);
const firstEmail = (row: RawRecord) => row.contact_emails[0] ?? null;
const firstPhone = (row: RawRecord) => row.contact_phones[0] ?? null;
const PROGRESS_EVERY = 5_000;

export function rowQuality(row: RawRecord): number {
  return (
    (row.contact_emails.length > 0 ? 1 : 0) +
    (row.contact_phones.length > 0 ? 1 : 0) +
    (row.website ? 1 : 0) +
    (row.province ? 1 : 0) +
    (row.address ? 1 : 0)
  );
}

/** Higher priority, then higher quality, then latest interaction, then earlier input. */
/** Source rows ranked best first, and the quality of each (which the provenance names). */
function rank(rows: RawRecord[]): { ranked: RawRecord[]; qualities: number[] } {
  if (rows.length === 1) return { ranked: rows, qualities: [rowQuality(rows[0]!)] };
  const quality = new Map(rows.map((row) => [row, rowQuality(row)]));
  const ranked = rows.slice().sort(
    (a, b) =>
      b.source_priority - a.source_priority ||
      quality.get(b)! - quality.get(a)! ||
      compareText(b.last_interaction_date ?? "", a.last_interaction_date ?? "") ||
      a.input_order - b.input_order,
  );
  return { ranked, qualities: ranked.map((row) => quality.get(row)!) };
}

export function aggregateRecords(records: RawRecord[], options: AggregateOptions): AggregateResult {
  const groups = new Map<string, RawRecord[]>();
  for (const record of records) {
    const slug = record.organization_slug ?? "";
    const group = groups.get(slug);
    if (group) group.push(record);
    else groups.set(slug, [record]);
  }
  const total = groups.size;
  const settled = { ...options, maxPriority: options.maxPriority ?? highestPriority(records, options.profile) };
  options.bus?.emit("aggregate.progress", { completed: 0, total });
  const country = countryName(options.countryCode);
  const made: AggregatedRow[] = [];
  const names: string[] = [];
  const conflicts: Conflict[] = [];
  const conflictFirsts: number[] = [];
  const provenance = provenanceStore();
  let completed = 0;
  for (const [slug, rows] of groups) {
    const { ranked, qualities } = rank(rows);
    const cells = consolidate(slug, ranked, country, settled, conflicts);
    const first = firstInput(rows);
    const name = sortKey(String(cells[COLUMN.organization_name] ?? ""));
    const row: AggregatedRow = { cells, provenance: provenance.pack(ranked, qualities), first };
    made.push(row);
    names.push(name);
    options.stats?.add(cells, { name, first }, () => provenance.text(row.provenance));
    while (conflictFirsts.length < conflicts.length) conflictFirsts.push(first);
    if (++completed % PROGRESS_EVERY === 0) {
      collectYoungGarbage();
      options.bus?.emit("aggregate.progress", { completed, total });
      throwIfCancelled(options.signal);
    }
  }
  if (completed % PROGRESS_EVERY !== 0) options.bus?.emit("aggregate.progress", { completed, total });
  const order = nameOrder(names);
  return { table: new RefinedTable(order.map((i) => made[i]!), provenance), conflicts, conflictFirsts };
}

/** The input order of the group's first source row (its rows may come from several files' partitions). */
function firstInput(rows: readonly RawRecord[]): number {
  let first = rows[0]!.input_order;
  for (const row of rows) if (row.input_order < first) first = row.input_order;
  return first;
}

function highestPriority(records: readonly RawRecord[], profile: Pick<Profile, "sources"> | undefined): number {
  let max = 1;
  for (const source of profile?.sources ?? []) max = Math.max(max, source.priority);
  for (const record of records) if (record.source_priority > max) max = record.source_priority;
  return max;
}

function consolidate(slug: string, ranked: RawRecord[], country: string | null, options: AggregateOptions & { maxPriority: number }, conflicts: Conflict[]): CellValue[] {
  const chosen: Partial<Record<(typeof SCALARS)[number][1], string>> = {};
  const best = ranked[0]!;

  for (const [column, get] of SCALAR_GETTERS) {
    const choice = choose(ranked, get);
    if (!choice) continue;
    chosen[column] = choice.value;
    if (choice.distinct && choice.distinct.size > 1) conflicts.push(conflictOf(slug, column, choice));
  }

  const email = choose(ranked, firstEmail);
  const phone = choose(ranked, firstPhone);
  const emails = ranked.length === 1 ? best.contact_emails : distinctAll(ranked, "contact_emails");
  const phones = ranked.length === 1 ? best.contact_phones : distinctAll(ranked, "contact_phones");
  const contactRow = email?.row ?? phone?.row;
  const name = (contactRow?.contact_names[0] ? contactRow : ranked.find((r) => r.contact_names.length))?.contact_names[0] ?? null;
  const role = (contactRow?.contact_roles[0] ? contactRow : ranked.find((r) => r.contact_roles.length))?.contact_roles[0] ?? null;

  const primary = scoreContact({
    name, role, email: email?.value ?? null, phone: phone?.value ?? null,
    sourcePriority: contactRow?.source_priority ?? best.source_priority,
    maxPriority: options.maxPriority, intent: 0,
  });
  // The contact averages over the rows that describe a contact at all.
  let verificationSum = 0;
  let leadSum = 0;
  let scored = 0;
  for (const r of ranked) {
    if (!hasContact(r)) continue;
    const score = scoreContact({
      name: r.contact_names[0] ?? null, role: r.contact_roles[0] ?? null,
      email: r.contact_emails[0] ?? null, phone: r.contact_phones[0] ?? null,
      sourcePriority: r.source_priority, maxPriority: options.maxPriority, intent: 0,
    });
    verificationSum += score.verificationScore;
    leadSum += score.leadScore;
    scored++;
  }
  const quality = dataQuality({
    contact_email: Boolean(email), contact_phone: Boolean(phone),
    website: Boolean(chosen.website), province: Boolean(chosen.province), address: Boolean(chosen.address_primary),
  });

  // The row is an array in SSOT column order; the literal names each column once (the compiler
  // holds it to SsotColumn: none missing, none extra) and rowOf lays it out in that order.
  return rowOf({
    organization_name: chosen.organization_name ?? null,
    organization_slug: slug,
    province: chosen.province ?? null,
    country,
    area: chosen.area ?? null,
    address_primary: chosen.address_primary ?? null,
    organization_category: chosen.organization_category ?? null,
    organization_type: chosen.organization_type ?? null,
    status: chosen.status ?? null,
    website: chosen.website ?? null,
    planes: joinDistinct(ranked, "planes", "; "),
    description: joinDistinct(ranked, "description", "; "),
    notes: joinDistinct(ranked, "notes", "; "),
    source_datasets: joinDistinct(ranked, "source_dataset", "; ", true),
    source_record_ids: joinDistinct(ranked, "source_record_id", "; ", true),
    contact_primary_name: name,
    contact_primary_role: role,
    contact_primary_email: email?.value ?? null,
    contact_primary_phone: phone?.value ?? null,
    contact_primary_email_confidence: primary.emailConfidence,
    contact_primary_email_status: primary.emailStatus,
    contact_primary_phone_confidence: primary.phoneConfidence,
    contact_primary_phone_status: primary.phoneStatus,
    contact_primary_lead_score: primary.leadScore,
    intent_signal_score: 0,
    intent_signal_count: 0,
    intent_signal_types: null,
    intent_last_observed_at: null,
    intent_top_insights: null,
    contact_validation_flags: validationFlags(primary),
    contact_secondary_emails: emails.length > 1 ? emails.slice(1).join(";") : null,
    contact_secondary_phones: phones.length > 1 ? phones.slice(1).join(";") : null,
    contact_email_confidence_avg: averageConfidence(emails, EMAIL_CONFIDENCE, emailStatus),
    contact_phone_confidence_avg: averageConfidence(phones, PHONE_CONFIDENCE, phoneStatus),
    contact_verification_score_avg: scored ? round(verificationSum / scored, 4) : null,
    contact_lead_score_avg: scored ? round(leadSum / scored, 4) : null,
    data_quality_score: quality.score,
    data_quality_flags: quality.flags,
    // Packed in the table's provenance store and expanded when the row is written (provenance.ts).
    selection_provenance: null,
    last_interaction_date: latestInteraction(ranked),
    priority: chosen.priority ?? null,
    privacy_basis: options.privacyBasis ?? "legitimate_interest",
  });
}

/** The columns of one row, named, as the array the writers take. */
function rowOf(named: Record<SsotColumn, CellValue>): CellValue[] {
  const row = new Array<CellValue>(SSOT_COLUMNS.length);
  for (let i = 0; i < SSOT_COLUMNS.length; i++) row[i] = named[SSOT_COLUMNS[i]!];
  return row;
}

/** The fields `selection_provenance` describes, in its order (provenance.ts renders it). */
const PROVENANCE_FIELDS: readonly ProvenanceField[] = [
  ...SCALARS.map(([field, column]) => ({ column, get: (row: RawRecord) => row[field] as string | null })),
  { column: "contact_primary_email", get: (row: RawRecord) => row.contact_emails[0] ?? null },
  { column: "contact_primary_phone", get: (row: RawRecord) => row.contact_phones[0] ?? null },
];

/** A store for one table's `selection_provenance` (aggregate packs it, the writers expand it). */
export function provenanceStore(): ProvenanceStore {
  return new ProvenanceStore(PROVENANCE_FIELDS);
}

interface Choice {
  value: string;
  row: RawRecord;
  /** Lower-cased value -> its first spelling and the row that offered it. */
  distinct: Map<string, { value: string; row: RawRecord }> | null;
}

/** The first non-empty value in rank order, and every distinct value offered when there are several. */
function choose(ranked: RawRecord[], get: (row: RawRecord) => string | null): Choice | null {
  let chosen: Choice | null = null;
  for (const row of ranked) {
    const value = get(row);
    if (value === null || value === "") continue;
    if (!chosen) {
      chosen = { value, row, distinct: null };
      continue;
    }
    if (value === chosen.value) continue;
    // Values differing only in case are one value (`AERO CLUB` vs `Aero Club`): not a conflict.
    // The map is built only when a second, different value turns up (most organisations have one row).
    chosen.distinct ??= new Map([[chosen.value.toLowerCase(), { value: chosen.value, row: chosen.row }]]);
    const key = value.toLowerCase();
    if (!chosen.distinct.has(key)) chosen.distinct.set(key, { value, row });
  }
  return chosen;
}

function conflictOf(slug: string, field: string, choice: Choice): Conflict {
  const chosenKey = choice.value.toLowerCase();
  const alternatives = [...(choice.distinct ?? [])].filter(([key]) => key !== chosenKey).map(([, { value, row }]) => ({ source: row.source_dataset, value }));
  return { organization_slug: slug, field, chosen_source: choice.row.source_dataset, value: choice.value, alternatives };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The order of the rows by their names' sort keys (order.ts); ties keep first-appearance order.
 * The distinct keys are sorted by the runtime's own string sort (the same code-unit order as
 * compareText) rather than the row numbers through a comparator: 90-120 against 170-250 ms for
 * 100,000 organisations.
 */
function nameOrder(names: string[]): number[] {
  const rowsOf = new Map<string, number | number[]>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const rows = rowsOf.get(name);
    if (rows === undefined) rowsOf.set(name, i);
    else if (typeof rows === "number") rowsOf.set(name, [rows, i]);
    else rows.push(i);
  }
  const order: number[] = [];
  for (const name of [...rowsOf.keys()].sort()) {
    const rows = rowsOf.get(name)!;
    if (typeof rows === "number") order.push(rows);
    else for (const row of rows) order.push(row);
  }
  return order;
}

/**
 * The helpers below are loops over the ranked rows rather than map/filter chains: aggregate runs
 * them for every organisation, and dropping the chains' arrays and closures took a tenth off its time.
 */

/** Every value of the rows' `field` lists, first appearance first, each once. */
function distinctAll(ranked: readonly RawRecord[], field: "contact_emails" | "contact_phones"): string[] {
  const seen = new Set<string>();
  for (const row of ranked) for (const value of row[field]) seen.add(value);
  return [...seen];
}

/** The rows' distinct non-empty values of `field` in rank order (or sorted), joined; a single row's value as it is. */
function joinDistinct(ranked: readonly RawRecord[], field: "planes" | "description" | "notes" | "source_dataset" | "source_record_id", separator: string, sorted = false): string | null {
  if (ranked.length === 1) return ranked[0]![field] || null;
  const present = new Set<string>();
  for (const row of ranked) {
    const value = row[field];
    if (value !== null && value !== "") present.add(value);
  }
  if (present.size === 0) return null;
  const values = [...present];
  if (sorted) values.sort();
  return values.join(separator);
}

/** The mean confidence of `values` by their status (4 decimals), null when there are none. */
function averageConfidence(values: readonly string[], confidence: Record<string, number>, status: (value: string) => string): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += confidence[status(value)]!;
  return round(sum / values.length, 4);
}

/** The latest `last_interaction_date` of the rows (ISO dates compare as text), null when none has one. */
function latestInteraction(ranked: readonly RawRecord[]): string | null {
  let latest: string | null = null;
  for (const row of ranked) {
    const date = row.last_interaction_date;
    if (date && (!latest || date > latest)) latest = date;
  }
  return latest;
}

/** Rows that describe a contact at all (a name, email or phone) count towards the contact averages. */
function hasContact(row: RawRecord): boolean {
  return row.contact_names.length > 0 || row.contact_emails.length > 0 || row.contact_phones.length > 0;
}

let displayNames: Intl.DisplayNames | undefined;
/** `ZA` -> `South Africa` (the region code itself when unknown). */
export function countryName(code: string): string | null {
  if (!code) return null;
  displayNames ??= new Intl.DisplayNames(["en"], { type: "region" });
  try {
    return displayNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
