/**
 * Synthetic South African businesses of every trade (not aviation), deterministic for a seed,
 * for the generic CSV exports of bench/generic-csv.ts: a name that other systems spell
 * differently (case, spacing, `(Pty) Ltd` / `PTY LTD`, an accent dropped) but that always slugs
 * the same, one to four contacts, and long free text (descriptions, call notes with quotes and
 * line breaks) as CRM exports carry.
 */
import { chance, dateText, phoneCell, pick, PROVINCE_SPELLINGS, type Random } from "./aviation-data.ts";

const PLACES = ["Sandton", "Midrand", "Centurion", "Soweto", "Benoni", "Boksburg", "Germiston", "Randburg", "Roodepoort", "Alberton", "Kempton Park", "Pretoria", "Durban", "Umhlanga", "Pinetown", "Pietermaritzburg", "Richards Bay", "Cape Town", "Bellville", "Paarl", "Somerset West", "Stellenbosch", "Knysna", "George", "Gqeberha", "East London", "Mthatha", "Bloemfontein", "Welkom", "Kimberley", "Upington", "Polokwane", "Thohoyandou", "Mbombela", "Emalahleni", "Secunda", "Rustenburg", "Mahikeng", "Potchefstroom", "Klerksdorp", "Vanderbijlpark", "Sasolburg", "Harrismith", "Ladysmith", "Newcastle", "Vryheid", "Grahamstown", "Jeffreys Bay", "Hermanus", "Saldanha"];
const WORDS = ["Ubuntu", "Sizwe", "Thula", "Imvula", "Lesedi", "Kuhle", "Baobab", "Protea", "Fynbos", "Acacia", "Marula", "Springbok", "Kudu", "Impala", "Jacaranda", "Highveld", "Lowveld", "Karoo", "Bushveld", "Coastal", "Summit", "Unity", "Pioneer", "Heritage", "Horizon", "Prime", "Allied", "United", "Premier", "Capital", "Golden", "Silver", "Rainbow", "Southern", "Northern", "Eastern", "Western", "Central", "Metro", "Royal", "Crown", "Emerald", "Sapphire", "Granite", "Iron", "Cedar", "Olive", "Willow", "Maple", "Oak"];
const TRADES = ["Plumbing", "Logistics", "Engineering", "Consulting", "Foods", "Motors", "Pharmacy", "Accounting", "Builders", "Security", "Electrical", "Printers", "Furniture", "Textiles", "Transport", "Catering", "Café", "Bakery", "Dental Practice", "Veterinary Clinic", "Attorneys", "Auto Repairs", "Hardware", "Solar", "Water Solutions", "Packaging", "Cleaning Services", "Travel", "Media", "Software", "Telecoms", "Agri Supplies", "Fresh Produce", "Butchery", "Tyres", "Glass & Aluminium", "Roofing", "Paving", "Landscaping", "Events"];
const LEGAL = ["", " (Pty) Ltd", " (Pty) Ltd", " CC", " Trading", " Holdings", " & Sons", " Group"];
export const INDUSTRIES = ["Construction", "Retail", "Manufacturing", "Professional Services", "Healthcare", "Hospitality", "Transport & Logistics", "Agriculture", "ICT", "Automotive", "Energy", "Financial Services"];
const FIRST = ["Thandi", "Bongani", "Lindiwe", "Mandla", "Palesa", "Tshepo", "Karabo", "Ntombi", "Pieter", "Annelie", "Fatima", "Yusuf", "Priya", "Kevin", "Jessica", "Andile", "Refilwe", "Sibusiso", "Zodwa", "Hendrik", "Marius", "Chantal", "Nadia", "Sello", "Dineo"];
const LAST = ["Mthembu", "Zulu", "Ngcobo", "Sithole", "Mabaso", "Radebe", "Moloi", "Nel", "du Plessis", "Kruger", "Erasmus", "Patel", "Govender", "Moodley", "Adams", "Hendricks", "Petersen", "Mokoena", "Baloyi", "Maluleke", "Shabalala", "le Roux", "Swanepoel", "Olivier", "Cele"];
const ROLES = ["Managing Director", "Owner", "Financial Manager", "Procurement Officer", "Office Manager", "Operations Director", "Sales Manager", "Receptionist", "Buyer", "CEO"];
const PROVINCES = Object.keys(PROVINCE_SPELLINGS);
const MOBILE = ["82", "83", "72", "73", "76", "79", "84", "61", "71", "81", "60", "63"];
const DESCRIBE = [
  "Family-owned business serving the region since the nineties, with a second branch opened after the merger.",
  "Supplies contractors and walk-in customers; account holders get thirty-day terms after a credit check.",
  "B-BBEE level 2 contributor; tender documents are on file with procurement and renewed every February.",
  "Moved premises in 2023, the old street address still appears on some invoices and delivery notes.",
  "Runs a small fleet of delivery vehicles and subcontracts long-distance routes to a partner in Gauteng.",
  "Seasonal demand: December and the school holidays are the busiest months, staff numbers double then.",
  "Listed on the municipal supplier database; compliance certificates (tax, COID, UIF) checked last year.",
  "Prefers quotes in writing with VAT shown separately; pays by EFT within the agreed terms, rarely late.",
];
const NOTES = [
  'Spoke to reception, asked for the "decision maker" to call back after the month-end close.',
  "Sent the brochure and price list; follow up in two weeks.",
  'Meeting moved twice. Said: "we are happy with our current supplier, but send the specials".',
  "Interested in a service contract for both sites, needs three quotes for the board.",
  "Number on file rings through to a fax line; the mobile works.",
  "Attended the open day with two colleagues and took samples.",
];

