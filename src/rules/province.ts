/**
 * South African provinces (spec section 4): spellings and abbreviations map to the nine official
 * names (`KZN`, `Kwa-Zulu Natal`, `kwazulu natal province` -> `KwaZulu-Natal`); the word
 * "province" is ignored; placeholders (`Unknown`, `N/A`, `-`) become null; anything else is
 * title-cased as given (`harare province` -> `Harare`).
 */
import { cleanName } from "./text.ts";

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

/** Spellings by their letters alone, lower-cased (`Kwa-Zulu Natal` -> `kwazulunatal`). */
const SPELLINGS: Record<string, Province> = {
  gauteng: "Gauteng", gp: "Gauteng",
  westerncape: "Western Cape", wc: "Western Cape",
  kwazulunatal: "KwaZulu-Natal", kzn: "KwaZulu-Natal", natal: "KwaZulu-Natal",
  easterncape: "Eastern Cape", ec: "Eastern Cape",
  northwest: "North West", nw: "North West",
  limpopo: "Limpopo", lp: "Limpopo",
  mpumalanga: "Mpumalanga", mp: "Mpumalanga",
  freestate: "Free State", fs: "Free State", orangefreestate: "Free State",
  northerncape: "Northern Cape", nc: "Northern Cape",
};
const PLACEHOLDERS = new Set(["", "unknown", "unspecified", "na", "none", "null", "notapplicable", "other", "tbc"]);
const PROVINCE_WORD = /\bprovince\b/g;
const PROVINCE_WORD_ANY_CASE = /\bprovince\b/gi;
const NOT_LETTER = /[^a-z]/g;
const WORD_START = /(^|[\s-])(\p{L})/gu;

/** One of the nine official names, null for a placeholder, else the value title-cased. */
export function normaliseProvince(raw: string | null | undefined): string | null {
  const text = cleanName(raw);
  if (text === null) return null;
  const key = text.toLowerCase().replace(PROVINCE_WORD, "").replace(NOT_LETTER, "");
  if (PLACEHOLDERS.has(key)) return null;
  const official = SPELLINGS[key];
  if (official) return official;
  const withoutWord = text.replace(PROVINCE_WORD_ANY_CASE, "").trim();
  return titleCase(withoutWord || text);
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(WORD_START, (_, lead: string, letter: string) => lead + letter.toUpperCase());
}
