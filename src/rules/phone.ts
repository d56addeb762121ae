/**
 * Phone numbers (spec section 4), parsed and validated by libphonenumber-js with its full
 * metadata (`/max`), so "valid" means a real number plan and not just a plausible length, in the
 * run's region, and written E.164 (`082 123 4567` -> `+27821234567`). Numeric cells keep no float
 * tail (`27821234567.0`); repeated-digit placeholders (`000-000-0000`) are dropped.
 */
import { Metadata, parsePhoneNumberFromString, type CountryCode, type E164Number } from "libphonenumber-js/max";
import { BoundedCache } from "./_cache.ts";

/** Separators between several numbers in one cell. */
const SEPARATORS = /[;,/|\n]+/;
const NOT_DIALLED = /[^\d+]/g;
const PLUS = /\+/g;
const FLOAT_TAIL = /\.0+$/;
const ONE_DIGIT_REPEATED = /^(\d)\1+$/;

/**
 * Each distinct (region, text) is parsed once: real files repeat the same few thousand numbers.
 * Bounded at 200,000 entries per region (a few tens of MiB at most), the distinct numbers of a
 * large run. One memo per region, keyed by the text as it is: a key made of the two was a new
 * string to build and hash at every look-up.
 */
const parsedIn = new Map<string, BoundedCache<string | null>>();

/** Every valid number in the cells, E.164, in order, without repeats. */
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

/** One number: `082 123 4567` (ZA) -> `+27821234567`; placeholders and invalid numbers -> null. */
export function normalisePhone(raw: string, region: string): string | null {
  let parsed = parsedIn.get(region);
  if (!parsed) parsedIn.set(region, (parsed = new BoundedCache<string | null>(200_000)));
  let e164 = parsed.get(raw);
  if (e164 === undefined) {
    e164 = parse(raw, region);
    parsed.set(raw, e164);
  }
  return e164;
}

/** The first valid number in a cell that may hold several, else null. */
export function firstPhone(raw: string | null | undefined, region: string): string | null {
  return normalisePhones([raw], region)[0] ?? null;
}

function parse(raw: string, region: string): string | null {
  const trimmed = raw.trim().replace(FLOAT_TAIL, "");
  const leadingPlus = trimmed.startsWith("+");
  const digits = trimmed.replace(NOT_DIALLED, "").replace(PLUS, "");
  if (digits.length < 6 || ONE_DIGIT_REPEATED.test(digits)) return null;
  const national = region.toUpperCase() === "ZA" ? southAfricanNational(leadingPlus, digits) : undefined;
  if (national !== undefined) {
    return southAfricanValid(national) ? (`+27${national}` as E164Number) : null;
  }
  // extract: false — the text is already only digits, so the (costly) search for a number inside
  // free text is skipped; validity is unchanged.
  const phone = parsePhoneNumberFromString(`${leadingPlus ? "+" : ""}${digits}`, {
    defaultCountry: region.toUpperCase() as CountryCode,
    extract: false,
  });
  return phone?.isValid() ? phone.number : null;
}

/**
 * The national number of a South African number written in one of the four usual ways, or
 * undefined for anything else: `+27` and nine digits, `0` and nine, `27` and nine (a numeric
 * cell), or nine alone. For these the full parse always lands on `+27` and those nine digits, so
 * only whether that number is valid is asked (southAfricanValid).
 * tests/rules/phone-shortcut.test.ts holds this to the full parse, shape by shape, over every
 * three-digit start. A national number starting with 0 (a doubled trunk prefix), which the full
 * parse treats otherwise, and nine digits starting with 27, which could be read as a country
 * code, are left to the full parse.
 */
function southAfricanNational(leadingPlus: boolean, digits: string): string | undefined {
  let national: string;
  if (leadingPlus) {
    if (digits.length !== 11 || !digits.startsWith("27")) return undefined;
    national = digits.slice(2);
  } else if (digits.length === 10 && digits.charCodeAt(0) === 0x30) national = digits.slice(1);
  else if (digits.length === 11 && digits.startsWith("27")) national = digits.slice(2);
  else if (digits.length === 9 && !digits.startsWith("27")) national = digits;
  else return undefined;
  return national.charCodeAt(0) === 0x30 ? undefined : national;
}


/** The number types libphonenumber-js tries, in its order (helpers/getNumberType.js). */
const NUMBER_TYPES = ["FIXED_LINE", "MOBILE", "PREMIUM_RATE", "TOLL_FREE", "SHARED_COST", "VOIP", "PERSONAL_NUMBER", "PAGER", "UAN", "VOICEMAIL"];

/** The parts of libphonenumber-js's Metadata class its own validity check reads (untyped there). */
interface NumberingPlan {
  selectNumberingPlan(country: string): void;
  nationalNumberPattern(): string;
  hasTypes(): boolean;
  type(name: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

/**
 * Whether a national number is valid in `country`, as libphonenumber-js's `isValid()` decides it
 * (the whole national pattern, then a number type whose pattern and lengths fit), with the
 * patterns compiled once: the library builds a Metadata object and a RegExp for each pattern on
 * every call (300,000 numbers: 100–118 ms that way, 42–48 ms this way).
 */
function validityIn(country: CountryCode): (national: string) => boolean {
  const plan = new Metadata() as unknown as NumberingPlan;
  plan.selectNumberingPlan(country);
  const whole = new RegExp(`^(?:${plan.nationalNumberPattern()})$`);
  if (!plan.hasTypes()) return (national) => whole.test(national);
  const types = NUMBER_TYPES.flatMap((name) => {
    const type = plan.type(name);
    const pattern = type?.pattern();
    return pattern ? [{ pattern: new RegExp(`^(?:${pattern})$`), lengths: type!.possibleLengths() }] : [];
  });
  return (national) => whole.test(national) && types.some((type) => (!type.lengths || type.lengths.includes(national.length)) && type.pattern.test(national));
}

let southAfrican: ((national: string) => boolean) | undefined;
function southAfricanValid(national: string): boolean {
  southAfrican ??= validityIn("ZA");
  return southAfrican(national);
}
