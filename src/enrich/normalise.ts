/**
 * The normal forms enrichment writes, so a filled value looks exactly like one refine chose
 * (refine spec section 4): slugs for matching names, websites, emails, phones and provinces.
 */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";

/** `360 Aviation (pty) Ltd` -> `360-aviation-pty-ltd`: the key names are matched on. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[^\x00-\x7f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** `www.Example.com/Path/` -> `https://example.com/Path`; null when it is not a web address. */
export function normaliseWebsite(raw: string): string | null {
  const text = raw.trim();
  if (text === "") return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (!url.hostname.includes(".") && url.hostname !== "localhost") return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, "");
  const port = url.port ? `:${url.port}` : "";
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${host}${port}${path}`;
}

export function normaliseEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) ? email : null;
}

export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  return at > 0 ? email.slice(at + 1).toLowerCase() : null;
}

/** Valid numbers in E.164 (`082 123 4567` -> `+27821234567`), else null. */
export function normalisePhone(raw: string, country = "ZA"): string | null {
  const cleaned = raw.replace(/[^\d+]/g, "");
  if (cleaned.replace(/\D/g, "").length < 6) return null;
  const parsed = parsePhoneNumberFromString(cleaned, country as CountryCode);
  return parsed?.isValid() ? parsed.number : null;
}

/** The nine official province names. */
export const PROVINCES = [
  "Gauteng",
  "Western Cape",
  "KwaZulu-Natal",
  "Eastern Cape",
  "North West",
  "Limpopo",
  "Mpumalanga",
  "Free State",
  "Northern Cape",
] as const;
export type Province = (typeof PROVINCES)[number];

const PROVINCE_SPELLINGS: Record<string, Province> = {
  kzn: "KwaZulu-Natal",
  "kwazulu natal": "KwaZulu-Natal",
  "kwa zulu natal": "KwaZulu-Natal",
  natal: "KwaZulu-Natal",
  gp: "Gauteng",
  wc: "Western Cape",
  ec: "Eastern Cape",
  nw: "North West",
  "north-west": "North West",
  fs: "Free State",
  "orange free state": "Free State",
  nc: "Northern Cape",
  lp: "Limpopo",
  mp: "Mpumalanga",
};

const PLACEHOLDERS = new Set(["unknown", "unspecified", "n/a", "na", "-", "none", ""]);

function provinceKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\bprovince\b/g, "")
    .replace(/[^a-z]+/g, " ")
    .trim();
}

/** A province spelling -> its official name; other text title-cased; placeholders -> null. */
export function normaliseProvince(raw: string): string | null {
  const text = raw.trim();
  if (PLACEHOLDERS.has(text.toLowerCase())) return null;
  const key = provinceKey(text);
  const official = PROVINCES.find((name) => provinceKey(name) === key);
  if (official) return official;
  const alias = PROVINCE_SPELLINGS[key] ?? PROVINCE_SPELLINGS[text.toLowerCase()];
  if (alias) return alias;
  return text.replace(/\w\S*/g, (word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase());
}

/** Normalises a value for the refined column it goes into (other columns: trimmed text). */
export function normaliseFor(column: string, raw: string, country: string): string | null {
  const text = raw.replace(/\u00a0/g, " ").trim().normalize("NFKC");
  if (text === "") return null;
  switch (column) {
    case "website":
      return normaliseWebsite(text);
    case "contact_primary_email":
      return normaliseEmail(text);
    case "contact_primary_phone":
      return normalisePhone(text, country);
    case "province":
      return normaliseProvince(text);
    default:
      return text.slice(0, 10_000);
  }
}
