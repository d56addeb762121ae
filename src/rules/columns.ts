/**
 * The rule behind each column of the refined table, for code that writes a value into a refined
 * column after refine (enrich fills empty fields from lookups, registries and earlier outputs), so
 * a filled value is exactly what refine would have written for the same cell. Refine's normalise
 * stage applies the same rules field by field (src/pipeline/normalise.ts).
 */
import { normaliseDate } from "./dates.ts";
import { firstEmail } from "./email.ts";
import { firstPhone } from "./phone.ts";
import { normaliseProvince } from "./province.ts";
import { cleanName, cleanText } from "./text.ts";
import { normaliseWebsite } from "./website.ts";

type ColumnRule = (raw: string, region: string) => string | null;

const RULES: Partial<Record<string, ColumnRule>> = {
  organization_name: cleanName,
  province: normaliseProvince,
  country: cleanName,
  area: cleanName,
  address_primary: cleanText,
  organization_category: cleanName,
  organization_type: cleanName,
  status: cleanName,
  website: normaliseWebsite,
  contact_primary_name: cleanName,
  contact_primary_role: cleanName,
  contact_primary_email: firstEmail,
  contact_primary_phone: firstPhone,
  last_interaction_date: normaliseDate,
};

/**
 * `raw` as refine writes it in `column` (`website`, `www.Aero.co.za/` -> `https://aero.co.za`);
 * a cell holding several emails or phones gives its first valid one. Columns without a rule of
 * their own (planes, description, notes, priority, ...) get cleanText.
 */
export function normaliseForColumn(column: string, raw: string, region: string): string | null {
  return (RULES[column] ?? cleanText)(raw, region);
}
