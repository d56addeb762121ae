/**
 * Phone numbers, parsed and validated by libphonenumber-js (full metadata, so "valid" means a
 * real number plan, not just a plausible length) in the profile's region and written E.164.
 * Real files hold the same few thousand numbers many times, so each distinct cell is parsed once.
 */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

/** Separators between several numbers in one cell. */
const SEPARATORS = /[;,/|\n]+/;
const NOT_DIALLED = /[^\d+]/g;
/** A numeric cell read as text may carry a float tail (`27821234567.0`). */
const FLOAT_TAIL = /\.0+$/;

const cache = new Map<string, string | null>();

/** One cell's worth of text -> its valid numbers in E.164, in order, without repeats. */
export function normalisePhones(cells: readonly (string | null | undefined)[], region: string): string[] {
  const out: string[] = [];
  for (const cell of cells) {
    if (!cell) continue;
    for (const part of cell.split(SEPARATORS)) {
      const e164 = normalisePhone(part, region);
      if (e164 && !out.includes(e164)) out.push(e164);
    }
  }
  return out;
}

/** `082 123 4567` (ZA) -> `+27821234567`; placeholders and invalid numbers -> null. */
export function normalisePhone(raw: string, region: string): string | null {
  const key = `${region}|${raw}`;
  let cached = cache.get(key);
  if (cached === undefined) {
    cached = parse(raw, region);
    if (cache.size > 200_000) cache.clear();
    cache.set(key, cached);
  }
  return cached;
}

function parse(raw: string, region: string): string | null {
  const trimmed = raw.trim().replace(FLOAT_TAIL, "");
  const leadingPlus = trimmed.startsWith("+");
  const digits = trimmed.replace(NOT_DIALLED, "").replace(/\+/g, "");
  if (digits.length < 6 || /^(\d)\1+$/.test(digits)) return null;
  // extract: false — the text is already only digits, so the (costly) search for a number inside
  // free text is skipped; validity is unchanged.
  const phone = parsePhoneNumberFromString(`${leadingPlus ? "+" : ""}${digits}`, {
    defaultCountry: region.toUpperCase() as CountryCode,
    extract: false,
  });
  return phone?.isValid() ? phone.number : null;
}
