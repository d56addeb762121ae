#!/usr/bin/env bun
/**
 * Writes synthetic workbooks in the three real aviation layouts (refine spec section 9) for N
 * organisations, deterministic for a seed:
 *
 *   bun run bench/generate.ts --orgs 100000 --out bench/.data/100k [--seed 7] [--mix dense]
 *
 * `--mix dense` shapes the same layouts differently (bench/aviation-mix.ts). Past
 * MAX_PART_ORGS organisations each workbook is split into parts of equal size (`Contact
 * Database (part 2 of 4).xlsx`, each part holding its own organisations in every sheet), as a
 * sheet holds at most 1,048,576 rows and one workbook of a million organisations would be
 * unwieldy to write and to open.
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
  callLog, chance, dateText, excelSerial, makeOrg, phoneCell, pick, placeholderVariant, provinceSpelling, retyped, rng, websiteCell,
  type Org, type Random,
} from "./aviation-data.ts";
import { DEFAULT_MIX, DENSE_MIX, type AviationMix } from "./aviation-mix.ts";
import { buildXlsxCounting, type Cell, type SheetInput } from "./xlsx-writer.ts";

export const FILES = {
  reachout: "Reachout Database.xlsx",
  contact: "Contact Database.xlsx",
  sacaa: "SACAA Flight Schools - Refined copy__CLEANED.xlsx",
} as const;

export interface GenerateOptions {
  orgs: number;
  out: string;
  seed?: number;
  /** The rates behind the data (default: DEFAULT_MIX, the data as it always was). */
  mix?: AviationMix;
  /** Organisations per set of workbooks before the set is split into parts (default MAX_PART_ORGS). */
  partOrgs?: number;
}

/** Organisations per set of workbooks; more are split into equal parts. */
export const MAX_PART_ORGS = 250_000;

export interface GenerateResult {
  files: string[];
  /** Rows written to the sheets the aviation profile reads (headers excluded). */
  sourceRows: number;
  /** Which organisations (by name) went into which source, for tests that check consolidation. */
  membership: { reachout: string[]; contact: string[]; sacaa: string[] };
  seconds: number;
}

const TRAILING = 40;

/**
 * Everything about organisation i comes from its own seeded streams, so each sheet can be
 * written in its own pass over the organisations, with no organisation kept in memory, and the
 * sheets still agree (the same blank C_ID, the same reachout date, the same name).
 */
class Population {
  constructor(
    readonly size: number,
    private readonly seed: number,
    readonly mix: AviationMix,
    /** The organisations this part of the workbooks holds: [from, to). */
    readonly from = 0,
    readonly to = size,
  ) {}

  random(i: number, salt: number): Random {
    return rng((Math.imul(this.seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b) ^ Math.imul(salt, 0xc2b2ae35)) >>> 0);
  }

  org(i: number): Org {
    return makeOrg(i, this.random(i, 1), this.mix.contacts);
  }

  membership(i: number): { sacaa: boolean; reachout: boolean; contact: boolean; capture: boolean } {
    const r = this.random(i, 2);
    const rates = this.mix.membership;
    const sacaa = chance(r, rates.sacaa);
    const reachout = chance(r, rates.reachout);
    const contact = chance(r, rates.contact) || (!sacaa && !reachout);
    // The expo capture: mostly known companies, some not on Company_Cat at all.
    return { sacaa, reachout, contact, capture: chance(r, rates.capture) };
  }

  /** Facts two sheets of one workbook must agree on. */
  facts(i: number, org: Org): { blankCid: boolean; reachoutDate: Cell } {
    const r = this.random(i, 3);
    const reachoutDate: Cell = chance(r, 0.7) ? { date: excelSerial(org.day) } : chance(r, 0.1) ? "1970-01-01" : dateText(r, org.day);
    return { blankCid: chance(r, 0.03), reachoutDate };
  }

  /** Organisations of one source, with a random stream for this sheet. */
  *members(source: "sacaa" | "reachout" | "contact" | "capture", salt: number): Generator<{ i: number; org: Org; random: Random }> {
    for (let i = this.from; i < this.to; i++) {
      if (this.membership(i)[source]) yield { i, org: this.org(i), random: this.random(i, salt) };
    }
  }
}

function placeholderName(n: number): string {
  return `Unknown Organisation ${n}`;
}

function placeholderFor(people: Population, random: Random, n: number): string {
  return people.mix.variedPlaceholders ? placeholderVariant(random, n) : placeholderName(n);
}

function note(people: Population, random: Random, org: Org): string | null {
  const { notes, longNotes } = people.mix;
  if (!chance(random, notes)) return null;
  return longNotes > 0 && chance(random, longNotes) ? callLog(random, org.day) : "Called, asked for brochure";
}

