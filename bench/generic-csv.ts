#!/usr/bin/env bun
/**
 * Writes the `generic-csv` benchmark shape: four CSV exports of the same businesses from four
 * systems, for the `generic` profile (no declared sources: every column is mapped by the
 * profile's synonyms, some only by its fuzzy match), deterministic for a seed:
 *
 *   bun run bench/generic-csv.ts --orgs 100000 --out bench/.data/generic-csv-100000 [--seed 7]
 *
 * What makes it hard: about 2.1 rows per organisation (a business is in one to four files, some
 * twice in one file), 32-34 columns per row of which 12-15 map to refined fields, long text
 * cells (descriptions, multi-line call notes with quotes), four header spellings (`Account Name`,
 * `Organisation`, a hand-typed `Organisaton Name`, `Business Name`), a `;`-separated file, a BOM,
 * rows in a different order in each file, and placeholder rows. Every business appears at least
 * once, and every spelling of a name slugs the same, so refine should give one row per business.
 */
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chance, pick, rng, websiteCell, type Random } from "./aviation-data.ts";
import { date, INDUSTRIES, longText, makeBusiness, phone, PLACEHOLDERS, province, spelling, type Business, type Person } from "./generic-data.ts";

interface Row {
  b: Business;
  c: Person;
  random: Random;
  i: number;
}
type Column = [header: string, value: (row: Row) => string | number];

interface Export {
  file: string;
  delimiter: string;
  bom: boolean;
  /** Chance a business is in this export. */
  share: number;
  /** Rows in business order, or scrambled (a stride through the businesses). */
  scrambled: boolean;
  columns: Column[];
}

const maybe = (p: number, value: (row: Row) => string | number) => (row: Row) => (chance(row.random, p) ? value(row) : "");
const person = (r: Row) => `${r.c.first} ${r.c.last}`;
const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 19).replace("T", " ");

/** Columns every export drags along that map to no refined field (the width of real exports). */
function filler(names: string[]): Column[] {
  const values: Record<string, (r: Row) => string | number> = {
    owner: (r) => `${pick(r.random, ["T.", "K.", "S.", "A."])} ${pick(r.random, ["Naidoo", "Botha", "Dube", "Smit"])}`,
    created: (r) => iso(r.b.day - 400 - Math.floor(r.random() * 900)),
    modified: (r) => iso(r.b.day),
    revenue: (r) => Math.floor(r.random() * 5e7),
    employees: (r) => r.b.employees,
    source: (r) => pick(r.random, ["Web", "Referral", "Cold Call", "Trade Show", "Partner", "Import"]),
    rating: (r) => pick(r.random, ["Hot", "Warm", "Cold", ""]),
    code: (r) => String(10_000 + Math.floor(r.random() * 89_999)),
    vat: (r) => `4${String(Math.floor(r.random() * 1e9)).padStart(9, "0")}`,
    registration: (r) => `${2000 + Math.floor(r.random() * 25)}/${String(Math.floor(r.random() * 1e6)).padStart(6, "0")}/07`,
    tags: (r) => Array.from({ length: 1 + Math.floor(r.random() * 4) }, () => pick(r.random, ["vip", "tender", "b-bbee", "cod", "export", "new", "lapsed"])).join(", "),
    flag: (r) => pick(r.random, ["Y", "N", "", "TRUE", "FALSE"]),
    currency: () => "ZAR",
    language: (r) => pick(r.random, ["English", "Afrikaans", "isiZulu", "isiXhosa", "Sesotho"]),
    country: () => "South Africa",
    postcode: (r) => String(1000 + Math.floor(r.random() * 8000)),
    balance: (r) => (r.random() * 1e5).toFixed(2),
    linkedin: (r) => `https://www.linkedin.com/company/${r.b.domain.split(".")[0]}`,
    batch: (r) => `IMP-${2024 + (r.i % 2)}-${String(r.i % 997).padStart(4, "0")}`,
    segment: (r) => pick(r.random, ["SME", "Enterprise", "Micro", "Public Sector"]),
  };
  return names.map((spec) => {
    const [header, kind] = spec.split("=") as [string, string];
    const value = values[kind];
    if (!value) throw new Error(`no filler kind ${kind}`);
    return [header, value];
  });
}

