#!/usr/bin/env bun
/**
 * Writes synthetic workbooks in the three real aviation layouts (refine spec section 9) for N
 * organisations, deterministic for a seed:
 *
 *   bun run bench/generate.ts --orgs 100000 --out bench/.data/100k [--seed 7]
 *
 * Organisations overlap across `Reachout Database.xlsx`, `Contact Database.xlsx` (14 sheets, 4
 * of them data) and `SACAA Flight Schools - Refined copy__CLEANED.xlsx` (Cleaned, Issues,
 * Lists), with the messiness real files have: placeholder rows, blank join keys, numeric phone
 * cells, `000-000-0000`, several emails in a cell, day-first / serial / month-name dates,
 * duplicated names, a merged title row in an unread sheet and trailing empty rows.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  chance, dateText, excelSerial, makeOrg, phoneCell, pick, provinceSpelling, retyped, rng, websiteCell,
  type Org, type Random,
} from "./aviation-data.ts";
import { buildXlsx, type Cell, type SheetInput } from "./xlsx-writer.ts";

export const FILES = {
  reachout: "Reachout Database.xlsx",
  contact: "Contact Database.xlsx",
  sacaa: "SACAA Flight Schools - Refined copy__CLEANED.xlsx",
} as const;

export interface GenerateOptions {
  orgs: number;
  out: string;
  seed?: number;
}

export interface GenerateResult {
  files: string[];
  /** Rows written to the sheets the aviation profile reads (headers excluded). */
  sourceRows: number;
  /** Which organisations (by name) went into which source, for tests that check consolidation. */
  membership: { reachout: string[]; contact: string[]; sacaa: string[] };
  seconds: number;
}

const TRAILING = 40;

function placeholderRow(n: number): string {
  return `Unknown Organisation ${n}`;
}

function reachout(orgs: Org[], random: Random): SheetInput[] {
  const organisation: Cell[][] = [["Organisation Name", "ID", "Reachout Date", "Recent_Touch_Ind", "Area", "Distance", "Type", "Website", "Address", "Planes", "Description Type", "Notes", "Open Questions"]];
  const contacts: Cell[][] = [["ID", "Organisation Name", "Reachout Date", "Firstname", "Surname", "Position", "Phone", "WhatsApp", "Email", "Invalid", ""]];
  orgs.forEach((org, i) => {
    const id = i + 1;
    const date: Cell = chance(random, 0.7) ? { date: excelSerial(org.day) } : chance(random, 0.1) ? "1970-01-01" : dateText(random, org.day);
    organisation.push([
      retyped(random, org.name), id, date, pick(random, ["Y", "N", ""]), chance(random, 0.1) ? "Unspecified" : provinceSpelling(random, org.province),
      Math.floor(random() * 300), org.category, chance(random, 0.8) ? websiteCell(random, org.domain) : null,
      chance(random, 0.6) ? `${org.area} Airfield, Hangar ${1 + Math.floor(random() * 40)}` : null, org.planes,
      pick(random, ["Training", "Charter", "Maintenance", ""]), chance(random, 0.3) ? "Called, asked for brochure" : null, chance(random, 0.1) ? "Fleet size?" : null,
    ]);
    for (const c of org.contacts.slice(0, chance(random, 0.8) ? 1 : 2)) {
      contacts.push([
        chance(random, 0.03) ? null : id, org.name, date, c.first, c.last, c.role, phoneCell(random, c.mobile),
        chance(random, 0.3) ? phoneCell(random, c.mobile) : null, chance(random, 0.9) ? c.email : null, chance(random, 0.05) ? "Y" : null, null,
      ]);
    }
  });
  return [
    { name: "Organisation", rows: organisation, trailingEmptyRows: TRAILING },
    { name: "Contact Info", rows: contacts, trailingEmptyRows: TRAILING },
  ];
}