function reachout(people: Population): SheetInput[] {
  const mix = people.mix;
  function* organisation(): Generator<Cell[]> {
    yield ["Organisation Name", "ID", "Reachout Date", "Recent_Touch_Ind", "Area", "Distance", "Type", "Website", "Address", "Planes", "Description Type", "Notes", "Open Questions"];
    for (const { i, org, random } of people.members("reachout", 10)) {
      yield [
        retyped(random, org.name), i + 1, people.facts(i, org).reachoutDate, pick(random, ["Y", "N", ""]), chance(random, 0.1) ? "Unspecified" : provinceSpelling(random, org.province),
        Math.floor(random() * 300), org.category, chance(random, 0.8) ? websiteCell(random, org.domain) : null,
        chance(random, 0.6) ? `${org.area} Airfield, Hangar ${1 + Math.floor(random() * 40)}` : null, org.planes,
        pick(random, ["Training", "Charter", "Maintenance", ""]), note(people, random, org), chance(random, 0.1) ? "Fleet size?" : null,
      ];
    }
  }
  function* contacts(): Generator<Cell[]> {
    yield ["ID", "Organisation Name", "Reachout Date", "Firstname", "Surname", "Position", "Phone", "WhatsApp", "Email", "Invalid", ""];
    for (const { i, org, random } of people.members("reachout", 11)) {
      for (const c of org.contacts.slice(0, chance(random, mix.contactInfoFirstOnly) ? 1 : mix.contactInfoMax)) {
        yield [
          chance(random, 0.03) ? null : i + 1, org.name, people.facts(i, org).reachoutDate, c.first, c.last, c.role, phoneCell(random, c.mobile),
          chance(random, 0.3) ? phoneCell(random, c.mobile) : null, chance(random, 0.9) ? c.email : null, chance(random, 0.05) ? "Y" : null, null,
        ];
      }
    }
  }
  return [
    { name: "Organisation", rows: organisation(), trailingEmptyRows: TRAILING },
    { name: "Contact Info", rows: contacts(), trailingEmptyRows: TRAILING },
  ];
}

/** The ten sheets of Contact Database.xlsx that are not data; one opens with a merged title row. */
function unreadSheets(): SheetInput[] {
  const names = ["Summary", "Pivot", "Old_Contacts", "Lookup", "Sheet1", "Notes", "Archive 2023", "Orders", "Regions", "Categories"];
  return names.map((name, i) => ({
    name,
    rows: i === 0
      ? [["Contact Database — summary by category (do not edit)"], [], ["Category", "Count"], ["Flight School", 212], ["Charter", 87]]
      : [["Column1", "Column2"], [`${name} note`, i]],
    merges: i === 0 ? ["A1:F1"] : undefined,
  }));
}

function contactDatabase(people: Population): SheetInput[] {
  const mix = people.mix;
  const cid = (i: number, org: Org): Cell => (people.facts(i, org).blankCid ? null : 1000 + i);
  function* companies(): Generator<Cell[]> {
    yield ["C_ID", "Company", "QuickNooks_Name", "Last_Order_Date", "Category", "Strat", "Priority", "Status", "LoadDate", "Checked", "Website"];
    let placeholder = 1;
    for (const { i, org, random } of people.members("contact", 20)) {
      const date: Cell = chance(random, 0.5) ? { date: excelSerial(org.day) } : dateText(random, org.day);
      const row: Cell[] = [cid(i, org), retyped(random, org.name), org.name.toUpperCase().slice(0, 20), chance(random, 0.4) ? dateText(random, org.day - 30) : null, org.category, pick(random, ["A", "B", "C"]), pick(random, ["High", "Medium", "Low"]), org.status, date, pick(random, ["TRUE", "FALSE"]), chance(random, 0.5) ? websiteCell(random, org.domain) : null];
      yield row;
      if (chance(random, mix.pastedTwice)) yield [...row]; // a pasted-twice row: a duplicate C_ID
      if (chance(random, mix.placeholders)) yield [null, placeholderFor(people, random, placeholder++), null, null, "Unspecified", null, null, "Unknown", "1970-01-01", null, null];
      // Entered again by someone else, under a new C_ID: the same organisation, another record.
      if (mix.reentered > 0 && chance(random, mix.reentered)) yield [1000 + people.size + i, retyped(random, org.name), ...row.slice(2)];
    }
  }
  function* contacts(): Generator<Cell[]> {
    yield ["C_ID", "Company", "Status", "FirstName", "Surname", "Position", "Cellnumber", "Email", "Landline"];
    for (const { i, org, random } of people.members("contact", 21)) {
      if (!chance(random, mix.companyContacts)) continue;
      for (const c of mix.companyContactsAll ? org.contacts : org.contacts.slice(0, 1)) {
        const emails = chance(random, 0.15) ? `${c.email}; info@${org.domain}` : c.email;
        yield [cid(i, org), org.name, "Active", c.first, c.last, c.role, phoneCell(random, c.mobile), emails, chance(random, 0.5) ? phoneCell(random, c.landline) : null];
      }
    }
  }
  function* addresses(): Generator<Cell[]> {
    yield ["C_ID", "Company", "Type", "Airport", ""];
    for (const { i, org, random } of people.members("contact", 22)) {
      if (chance(random, 0.2)) yield [cid(i, org), org.name, pick(random, ["Physical", "Postal"]), `${org.area} Airport`, `Hangar ${1 + Math.floor(random() * 30)}`];
    }
  }
  function* capture(): Generator<Cell[]> {
    yield ["", "School", "Contact person (role)", "Phone", "Email", "Addresses", "Planes", "Website", "Description", "Type"];
    let n = 0;
    for (const { org, random } of people.members("capture", 23)) {
      const c = org.contacts[0]!;
      yield [++n, org.name, `${c.first} ${c.last} (${c.role})`, phoneCell(random, c.mobile), `${c.email} / bookings@${org.domain}`, `${org.area} Aerodrome`, org.planes, websiteCell(random, org.domain), "Captured at the 10 October expo", org.category];
    }
  }
  return [
    { name: "Company_Cat", rows: companies(), trailingEmptyRows: TRAILING },
    { name: "Company_Contacts", rows: contacts(), trailingEmptyRows: TRAILING },
    { name: "Company_Addresses", rows: addresses() },
    { name: "10-10-25 Capture", rows: capture() },
    ...unreadSheets(),
  ];
}