const EXPORTS: Export[] = [
  {
    file: "crm_accounts_export.csv", delimiter: ",", bom: true, share: 0.65, scrambled: false,
    columns: [
      ["Account ID", (r) => `ACC-${String(r.i + 1).padStart(7, "0")}`], ["Account Name", (r) => spelling(r.random, r.b.name)], ["Type", (r) => pick(r.random, ["Customer", "Prospect", "Partner"])],
      ["Industry", (r) => r.b.industry], ["Status", (r) => r.b.status], ["Website", maybe(0.8, (r) => websiteCell(r.random, r.b.domain))], ["Phone", (r) => phone(r.random, r.c.mobile)],
      ["Street Address", (r) => r.b.street], ["City", (r) => r.b.city], ["State", (r) => province(r.random, r.b.province)], ["Description", maybe(0.6, (r) => longText(r.random, "description", r.b.day))],
      ["Contact Name", person], ["Contact Email", (r) => r.c.email], ["Title", (r) => r.c.role], ["Last Contacted", (r) => date(r.random, r.b.day)], ["Priority", (r) => pick(r.random, ["High", "Medium", "Low"])],
      ...filler(["Account Owner=owner", "Created=created", "Modified=modified", "Annual Revenue=revenue", "Employees=employees", "Lead Source=source", "Rating=rating", "SIC Code=code", "VAT Number=vat", "Registration No=registration", "Tags=tags", "Marketing Opt Out=flag", "Currency=currency", "Country=country", "Postal Code=postcode", "Balance=balance", "LinkedIn=linkedin", "Import Batch=batch"]),
    ],
  },
  {
    file: "marketing-list.csv", delimiter: ";", bom: false, share: 0.55, scrambled: true,
    columns: [
      ["Organisation", (r) => spelling(r.random, r.b.name)], ["Contact Person", person], ["E-mail", (r) => (chance(r.random, 0.2) ? `${r.c.email}; info@${r.b.domain}` : r.c.email)], ["Mobile", (r) => phone(r.random, r.c.mobile)],
      ["Tel", maybe(0.4, (r) => phone(r.random, r.b.contacts[0]!.mobile))], ["Web Address", maybe(0.7, (r) => websiteCell(r.random, r.b.domain))], ["Town", (r) => r.b.city], ["Region", (r) => province(r.random, r.b.province)],
      ["Sector", (r) => r.b.industry], ["Comments", maybe(0.5, (r) => longText(r.random, "notes", r.b.day))], ["Last Contact", maybe(0.7, (r) => date(r.random, r.b.day))],
      ...filler(["Segment=segment", "Language=language", "Opt In=flag", "Opt In Date=created", "Campaign Code=code", "Campaign Source=source", "List Owner=owner", "Tags=tags", "Bounce=flag", "Unsubscribed=flag", "Country=country", "Postcode=postcode", "Employees=employees", "Turnover=revenue", "Rating=rating", "Created=created", "Updated=modified", "Batch=batch", "Consent=flag", "Record Source=source", "LinkedIn Page=linkedin"]),
    ],
  },
  {
    file: "expo_attendees_2025.csv", delimiter: ",", bom: false, share: 0.35, scrambled: true,
    columns: [
      ["Organisaton Name", (r) => spelling(r.random, r.b.name)], ["Contact Persn", person], ["E-mail Adress", (r) => r.c.email], ["Phone Nmber", (r) => phone(r.random, r.c.mobile)], ["Provnce", (r) => province(r.random, r.b.province)],
      ["Adress", maybe(0.6, (r) => `${r.b.street}, ${r.b.city}`)], ["Web-Site", maybe(0.5, (r) => websiteCell(r.random, r.b.domain))], ["Notes", maybe(0.7, (r) => longText(r.random, "notes", r.b.day))], ["Industry", (r) => r.b.industry],
      ...filler(["Badge No=code", "Registered=created", "Checked In=flag", "Stand Visited=code", "Lead Rating=rating", "Interest=segment", "Scanned By=owner", "Follow Up=flag", "Language=language", "Country=country", "Postal Code=postcode", "Employees=employees", "Budget=revenue", "Tags=tags", "Import Batch=batch", "Lead Source=source", "Consent=flag", "Scanned At=modified", "Company Size=segment", "Badge Type=rating", "Dietary=flag", "Session Code=code", "Workshop=flag"]),
    ],
  },
  {
    file: "supplier_register.csv", delimiter: ",", bom: false, share: 0.45, scrambled: false,
    columns: [
      ["Supplier No", (r) => `S${r.i + 1}`], ["Business Name", (r) => spelling(r.random, r.b.name)], ["Company Type", (r) => pick(r.random, ["Pty Ltd", "CC", "Sole Proprietor", "Trust"])], ["Category", (r) => pick(r.random, INDUSTRIES)],
      ["Telephone", (r) => phone(r.random, r.c.mobile)], ["Email Address", (r) => r.c.email], ["Homepage", maybe(0.6, (r) => websiteCell(r.random, r.b.domain))], ["Suburb", (r) => r.b.city], ["Province", (r) => province(r.random, r.b.province)],
      ["Postal Address", (r) => `PO Box ${1 + Math.floor(r.random() * 9999)}, ${r.b.city}`], ["First Name", (r) => r.c.first], ["Last Name", (r) => r.c.last], ["Job Title", (r) => r.c.role], ["Remarks", maybe(0.4, (r) => longText(r.random, "description", r.b.day))],
      ...filler(["VAT Number=vat", "Registration Number=registration", "B-BBEE Level=code", "Tax Clearance=flag", "Bank=owner", "Branch Code=code", "Payment Terms=segment", "Credit Limit=revenue", "Balance=balance", "Currency=currency", "Approved=flag", "Approved On=created", "Last Order=modified", "Buyer=owner", "Country=country", "Postal Code=postcode", "Employees=employees", "Batch=batch"]),
    ],
  },
];

