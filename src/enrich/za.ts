/**
 * South African reference facts used to derive a province: landline area codes and the towns
 * that appear in addresses. Only unambiguous ones are listed (039, for instance, spans two
 * provinces and is left out), so a derivation is either right or absent.
 */
import type { Province } from "../rules/index.ts";

/** Geographic area code (without the trunk 0) -> province. Mobile ranges (06x-08x) are absent. */
export const AREA_CODES: Record<string, Province> = {
  "10": "Gauteng",
  "11": "Gauteng",
  "12": "Gauteng",
  "16": "Gauteng",
  "13": "Mpumalanga",
  "17": "Mpumalanga",
  "14": "North West",
  "18": "North West",
  "15": "Limpopo",
  "21": "Western Cape",
  "22": "Western Cape",
  "23": "Western Cape",
  "28": "Western Cape",
  "44": "Western Cape",
  "27": "Northern Cape",
  "53": "Northern Cape",
  "54": "Northern Cape",
  "31": "KwaZulu-Natal",
  "32": "KwaZulu-Natal",
  "33": "KwaZulu-Natal",
  "34": "KwaZulu-Natal",
  "35": "KwaZulu-Natal",
  "36": "KwaZulu-Natal",
  "40": "Eastern Cape",
  "41": "Eastern Cape",
  "42": "Eastern Cape",
  "43": "Eastern Cape",
  "45": "Eastern Cape",
  "46": "Eastern Cape",
  "47": "Eastern Cape",
  "48": "Eastern Cape",
  "49": "Eastern Cape",
  "51": "Free State",
  "56": "Free State",
  "57": "Free State",
  "58": "Free State",
};

/** The province of a South African landline (`+27114567890`, `011 456 7890`), else null. */
export function provinceFromPhone(phone: string): Province | null {
  const digits = phone.replace(/[^\d+]/g, "");
  const national = digits.startsWith("+27") ? digits.slice(3) : digits.startsWith("0") ? digits.slice(1) : null;
  if (national === null || national.length !== 9) return null;
  return AREA_CODES[national.slice(0, 2)] ?? null;
}

/** Words in address text that name exactly one province (lower case, whole words). */
const PLACE_WORDS: [RegExp, Province][] = [
  [/\bgauteng\b|\bjohannesburg\b|\bpretoria\b|\bcenturion\b|\bmidrand\b|\bsandton\b|\bgermiston\b|\bkempton park\b|\brand airport\b|\blanseria\b|\bvereeniging\b|\bsoweto\b/, "Gauteng"],
  [/\bwestern cape\b|\bcape town\b|\bstellenbosch\b|\bpaarl\b|\bworcester\b|\bmossel bay\b|\bsaldanha\b/, "Western Cape"],
  [/\bkwa ?zulu[ -]?natal\b|\bkzn\b|\bdurban\b|\bpietermaritzburg\b|\brichards bay\b|\bumhlanga\b|\bmargate\b/, "KwaZulu-Natal"],
  [/\beastern cape\b|\bport elizabeth\b|\bgqeberha\b|\beast london\b|\bmthatha\b|\bmakhanda\b/, "Eastern Cape"],
  [/\bnorth[ -]west\b|\brustenburg\b|\bmahikeng\b|\bmafikeng\b|\bpotchefstroom\b|\bklerksdorp\b/, "North West"],
  [/\blimpopo\b|\bpolokwane\b|\btzaneen\b|\bmakhado\b|\bphalaborwa\b/, "Limpopo"],
  [/\bmpumalanga\b|\bnelspruit\b|\bmbombela\b|\bwitbank\b|\bemalahleni\b/, "Mpumalanga"],
  [/\bfree state\b|\bbloemfontein\b|\bwelkom\b/, "Free State"],
  [/\bnorthern cape\b|\bkimberley\b|\bupington\b|\bspringbok\b/, "Northern Cape"],
];

/** The province an address names, when it names exactly one; else null. */
export function provinceFromText(text: string): Province | null {
  const lower = text.toLowerCase();
  // "North West" must not also count as "Western Cape" etc.; whole-phrase patterns keep them apart.
  const found = new Set(PLACE_WORDS.filter(([pattern]) => pattern.test(lower)).map(([, province]) => province));
  return found.size === 1 ? [...found][0]! : null;
}

/** Mail providers anyone can sign up to: their domain says nothing about the organisation. */
export const FREE_MAIL_DOMAINS = new Set([
  "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.za", "yahoo.co.uk", "ymail.com", "rocketmail.com",
  "hotmail.com", "hotmail.co.za", "hotmail.co.uk", "outlook.com", "live.com", "live.co.za", "msn.com",
  "icloud.com", "me.com", "mac.com", "aol.com", "gmx.com", "gmx.net", "mail.com", "protonmail.com",
  "proton.me", "zoho.com", "yandex.com", "mweb.co.za", "telkomsa.net", "webmail.co.za", "vodamail.co.za",
  "iafrica.com", "afrihost.co.za", "lantic.net", "absamail.co.za", "cybersmart.co.za", "polka.co.za",
  "xsinet.co.za", "wol.co.za", "netactive.co.za", "global.co.za",
]);

/** Reserved example domains (RFC 2606): never a real organisation's website. */
export const RESERVED_DOMAINS = new Set(["example.com", "example.org", "example.net"]);
