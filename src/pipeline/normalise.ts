/**
 * The normalise stage (spec section 4): cleans every raw record in place with the rules of
 * src/rules/ (the same ones enrich uses) and gives it its `organization_slug`. Rows whose
 * organisation name is empty or a placeholder (`Unknown Organisation 17`, `N/A`) cannot be
 * consolidated and are dropped, counted by reason.
 *
 * @example
 * const { records, dropped } = normaliseRecords(load.records, { countryCode: "ZA" });
 */
import {
  cleanName,
  cleanText,
  normaliseDate,
  normaliseEmails,
  normalisePhones,
  normaliseProvince,
  normaliseWebsite,
  organisationSlug,
} from "../rules/index.ts";
import { addCounts } from "./counts.ts";
import type { LoadResult, RawRecord } from "./types.ts";

export interface NormaliseOptions {
  /** Default phone region (ISO 3166 alpha-2), e.g. "ZA". */
  countryCode: string;
}

export interface NormaliseResult {
  records: RawRecord[];
  /** Rows dropped, by reason (e.g. "placeholder_organization_name"). */
  dropped: Record<string, number>;
}

const PLACEHOLDER_NAME = /^(unknown|unnamed|unspecified|n\/?a|none|null|tbc|-+)(\s+(organi[sz]ation|company|org))?(\s*#?\s*\d+)?$/i;

/** True for names that stand for "no name" in the real files. */
export function isPlaceholderName(name: string): boolean {
  return PLACEHOLDER_NAME.test(name);
}

export function normaliseRecords(records: RawRecord[], options: NormaliseOptions): NormaliseResult {
  const kept: RawRecord[] = [];
  const dropped: Record<string, number> = {};
  const drop = (reason: string) => {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
  };
  for (const record of records) {
    const name = cleanName(record.organization_name);
    if (name === null) {
      drop("empty_organization_name");
      continue;
    }
    if (isPlaceholderName(name)) {
      drop("placeholder_organization_name");
      continue;
    }
    normaliseRecord(record, name, options.countryCode);
    kept.push(record);
  }
  return { records: kept, dropped };
}

/**
 * The normalise stage over a load: this thread's records, then (in file order after them) the
 * records a worker thread read and normalised meanwhile, with the drop counts of both.
 */
export async function normaliseLoaded(load: Pick<LoadResult, "records" | "normalisedElsewhere">, options: NormaliseOptions): Promise<NormaliseResult> {
  const result = normaliseRecords(load.records, options);
  if (!load.normalisedElsewhere) return result;
  const part = await load.normalisedElsewhere;
  for (const record of part.records) result.records.push(record);
  addCounts(result.dropped, part.dropped);
  return result;
}

function normaliseRecord(record: RawRecord, name: string, region: string): void {
  record.organization_name = name;
  record.organization_slug = organisationSlug(name);
  record.province = normaliseProvince(record.province);
  record.area = cleanName(record.area);
  record.address = cleanText(record.address);
  record.category = cleanName(record.category);
  record.organization_type = cleanName(record.organization_type);
  record.status = cleanName(record.status);
  record.website = normaliseWebsite(record.website);
  record.planes = cleanText(record.planes);
  record.description = cleanText(record.description);
  record.notes = cleanText(record.notes);
  record.last_interaction_date = normaliseDate(record.last_interaction_date);
  record.priority = cleanText(record.priority);
  record.contact_names = cleanList(record.contact_names, cleanName);
  record.contact_roles = cleanList(record.contact_roles, cleanName);
  record.contact_emails = normaliseEmails(record.contact_emails);
  record.contact_phones = normalisePhones(record.contact_phones, region);
}

function cleanList(values: readonly string[], clean: (value: string) => string | null): string[] {
  const out: string[] = [];
  for (const value of values) {
    const cleaned = clean(value);
    if (cleaned !== null && !out.includes(cleaned)) out.push(cleaned);
  }
  return out;
}
