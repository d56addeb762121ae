/**
 * Synthetic South African aviation organisations, deterministic for a seed: unique names, the
 * spellings real spreadsheets use for provinces, phones, websites and dates, and the messiness
 * the refine spec lists (placeholders, numeric phone cells, several emails in a cell).
 */

/** mulberry32: small, fast and good enough to make varied test data repeatable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
export const chance = (random: Random, p: number): boolean => random() < p;

const PLACES = ["Lanseria", "Wonderboom", "Rand", "Grand Central", "Virginia", "Stellenbosch", "Morningstar", "Baragwanath", "Kitty Hawk", "Brakpan", "Springs", "Heidelberg", "Krugersdorp", "Vereeniging", "Tempe", "Polokwane", "Nelspruit", "Margate", "Port Alfred", "George", "Oudtshoorn", "Upington", "Kimberley", "Mafikeng", "Potchefstroom", "Bethlehem", "Witbank", "Tzaneen", "Hoedspruit", "Plettenberg Bay", "Mossel Bay", "Saldanha", "Worcester", "Robertson", "Ermelo", "Middelburg", "Klerksdorp", "Welkom", "Bloemfontein", "Durban"];
const ADJECTIVES = ["Blue", "Eagle", "Falcon", "Skyward", "Golden", "Silver", "Horizon", "Summit", "Apex", "Condor", "Phoenix", "Southern", "African", "Cloud", "Wind", "Zenith", "Vector", "Delta", "Altitude", "Aero", "Jet", "Sun", "Star", "Kestrel", "Osprey", "Swift", "Mountain", "Coastal", "Savanna", "Karoo"];
const KINDS = ["Aviation", "Flight School", "Flying Club", "Aero Club", "Air Charter", "Aviation Academy", "Helicopters", "Flight Training", "Air Services", "Aerospace", "Air Maintenance", "Flight Centre"];
const SUFFIXES = ["", "", " (Pty) Ltd", " Pty Ltd", " CC", " (Pty) Ltd"];
const FIRST = ["Thabo", "Sipho", "Johan", "Pieter", "Anele", "Lerato", "Naledi", "Michael", "Sarah", "Zanele", "Ayesha", "Ravi", "Kobus", "Elna", "David", "Grace", "Themba", "Nomsa", "Chris", "Megan"];
const LAST = ["Nkosi", "van der Merwe", "Botha", "Dlamini", "Naidoo", "Smith", "Mokoena", "Pillay", "Pretorius", "Khumalo", "Jacobs", "Steyn", "Mahlangu", "Venter", "Fourie", "Molefe", "Ndlovu", "Coetzee", "Maharaj", "Williams"];
const ROLES = ["Chief Flying Instructor", "Owner", "Accountable Manager", "Head of Training", "Operations Manager", "Admin", "Director", "Flight Instructor"];
export const PROVINCE_SPELLINGS: Record<string, string[]> = {
  Gauteng: ["Gauteng", "gauteng", "Gauteng Province", "GAUTENG"],
  "Western Cape": ["Western Cape", "western cape", "W Cape"],
  "KwaZulu-Natal": ["KwaZulu-Natal", "KZN", "Kwa-Zulu Natal", "kwazulu natal"],
  "Eastern Cape": ["Eastern Cape"],
  "North West": ["North West", "North West Province"],
  Limpopo: ["Limpopo"],
  Mpumalanga: ["Mpumalanga"],
  "Free State": ["Free State", "free state"],
  "Northern Cape": ["Northern Cape"],
};
const PROVINCES = Object.keys(PROVINCE_SPELLINGS);
const MOBILE = ["82", "83", "72", "73", "76", "79", "84", "61", "71", "81"];
const LANDLINE = ["11", "21", "12", "31", "41", "51"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export interface Org {
  index: number;
  name: string;
  domain: string;
  province: string;
  area: string;
  category: string;
  status: string;
  planes: number;
  /** Days since 1970-01-01 of the last interaction. */
  day: number;
  contacts: { first: string; last: string; role: string; mobile: string; landline: string; email: string }[];
}

const NAME_SPACE = PLACES.length * ADJECTIVES.length * KINDS.length;

/** The i-th organisation's name: a permutation of place x adjective x kind, then a number. */
function orgName(i: number): string {
  const spread = (i * 7919) % NAME_SPACE;
  const place = PLACES[spread % PLACES.length]!;
  const adjective = ADJECTIVES[Math.floor(spread / PLACES.length) % ADJECTIVES.length]!;
  const kind = KINDS[Math.floor(spread / (PLACES.length * ADJECTIVES.length)) % KINDS.length]!;
  const round = Math.floor(i / NAME_SPACE);
  return `${place} ${adjective} ${kind}${round > 0 ? ` ${round + 1}` : ""}`;
}

/** How many contacts an organisation has: a second with `second`, each further one with `more`. */
export interface ContactRates {
  second: number;
  more: number;
}

const MAX_CONTACTS = 6;