/** The ten sheets of Contact Database.xlsx that are not data; one opens with a merged title row. */
function unreadSheets(random: Random): SheetInput[] {
  const names = ["Summary", "Pivot", "Old_Contacts", "Lookup", "Sheet1", "Notes", "Archive 2023", "Orders", "Regions", "Categories"];
  return names.map((name, i) => ({
    name,
    rows: i === 0
      ? [["Contact Database — summary by category (do not edit)"], [], ["Category", "Count"], ["Flight School", Math.floor(random() * 500)], ["Charter", Math.floor(random() * 500)]]
      : [["Column1", "Column2"], [`${name} note`, i]],
    merges: i === 0 ? ["A1:F1"] : undefined,
  }));
}

function contactDatabase(orgs: Org[], captureOrgs: Org[], random: Random): SheetInput[] {
  const cat: Cell[][] = [["C_ID", "Company", "QuickNooks_Name", "Last_Order_Date", "Category", "Strat", "Priority", "Status", "LoadDate", "Checked", "Website"]];
  const people: Cell[][] = [["C_ID", "Company", "Status", "FirstName", "Surname", "Position", "Cellnumber", "Email", "Landline"]];
  const addresses: Cell[][] = [["C_ID", "Company", "Type", "Airport", ""]];
  let placeholder = 1;
  orgs.forEach((org, i) => {
    const blankKey = chance(random, 0.03);
    const id: Cell = blankKey ? null : 1000 + i;
    const date: Cell = chance(random, 0.5) ? { date: excelSerial(org.day) } : dateText(random, org.day);
    const row: Cell[] = [id, retyped(random, org.name), org.name.toUpperCase().slice(0, 20), chance(random, 0.4) ? dateText(random, org.day - 30) : null, org.category, pick(random, ["A", "B", "C"]), pick(random, ["High", "Medium", "Low"]), org.status, date, pick(random, ["TRUE", "FALSE"]), chance(random, 0.5) ? websiteCell(random, org.domain) : null];
    cat.push(row);
    if (chance(random, 0.005)) cat.push([...row]); // a pasted-twice row: a duplicate C_ID
    if (chance(random, 0.02)) cat.push([null, placeholderRow(placeholder++), null, null, "Unspecified", null, null, "Unknown", "1970-01-01", null, null]);
    if (chance(random, 0.35)) {
      const c = org.contacts[0]!;
      const emails = chance(random, 0.15) ? `${c.email}; info@${org.domain}` : c.email;
      people.push([blankKey ? null : id, org.name, "Active", c.first, c.last, c.role, phoneCell(random, c.mobile), emails, chance(random, 0.5) ? phoneCell(random, c.landline) : null]);
    }
    if (chance(random, 0.2)) {
      addresses.push([blankKey ? null : id, org.name, pick(random, ["Physical", "Postal"]), `${org.area} Airport`, `Hangar ${1 + Math.floor(random() * 30)}`]);
    }
  });
  const capture: Cell[][] = [["", "School", "Contact person (role)", "Phone", "Email", "Addresses", "Planes", "Website", "Description", "Type"]];
  captureOrgs.forEach((org, i) => {
    const c = org.contacts[0]!;
    capture.push([i + 1, org.name, `${c.first} ${c.last} (${c.role})`, phoneCell(random, c.mobile), `${c.email} / bookings@${org.domain}`, `${org.area} Aerodrome`, org.planes, websiteCell(random, org.domain), "Captured at the 10 October expo", org.category]);
  });
  return [
    { name: "Company_Cat", rows: cat, trailingEmptyRows: TRAILING },
    { name: "Company_Contacts", rows: people, trailingEmptyRows: TRAILING },
    { name: "Company_Addresses", rows: addresses },
    { name: "10-10-25 Capture", rows: capture },
    ...unreadSheets(random),
  ];
}

