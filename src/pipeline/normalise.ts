/**
 * The normalise stage (spec section 4): cleans every raw record in place with the rules of
 * src/rules/ (the same ones enrich uses) and gives it its `organization_slug`. Rows whose
 * organisation name cannot make a record never get here: the load stage rejects them
 * (src/rules/names.ts).
 *
 * @example
 * const { records } = normaliseRecords(load.records, { countryCode: "ZA" });
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
import { collectYoungGarbage } from "./garbage.ts";
import type { LoadResult, RawRecord } from "./types.ts";

export interface NormaliseOptions {
  /** Default phone region (ISO 3166 alpha-2), e.g. "ZA". */
  countryCode: string;
  /** Told every PROGRESS_EVERY records how many are done; may throw to stop (cancel). */
  onProgress?: (completed: number, total: number) => void;
}

const PROGRESS_EVERY = 10_000;

export interface NormaliseResult {
  records: RawRecord[];
}

export function normaliseRecords(records: RawRecord[], options: NormaliseOptions): NormaliseResult {
  const { countryCode, onProgress } = options;
  for (let i = 0; i < records.length; i++) {
    normaliseRecord(records[i]!, countryCode);
    if ((i + 1) % PROGRESS_EVERY !== 0) continue;
    onProgress?.(i + 1, records.length);
    collectYoungGarbage();
  }
  return { records };
}

/**
 * The normalise stage over a load: this thread's records, then (in file order after them) the
 * records a worker thread read and normalised meanwhile.
 */
export async function normaliseLoaded(load: Pick<LoadResult, "records" | "normalisedElsewhere">, options: NormaliseOptions): Promise<NormaliseResult> {
  const result = normaliseRecords(load.records, options);
  if (!load.normalisedElsewhere) return result;
  const part = await load.normalisedElsewhere;
  for (const record of part.records) result.records.push(record);
  return result;
}

function normaliseRecord(record: RawRecord, region: string): void {
  // Load let only names that clean to something through, so `name` is never empty here.
  const name = cleanName(record.organization_name) ?? "";
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