function contactCount(random: Random, rates: ContactRates): number {
  let count = 1 + (chance(random, rates.second) ? 1 : 0);
  // No draw at all when `more` is 0, so the default data stays what it always was.
  while (rates.more > 0 && count >= 2 && count < MAX_CONTACTS && chance(random, rates.more)) count++;
  return count;
}

export function makeOrg(i: number, random: Random, rates: ContactRates = { second: 0.35, more: 0 }): Org {
  const base = orgName(i);
  const name = base + SUFFIXES[i % SUFFIXES.length]!;
  const domain = `${base.toLowerCase().replace(/[^a-z0-9]+/g, "")}.co.za`;
  const contacts = Array.from({ length: contactCount(random, rates) }, () => {
    const first = pick(random, FIRST);
    const last = pick(random, LAST);
    const mobile = `0${pick(random, MOBILE)}${String(Math.floor(random() * 1e7)).padStart(7, "0")}`;
    const landline = `0${pick(random, LANDLINE)}${String(1_000_000 + Math.floor(random() * 8e6)).padStart(7, "0")}`;
    const email = `${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, "")}@${domain}`;
    return { first, last, role: pick(random, ROLES), mobile, landline, email };
  });
  return {
    index: i,
    name,
    domain,
    province: pick(random, PROVINCES),
    area: pick(random, PLACES),
    category: pick(random, ["Flight School", "Charter", "Maintenance", "Flying Club", "Aviation Services"]),
    status: pick(random, ["Active", "Active", "Active", "Inactive", "Pending", "Approved"]),
    planes: Math.floor(random() * 25),
    day: 18_262 + Math.floor(random() * 2_100), // 2020-01-01 .. 2025-10
    contacts,
  };
}

export function provinceSpelling(random: Random, province: string): string {
  return pick(random, PROVINCE_SPELLINGS[province] ?? [province]);
}

/** A phone as spreadsheets hold it: spaced, international, or a bare number cell. */
export function phoneCell(random: Random, national: string): string | number {
  const digits = national.slice(1);
  const r = random();
  if (r < 0.25) return Number(`27${digits}`);
  if (r < 0.45) return `+27 ${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`;
  if (r < 0.55) return Number(digits);
  if (r < 0.6) return "000-000-0000";
  return `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
}

export function websiteCell(random: Random, domain: string): string {
  return pick(random, [`www.${domain}`, `https://${domain}/`, `http://www.${domain}`, domain, `WWW.${domain.toUpperCase()}`, `https://www.${domain}/contact?ref=list`]);
}

/** Excel's serial day number for days since 1970-01-01. */
export const excelSerial = (day: number): number => day + 25_569;

/** A date as text in one of the spellings the spec lists. */
export function dateText(random: Random, day: number): string {
  const d = new Date(day * 86_400_000);
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, "0");
  const dd = String(d.getUTCDate()).padStart(2, "0");
  const r = random();
  if (r < 0.35) return `${y}-${m}-${dd}`;
  if (r < 0.5) return `${y}/${m}/${dd}`;
  if (r < 0.8) return `${dd}/${m}/${y}`;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${y}`;
}

/** The name as another team typed it: different case or spacing, the same organisation. */
export function retyped(random: Random, name: string): string {
  const r = random();
  if (r < 0.1) return name.toUpperCase();
  if (r < 0.2) return `  ${name} `;
  return name;
}

const CALL_NOTES = [
  "Called the front desk and was asked to email the chief flying instructor instead.",
  "Left a voicemail; the number on the website rings through to a hangar office.",
  "Interested in the fleet insurance bundle, wants a quote before the end of the quarter.",
  "Spoke to the owner at the expo, follow up after the CAA audit is closed.",
  "They run ab-initio PPL training and a small charter side business from the same base.",
  "Asked for the brochure and price list to be sent again, the first one went to spam.",
  "Two instructors left recently; the school is recruiting and may delay new orders.",
  "Maintenance is done in-house for the Cessna fleet, outsourced for the twins.",
  "Prefers WhatsApp for quick questions, email for anything with a price on it.",
  "Not the decision maker: the accountable manager signs off every purchase over R50,000.",
];

/** A note as a sales team keeps it: a few dated sentences, 150 to 700 characters. */
export function callLog(random: Random, day: number): string {
  const entries = 2 + Math.floor(random() * 5);
  const parts: string[] = [];
  for (let e = 0; e < entries; e++) {
    const d = new Date((day - e * 17) * 86_400_000).toISOString().slice(0, 10);
    parts.push(`${d}: ${pick(random, CALL_NOTES)}`);
  }
  return parts.join(" ");
}

/** Placeholder names of the kinds the profiles reject (numbered, or bare n/a-style words). */
export function placeholderVariant(random: Random, n: number): string {
  return pick(random, [`Unknown Organisation ${n}`, `Unknown Organization ${n}`, "N/A", "n/a", "-", "Unknown", "unspecified", "???"]);
}
