/**
 * Derived fields, computed from the row itself (confidence 0.9):
 * - website from a company email domain (`jane@skyhigh.co.za` -> `https://skyhigh.co.za`), never
 *   from a free-mail provider or a reserved example domain;
 * - province from the address text (a province or a town that lies in exactly one province);
 * - province from a South African landline area code (`+2711...` -> Gauteng).
 */
import { emailDomain, firstEmail, normaliseWebsite } from "../../rules/index.ts";
import type { Candidate, RowView } from "../types.ts";
import { FREE_MAIL_DOMAINS, RESERVED_DOMAINS, provinceFromPhone, provinceFromText } from "../za.ts";
import { CONFIDENCE, type OfflineFetcher } from "./fetcher.ts";

function split(cell: string | null): string[] {
  return cell ? cell.split(/[;,|]/).map((part) => part.trim()).filter((part) => part !== "") : [];
}

function candidate(column: Candidate["column"], value: string, from: string, strategy: string): Candidate {
  return { column, value, fetcher: "derived", source: `derived:${from}`, strategy, confidence: CONFIDENCE.derived };
}

export function websiteFromEmails(row: RowView): Candidate | null {
  for (const column of ["contact_primary_email", "contact_secondary_emails"]) {
    for (const raw of split(row.get(column))) {
      const email = firstEmail(raw);
      const domain = email ? emailDomain(email) : null;
      if (!domain || FREE_MAIL_DOMAINS.has(domain) || RESERVED_DOMAINS.has(domain)) continue;
      const website = normaliseWebsite(domain);
      if (website) return candidate("website", website, column, "email_domain");
    }
  }
  return null;
}

export function provinceFromRow(row: RowView): Candidate | null {
  for (const column of ["address_primary", "area"]) {
    const text = row.get(column);
    const province = text ? provinceFromText(text) : null;
    if (province) return candidate("province", province, column, "address_text");
  }
  for (const column of ["contact_primary_phone", "contact_secondary_phones"]) {
    for (const phone of split(row.get(column))) {
      const province = provinceFromPhone(phone);
      if (province) return candidate("province", province, column, "area_code");
    }
  }
  return null;
}

export async function prepareDerived(): Promise<OfflineFetcher> {
  return {
    name: "derived",
    strategy: "rules",
    from: "the row's own fields",
    candidates(row) {
      const out: Candidate[] = [];
      if (row.get("website") === null) {
        const website = websiteFromEmails(row);
        if (website) out.push(website);
      }
      if (row.get("province") === null) {
        const province = provinceFromRow(row);
        if (province) out.push(province);
      }
      return out;
    },
  };
}