function sacaa(people: Population): SheetInput[] {
  const mix = people.mix;
  function* cleaned(): Generator<Cell[]> {
    yield ["Name of Organisation", "Province", "Status", "Website URL", "Contact Person", "Contact Number", "Contact Email Address"];
    let placeholder = 1;
    for (const { org, random } of people.members("sacaa", 30)) {
      const c = org.contacts[0]!;
      const emails = chance(random, 0.2) ? `${c.email}, ops@${org.domain}` : chance(random, 0.05) ? "" : c.email;
      const row: Cell[] = [org.name, provinceSpelling(random, org.province), pick(random, ["Approved", "Active", "Suspended"]), websiteCell(random, org.domain), `${c.first} ${c.last}`, phoneCell(random, c.mobile), emails];
      yield row;
      if (chance(random, mix.sacaaTwice)) yield [...row]; // the same school listed twice
      if (chance(random, mix.placeholders)) yield [placeholderFor(people, random, placeholder++), "Unspecified", "Unknown", null, null, "000-000-0000", null];
    }
  }
  return [
    { name: "Cleaned", rows: cleaned(), trailingEmptyRows: TRAILING },
    { name: "Issues", rows: [["Issues found while cleaning"], [], ["Row", "Issue"], [12, "Duplicate school"], [40, "Phone missing"]], merges: ["A1:D1"] },
    { name: "Lists", rows: [["Province"], ["Gauteng"], ["Western Cape"], ["KwaZulu-Natal"], ["Eastern Cape"]] },
  ];
}

/** `Contact Database.xlsx`, or `Contact Database (part 2 of 4).xlsx` when the set is split. */
function partName(file: string, part: number, parts: number): string {
  return parts === 1 ? file : file.replace(/\.xlsx$/, ` (part ${part + 1} of ${parts}).xlsx`);
}

/** Generates the three workbooks into `out`; the same seed always gives the same files. */
export async function generateAviationWorkbooks(options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const seed = options.seed ?? 7;
  const mix = options.mix ?? DEFAULT_MIX;
  const everyone = new Population(options.orgs, seed, mix);
  mkdirSync(options.out, { recursive: true });
  const membership = { reachout: [] as string[], contact: [] as string[], sacaa: [] as string[] };
  for (let i = 0; i < options.orgs; i++) {
    const member = everyone.membership(i);
    const name = everyone.org(i).name;
    if (member.sacaa) membership.sacaa.push(name);
    if (member.reachout) membership.reachout.push(name);
    if (member.contact) membership.contact.push(name);
  }
  const parts = Math.ceil(options.orgs / (options.partOrgs ?? MAX_PART_ORGS));
  const files: string[] = [];
  let sourceRows = 0;
  for (let part = 0; part < parts; part++) {
    const from = Math.floor((part * options.orgs) / parts);
    const people = new Population(options.orgs, seed, mix, from, Math.floor(((part + 1) * options.orgs) / parts));
    // One workbook at a time, each sheet streamed row by row into its XML.
    const layouts: [string, SheetInput[], string[]][] = [
      [FILES.reachout, reachout(people), ["Organisation", "Contact Info"]],
      [FILES.contact, contactDatabase(people), ["Company_Cat", "Company_Contacts", "Company_Addresses", "10-10-25 Capture"]],
      [FILES.sacaa, sacaa(people), ["Cleaned"]],
    ];
    for (const [name, sheets, read] of layouts) {
      const { bytes, rows } = buildXlsxCounting(sheets);
      for (const sheet of read) sourceRows += (rows[sheet] ?? 1) - 1;
      const path = join(options.out, partName(name, part, parts));
      await Bun.write(path, bytes);
      files.push(path);
      Bun.gc(false); // let the finished workbook's garbage go before the next one grows the heap
    }
  }
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
    else if (flag === "--mix" && (value === "dense" || value === "default")) options.mix = value === "dense" ? DENSE_MIX : DEFAULT_MIX;
    else {
      console.error(`usage: bun run bench/generate.ts --orgs N --out DIR [--seed S] [--mix default|dense] (unexpected ${flag})`);
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
