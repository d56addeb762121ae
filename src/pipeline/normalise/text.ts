/**
 * Cell-level cleaning rules of spec section 4 that need no library: text, emails, websites,
 * South African provinces and the organisation slug.
 */

export const MAX_TEXT = 10_000;
const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
const EDGE_SPACE = /^[\s\u00a0\u200b\ufeff]+|[\s\u00a0\u200b\ufeff]+$/g;
const INNER_SPACE = /[\s\u00a0]+/g;
const UNUSUAL_SPACE = /\s\s|[^\S ]/;

/** Trim (non-breaking spaces too), Unicode NFKC, empty -> null, at most 10,000 characters. */
export function cleanText(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  let text = ASCII_PRINTABLE.test(raw) ? raw.trim() : raw.normalize("NFKC").replace(EDGE_SPACE, "");
  if (text.length === 0) return null;
  if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT);
  return text;
}

/** Like cleanText, with inner runs of white space collapsed (names, labels). */
export function cleanName(raw: string | null | undefined): string | null {
  const text = cleanText(raw);
  // Testing first is cheaper than a replace that makes a new string for every clean name.
  return text === null || !UNUSUAL_SPACE.test(text) ? text : text.replace(INNER_SPACE, " ");
}

const EMAIL_SEPARATORS = /[;,/|\s]+/;
const EMAIL = /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/;

/** Every well-formed address in the cells, lower-cased, in order, without repeats. */
export function normaliseEmails(cells: readonly (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const cell of cells) {
    if (!cell) continue;
    for (let part of cell.split(EMAIL_SEPARATORS)) {
      part = part.trim().toLowerCase().replace(/^mailto:/, "").replace(/^[<("']+|[>)"'.]+$/g, "");
      if (EMAIL.test(part) && !out.includes(part)) out.push(part);
    }
  }
  return out;
}

const URL_PARTS = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/?#\s]+)([^?#\s]*)/i;
const HOST = /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(:\d+)?$/u;

/** `www.Example.com/Path/?q=1` -> `https://example.com/Path`; not a web address -> null. */
export function normaliseWebsite(raw: string | null | undefined): string | null {
  const text = cleanText(raw);
  if (text === null) return null;
  const m = URL_PARTS.exec(text);
  if (!m) return null;
  const scheme = (m[1] ?? "https").toLowerCase();
  if (scheme !== "http" && scheme !== "https") return null;
  let host = m[2]!.toLowerCase().replace(/^[^@]*@/, "").replace(/\.$/, "");
  if (host.startsWith("www.")) host = host.slice(4);
  if (!HOST.test(host)) return null;
  const path = m[3]!.replace(/\/+$/, "");
  return `${scheme}://${host}${path}`;
}

const PROVINCES: Record<string, string> = {
  gauteng: "Gauteng", gp: "Gauteng",
  westerncape: "Western Cape", wc: "Western Cape",
  kwazulunatal: "KwaZulu-Natal", kzn: "KwaZulu-Natal", natal: "KwaZulu-Natal",
  easterncape: "Eastern Cape", ec: "Eastern Cape",
  northwest: "North West", nw: "North West",
  limpopo: "Limpopo", lp: "Limpopo",
  mpumalanga: "Mpumalanga", mp: "Mpumalanga",
  freestate: "Free State", fs: "Free State",
  northerncape: "Northern Cape", nc: "Northern Cape",
};
const PROVINCE_PLACEHOLDERS = new Set(["", "unknown", "unspecified", "na", "none", "null", "notapplicable", "other", "tbc"]);

/** One of the nine official names, null for a placeholder, else the value title-cased. */
export function normaliseProvince(raw: string | null | undefined): string | null {
  const text = cleanName(raw);
  if (text === null) return null;
  const key = text.toLowerCase().replace(/\bprovince\b/g, "").replace(/[^a-z]/g, "");
  if (PROVINCE_PLACEHOLDERS.has(key)) return null;
  const official = PROVINCES[key];
  if (official) return official;
  const withoutWord = text.replace(/\bprovince\b/gi, "").trim();
  return titleCase(withoutWord || text);
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, lead: string, letter: string) => lead + letter.toUpperCase());
}

const COMBINING = /[\u0300-\u036f]/g;
const NON_ALNUM = /[^a-z0-9]+/g;

/** `360 Aviation (pty) Ltd` -> `360-aviation-pty-ltd` (NFKD, ASCII only). */
export function slugify(name: string): string {
  const ascii = ASCII_PRINTABLE.test(name) ? name : name.normalize("NFKD").replace(COMBINING, "");
  return ascii.toLowerCase().replace(NON_ALNUM, "-").replace(/^-+|-+$/g, "");
}
