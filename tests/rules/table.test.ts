/**
 * One table of tricky cells through the rules module: what each rule makes of it, and that the
 * per-column entry point enrich uses gives the same as the rule refine's normalise stage calls.
 */
import { describe, expect, test } from "bun:test";
import {
  cleanName,
  firstEmail,
  firstPhone,
  normaliseDate,
  normaliseForColumn,
  normaliseProvince,
  normaliseWebsite,
  organisationSlug,
} from "../../src/rules/index.ts";

const RULES = {
  website: (raw: string) => normaliseWebsite(raw),
  contact_primary_email: (raw: string) => firstEmail(raw),
  contact_primary_phone: (raw: string) => firstPhone(raw, "ZA"),
  province: (raw: string) => normaliseProvince(raw),
  last_interaction_date: (raw: string) => normaliseDate(raw),
  contact_primary_name: (raw: string) => cleanName(raw),
};
type Column = keyof typeof RULES;

const TABLE: [Column, string, string | null][] = [
  ["website", "https://münchen.de", "https://münchen.de"],
  ["website", "HTTPS://XN--MNCHEN-3YA.DE/", "https://münchen.de"],
  ["website", "www.MÜNCHEN.de/Seite/", "https://münchen.de/Seite"],
  ["website", "mailto:x@y.com", null],
  ["website", "x@y.com", null],
  ["website", "localhost:3000", null],
  ["website", "http://localhost:3000/app", null],
  ["website", "www.Example.com/Path/?q=1#top", "https://example.com/Path"],
  ["website", "example.com:8080", "https://example.com:8080"],
  ["website", "http://example.com:80/", "http://example.com"],
  ["website", "example.com:99999", null],
  ["website", "https://user:secret@Secure.example.com/p", "https://secure.example.com/p"],
  ["website", "https:/typo.example.com", "https://typo.example.com"],
  ["website", "ftp://files.example.com", null],
  ["website", "tel:+27821234567", null],
  ["website", "javascript:alert(1)", null],
  ["website", "Website: www.x.com", null],
  ["website", "none", null],
  ["contact_primary_email", "mailto:X@Y.com", "x@y.com"],
  ["contact_primary_email", "<mailto:a@b.co?subject=Hi>", "a@b.co"],
  ["contact_primary_email", "x@y..com", null],
  ["contact_primary_email", "UPPER@CASE.CO.ZA", "upper@case.co.za"],
  ["contact_primary_email", "Jane Doe <jane@aero.co.za>", "jane@aero.co.za"],
  ["contact_primary_email", "bad@nodot | ok@aero.co.za", "ok@aero.co.za"],
  ["contact_primary_email", "@aero.co.za", null],
  ["contact_primary_phone", "082 123 4567", "+27821234567"],
  ["contact_primary_phone", "+27 82 123 4567", "+27821234567"],
  ["contact_primary_phone", "27821234567", "+27821234567"],
  ["contact_primary_phone", "27821234567.0", "+27821234567"],
  ["contact_primary_phone", "821234567", "+27821234567"],
  ["contact_primary_phone", "000-000-0000", null],
  ["contact_primary_phone", "1234", null],
  ["contact_primary_phone", "n/a; 011 555 1234", "+27115551234"],
  ["province", "KZN", "KwaZulu-Natal"],
  ["province", "kwa-zulu natal province", "KwaZulu-Natal"],
  ["province", "N/A", null],
  ["province", "Unspecified", null],
  ["province", "Orange Free State", "Free State"],
  ["province", "north-west", "North West"],
  ["province", "harare province", "Harare"],
  ["last_interaction_date", "05/02/2025", "2025-02-05"],
  ["last_interaction_date", "2025-02-18T10:30:00Z", "2025-02-18"],
  ["last_interaction_date", "March 10, 2025", "2025-03-10"],
  ["last_interaction_date", "10-Sep-2025", "2025-09-10"],
  ["last_interaction_date", "45706", "2025-02-18"],
  ["last_interaction_date", "1970-01-01", null],
  ["last_interaction_date", "25569", null],
  ["last_interaction_date", "31/02/2025", null],
  ["contact_primary_name", "\u00a0Jane \t Doe\u200b", "Jane Doe"],
];

describe("rules table", () => {
  test.each(TABLE)("%s %p -> %p", (column, raw, expected) => {
    expect(RULES[column](raw)).toBe(expected);
    expect(normaliseForColumn(column, raw, "ZA")).toBe(expected);
  });

  test("slugs: accents dropped, other non-ASCII separates words like punctuation, no-ASCII names hashed", () => {
    const slug = (raw: string) => organisationSlug(cleanName(raw)!);
    expect(slug("Café Aéro (Pty) Ltd")).toBe("cafe-aero-pty-ltd");
    expect(slug("CAFE AERO (PTY) LTD")).toBe("cafe-aero-pty-ltd");
    expect(slug("Pilot’s Club")).toBe(slug("pilot's club"));
    expect(slug("Straße Flug")).toBe("stra-e-flug");
    expect(slug("東京航空")).toMatch(/^org-[0-9a-f]+$/);
    expect(slug(" 東京航空 ")).toBe(slug("東京航空"));
    expect(slug("東京航空")).not.toBe(slug("大阪航空"));
  });
});