export interface Person {
  first: string;
  last: string;
  role: string;
  email: string;
  mobile: string;
}

export interface Business {
  name: string;
  domain: string;
  province: string;
  city: string;
  street: string;
  industry: string;
  status: string;
  employees: number;
  day: number;
  contacts: Person[];
}

const NAME_SPACE = PLACES.length * WORDS.length * TRADES.length;

function baseName(i: number): string {
  const spread = (i * 104_729) % NAME_SPACE;
  const place = PLACES[spread % PLACES.length]!;
  const word = WORDS[Math.floor(spread / PLACES.length) % WORDS.length]!;
  const trade = TRADES[Math.floor(spread / (PLACES.length * WORDS.length)) % TRADES.length]!;
  const round = Math.floor(i / NAME_SPACE);
  return `${word} ${place} ${trade}${round > 0 ? ` ${round + 1}` : ""}`;
}

export function makeBusiness(i: number, random: Random): Business {
  const base = baseName(i);
  const name = base + LEGAL[i % LEGAL.length]!;
  const domain = `${base.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "")}.co.za`;
  let count = 1;
  while (count < 4 && chance(random, 0.45)) count++;
  const contacts = Array.from({ length: count }, (): Person => {
    const first = pick(random, FIRST);
    const last = pick(random, LAST);
    const mobile = `0${pick(random, MOBILE)}${String(Math.floor(random() * 1e7)).padStart(7, "0")}`;
    return { first, last, role: pick(random, ROLES), mobile, email: `${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, "")}@${domain}` };
  });
  return {
    name,
    domain,
    province: pick(random, PROVINCES),
    city: pick(random, PLACES),
    street: `${1 + Math.floor(random() * 400)} ${pick(random, WORDS)} ${pick(random, ["Street", "Road", "Avenue", "Drive", "Lane"])}`,
    industry: pick(random, INDUSTRIES),
    status: pick(random, ["Active", "Active", "Active", "Dormant", "Prospect", "Closed"]),
    employees: 1 + Math.floor(random() ** 3 * 500),
    day: 18_262 + Math.floor(random() * 2_100),
    contacts,
  };
}

/** The name as another system holds it: the same slug, spelt otherwise. */
export function spelling(random: Random, name: string): string {
  const r = random();
  if (r < 0.55) return name;
  if (r < 0.7) return name.toUpperCase();
  if (r < 0.8) return name.replace(" (Pty) Ltd", " PTY LTD").replace(" CC", " cc");
  if (r < 0.9) return ` ${name.replace(/ /g, "  ")}`;
  return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
}

/** Free text of 150 to 900 characters: a description, or dated call notes with quotes and line breaks. */
export function longText(random: Random, kind: "description" | "notes", day: number): string {
  const parts: string[] = [];
  const n = 2 + Math.floor(random() * 6);
  for (let k = 0; k < n; k++) {
    if (kind === "description") parts.push(pick(random, DESCRIBE));
    else parts.push(`${new Date((day - k * 11) * 86_400_000).toISOString().slice(0, 10)} ${pick(random, NOTES)}`);
  }
  return parts.join(kind === "notes" ? "\n" : " ");
}

export const province = (random: Random, p: string): string => pick(random, PROVINCE_SPELLINGS[p] ?? [p]);
export const phone = (random: Random, national: string): string => String(phoneCell(random, national));
export const date = (random: Random, day: number): string => dateText(random, day);
export const PLACEHOLDERS = ["N/A", "Unknown", "-", "unknown organisation", "none", "???"];