const RE_IMPORTED = 0.03;
const PLACEHOLDER_ROWS = 0.02;

function csvCell(value: string | number, delimiter: string): string {
  const text = String(value);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A stride through 0..n-1 that visits each index once (the stride is prime to n). */
function order(n: number, scrambled: boolean): (k: number) => number {
  if (!scrambled) return (k) => k;
  const stride = [7_919, 104_723, 1_299_709].find((p) => n % p !== 0)!;
  return (k) => (k * stride) % n;
}

export interface GenericCsvResult {
  files: string[];
  /** Data rows written (headers excluded). */
  sourceRows: number;
  seconds: number;
}

export async function generateGenericCsv(options: { orgs: number; out: string; seed?: number }): Promise<GenericCsvResult> {
  const started = performance.now();
  const seed = options.seed ?? 7;
  const stream = (i: number, salt: number) => rng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b) ^ Math.imul(salt, 0xc2b2ae35)) >>> 0);
  const inExport = (i: number): boolean[] => {
    const r = stream(i, 2);
    const member = EXPORTS.map((e) => chance(r, e.share));
    if (!member.includes(true)) member[0] = true; // everyone is in the CRM at least
    return member;
  };
  await mkdir(options.out, { recursive: true });
  const files: string[] = [];
  let sourceRows = 0;
  for (const [x, spec] of EXPORTS.entries()) {
    const path = join(options.out, spec.file);
    const out = createWriteStream(path);
    const write = (text: string) => (out.write(text) ? undefined : new Promise<void>((resolve) => out.once("drain", () => resolve())));
    let chunk = (spec.bom ? "\ufeff" : "") + spec.columns.map(([header]) => csvCell(header, spec.delimiter)).join(spec.delimiter) + "\r\n";
    const at = order(options.orgs, spec.scrambled);
    for (let k = 0; k < options.orgs; k++) {
      const i = at(k);
      if (!inExport(i)[x]) continue;
      const random = stream(i, 10 + x);
      const b = makeBusiness(i, stream(i, 1));
      const copies = chance(random, RE_IMPORTED) ? 2 : 1;
      for (let copy = 0; copy < copies; copy++) {
        const row: Row = { b, c: b.contacts[(x + copy) % b.contacts.length]!, random, i };
        chunk += spec.columns.map(([, value]) => csvCell(value(row), spec.delimiter)).join(spec.delimiter) + "\r\n";
        sourceRows++;
      }
      if (chance(random, PLACEHOLDER_ROWS)) {
        const row: Row = { b: { ...b, name: pick(random, PLACEHOLDERS) }, c: b.contacts[0]!, random, i };
        chunk += spec.columns.map(([, value]) => csvCell(value(row), spec.delimiter)).join(spec.delimiter) + "\r\n";
        sourceRows++;
      }
      if (chunk.length > 1 << 20) {
        await write(chunk);
        chunk = "";
      }
    }
    await write(chunk);
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    files.push(path);
  }
  return { files, sourceRows, seconds: (performance.now() - started) / 1000 };
}

if (import.meta.main) {
  const argv = process.argv.slice(2);
  const value = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const orgs = Number(value("--orgs") ?? 1000);
  const result = await generateGenericCsv({ orgs, out: value("--out") ?? `bench/.data/generic-csv-${orgs}`, seed: Number(value("--seed") ?? 7) });
  console.log(`wrote ${result.files.length} CSV files (${result.sourceRows} source rows) in ${result.seconds.toFixed(1)} s:`);
  for (const file of result.files) console.log(`  ${file}`);
}