function sacaa(orgs: Org[], random: Random): SheetInput[] {
  const cleaned: Cell[][] = [["Name of Organisation", "Province", "Status", "Website URL", "Contact Person", "Contact Number", "Contact Email Address"]];
  let placeholder = 1;
  for (const org of orgs) {
    const c = org.contacts[0]!;
    const emails = chance(random, 0.2) ? `${c.email}, ops@${org.domain}` : chance(random, 0.05) ? "" : c.email;
    const row: Cell[] = [org.name, provinceSpelling(random, org.province), pick(random, ["Approved", "Active", "Suspended"]), websiteCell(random, org.domain), `${c.first} ${c.last}`, phoneCell(random, c.mobile), emails];
    cleaned.push(row);
    if (chance(random, 0.01)) cleaned.push([...row]); // the same school listed twice
    if (chance(random, 0.02)) cleaned.push([placeholderRow(placeholder++), "Unspecified", "Unknown", null, null, "000-000-0000", null]);
  }
  return [
    { name: "Cleaned", rows: cleaned, trailingEmptyRows: TRAILING },
    { name: "Issues", rows: [["Issues found while cleaning"], [], ["Row", "Issue"], [12, "Duplicate school"], [40, "Phone missing"]], merges: ["A1:D1"] },
    { name: "Lists", rows: [["Province"], ...Object.values(["Gauteng", "Western Cape", "KwaZulu-Natal", "Eastern Cape"]).map((p) => [p])] },
  ];
}

const dataRows = (sheets: SheetInput[], read: string[]) =>
  sheets.filter((s) => read.includes(s.name)).reduce((sum, s) => sum + s.rows.length - 1, 0);

/** Generates the three workbooks into `out`; the same seed always gives the same files. */
export async function generateAviationWorkbooks(options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const random = rng(options.seed ?? 7);
  mkdirSync(options.out, { recursive: true });
  const membership = { reachout: [] as string[], contact: [] as string[], sacaa: [] as string[] };
  const groups = { reachout: [] as Org[], contact: [] as Org[], sacaa: [] as Org[], capture: [] as Org[] };
  for (let i = 0; i < options.orgs; i++) {
    const org = makeOrg(i, random);
    const inSacaa = chance(random, 0.12);
    const inReachout = chance(random, 0.3);
    const inContact = chance(random, 0.45) || (!inSacaa && !inReachout);
    if (inSacaa) (groups.sacaa.push(org), membership.sacaa.push(org.name));
    if (inReachout) (groups.reachout.push(org), membership.reachout.push(org.name));
    if (inContact) (groups.contact.push(org), membership.contact.push(org.name));
    // The expo capture: mostly known companies, some not on Company_Cat at all.
    if (chance(random, 0.02)) groups.capture.push(org);
  }
  const reachoutSheets = reachout(groups.reachout, random);
  const contactSheets = contactDatabase(groups.contact, groups.capture, random);
  const sacaaSheets = sacaa(groups.sacaa, random);
  const files: string[] = [];
  for (const [name, sheets] of [[FILES.reachout, reachoutSheets], [FILES.contact, contactSheets], [FILES.sacaa, sacaaSheets]] as const) {
    const path = join(options.out, name);
    await Bun.write(path, buildXlsx(sheets));
    files.push(path);
  }
  const sourceRows =
    dataRows(reachoutSheets, ["Organisation", "Contact Info"]) +
    dataRows(contactSheets, ["Company_Cat", "Company_Contacts", "Company_Addresses", "10-10-25 Capture"]) +
    dataRows(sacaaSheets, ["Cleaned"]);
  return { files, sourceRows, membership, seconds: (performance.now() - started) / 1000 };
}

function parseCli(argv: string[]): GenerateOptions {
  const options: GenerateOptions = { orgs: 1000, out: "bench/.data/generated" };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === "--orgs" && value) options.orgs = Number(value);
    else if (flag === "--out" && value) options.out = value;
    else if (flag === "--seed" && value) options.seed = Number(value);
    else {
      console.error(`usage: bun run bench/generate.ts --orgs N --out DIR [--seed S] (unexpected ${flag})`);
      process.exit(2);
    }
    i++;
  }
  if (!Number.isInteger(options.orgs) || options.orgs < 1) {
    console.error("--orgs must be a positive integer");
    process.exit(2);
  }
  return options;
}

if (import.meta.main) {
  const result = await generateAviationWorkbooks(parseCli(process.argv.slice(2)));
  console.log(`wrote ${result.files.length} workbooks (${result.sourceRows} source rows) in ${result.seconds.toFixed(1)} s:`);
  for (const file of result.files) console.log(`  ${file}`);
}
