import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { generateAviationWorkbooks, type GenerateResult } from "../../../bench/generate.ts";
import { loadSources } from "../../../src/pipeline/load/index.ts";
import type { LoadResult, RawRecord } from "../../../src/pipeline/types.ts";
import { loadProfile } from "../../../src/profiles/loader.ts";
import { tempDir } from "../../support/binary.ts";
import { recordingBus, refineOptions, writeXlsx } from "../../support/workbooks.ts";

describe("the aviation profile on generated workbooks", () => {
  const dir = tempDir("hotpass-load-aviation-");
  let generated: GenerateResult;
  let result: LoadResult;
  let events: ReturnType<typeof recordingBus>["events"];

  beforeAll(async () => {
    generated = await generateAviationWorkbooks({ orgs: 400, out: dir.path, seed: 11 });
    const recorder = recordingBus();
    events = recorder.events;
    result = await loadSources(refineOptions(dir.path, await loadProfile("aviation", [])), recorder.bus);
  });
  afterAll(() => dir.cleanup());

  test("reads the seven data sheets of the three workbooks and reports each file", () => {
    expect(result.sources.map((s) => `${s.source}/${s.sheet}`)).toEqual([
      "Contact Database/Company_Cat",
      "Contact Database/Company_Contacts",
      "Contact Database/Company_Addresses",
      "Contact Database/10-10-25 Capture",
      "Reachout Database/Organisation",
      "Reachout Database/Contact Info",
      "SACAA Cleaned/Cleaned",
    ]);
    expect(result.sources.reduce((sum, s) => sum + s.rows, 0)).toBe(generated.sourceRows);
    const fileEvents = events.filter((e) => e.name === "load.file").map((e) => e.data as { files_done: number; files_total: number });
    expect(fileEvents.map((e) => `${e.files_done}/${e.files_total}`)).toEqual(["1/3", "2/3", "3/3"]);
    expect(result.sources[2]!.mapping.address).toBe("Airport + column E");
  });

  test("an organisation in all three sources gives one record per source, keyed as the spec says", () => {
    const { reachout, contact, sacaa } = generated.membership;
    const everywhere = sacaa.filter((name) => reachout.includes(name) && contact.includes(name));
    expect(everywhere.length).toBeGreaterThan(0);
    const name = everywhere[0]!;
    const rows = result.records.filter((r) => r.organization_name?.trim().toLowerCase() === name.toLowerCase());
    const ids = rows.map((r) => r.source_record_id).sort();
    expect(ids).toHaveLength(3);
    expect(ids[0]).toMatch(/^contact:\d+$/);
    expect(ids[1]).toMatch(/^reachout:\d+$/);
    expect(ids[2]).toBe(`sacaa:${name}`);
    expect(rows.map((r) => r.source_priority).sort()).toEqual([1, 2, 3]);
  });

  test("numeric cells keep their digits: no .0, no exponent", () => {
    const phones = result.records.flatMap((r) => r.contact_phones);
    expect(phones.some((p) => /^27\d{9}$/.test(p))).toBe(true);
    expect(phones.filter((p) => /\.0$|e\+|E\d/.test(p))).toEqual([]);
    // Excel serial dates stay their number text for normalise to convert.
    expect(result.records.some((r) => /^\d{5}$/.test(r.last_interaction_date ?? ""))).toBe(true);
  });

  test("several emails in one cell become several emails", () => {
    const sacaa = result.records.filter((r) => r.source_dataset === "SACAA Cleaned");
    expect(sacaa.some((r) => r.contact_emails.length === 2 && r.contact_emails[1]!.startsWith("ops@"))).toBe(true);
    expect(result.records.flatMap((r) => r.contact_emails).filter((e) => /[;,|/ ]/.test(e))).toEqual([]);
  });

  test("placeholders and duplicates are dropped and counted; duplicates keep the first row", () => {
    expect(result.dropped.placeholder_organization_name).toBeGreaterThan(0);
    expect(result.records.some((r) => /^unknown organisation/i.test(r.organization_name ?? ""))).toBe(false);
    const tables = result.duplicates.map((d) => d.table);
    expect(tables).toContain("contact-Company_Cat");
    const dup = result.duplicates.find((d) => d.table === "contact-Company_Cat")!;
    expect(dup.key_column).toBe("C_ID");
    const droppedId = dup.rows[0]![0]!;
    expect(result.records.filter((r) => r.source_record_id === `contact:${droppedId}`)).toHaveLength(1);
    expect(result.dropped.duplicate_key).toBe(result.duplicates.reduce((n, d) => n + d.rows.length, 0));
  });

  test("source expectations are recorded with their counts", () => {
    const notNull = result.expectations.find((e) => e.rule === "not_null" && e.column === "C_ID")!;
    expect(notNull.scope).toBe("source:Contact Database/Company_Cat");
    expect(notNull.failed).toBeGreaterThan(0);
    expect(notNull.success).toBe(true);
  });
});

describe("joins in Contact Database", () => {
  const dir = tempDir("hotpass-load-joins-");
  let records: RawRecord[];
  afterAll(() => dir.cleanup());

  beforeAll(async () => {
    writeXlsx(dir.path, "Contact Database.xlsx", [
      { name: "Company_Cat", rows: [["C_ID", "Company", "QuickNooks_Name", "Last_Order_Date", "Category", "Strat", "Priority", "Status", "LoadDate", "Checked", "Website"], [1, "Alpha Air", null, null, "Charter", null, "High", "Active", { date: 45706 }], [null, "Beta Flight School", null, null, "Flight School"]] },
      { name: "Company_Contacts", rows: [["C_ID", "Company", "Status", "FirstName", "Surname", "Position", "Cellnumber", "Email", "Landline"], [1, "Alpha Air", "Active", "Ann", "Alpha", "Owner", 27821234567, "ann@alpha.example.com | ops@alpha.example.com", "011 555 0101"], [null, "  beta flight SCHOOL ", "Active", "Ben", "Beta", "CFI", "082 000 1111", "ben@beta.example.com"], [99, "Gamma Aero", "Active", "Gus", null, null, null, "gus@gamma.example.com"]] },
      { name: "Company_Addresses", rows: [["C_ID", "Company", "Type", "Airport", ""], [null, "Beta Flight School", "Physical", "FAGC", "Hangar 3"]] },
      { name: "10-10-25 Capture", rows: [["", "School", "Contact person (role)", "Phone", "Email", "Addresses", "Planes", "Website", "Description", "Type"], [1, "Alpha Air", "Jane Doe (Chief Flying Instructor)", "083 111 2222", "jane@alpha.example.com", null, 4, null, "Met at the expo"]] },
    ]);
    records = (await loadSources(refineOptions(dir.path, await loadProfile("aviation", [])), recordingBus().bus)).records;
  });

  test("rows join on C_ID, on the company name where C_ID is blank, and School joins Company", () => {
    const alpha = records.find((r) => r.organization_name === "Alpha Air")!;
    expect(alpha.source_record_id).toBe("contact:1");
    expect(alpha.contact_names).toEqual(["Ann Alpha", "Jane Doe"]);
    expect(alpha.contact_roles).toEqual(["Owner", "Chief Flying Instructor"]);
    expect(alpha.contact_emails).toEqual(["ann@alpha.example.com", "ops@alpha.example.com", "jane@alpha.example.com"]);
    expect(alpha.contact_phones).toEqual(["27821234567", "011 555 0101", "083 111 2222"]);
    expect(alpha.planes).toBe("4");
    expect(alpha.last_interaction_date).toBe("45706");
    const beta = records.find((r) => r.organization_name === "Beta Flight School")!;
    expect(beta.source_record_id).toBe("contact:Beta Flight School");
    expect(beta.contact_emails).toEqual(["ben@beta.example.com"]);
    expect(beta.address).toBe("FAGC, Hangar 3");
  });

  test("a contact whose company is not on Company_Cat is kept as its own record", () => {
    const gamma = records.find((r) => r.organization_name === "Gamma Aero")!;
    expect(gamma.source_record_id).toBe("contact:99");
    expect(gamma.source_priority).toBe(1);
    expect(records).toHaveLength(3);
  });
});

describe("joins in Reachout Database", () => {
  const dir = tempDir("hotpass-load-reachout-");
  afterAll(() => dir.cleanup());

  test("contacts join on ID, or on the organisation name when the ID is blank; notes gather", async () => {
    writeXlsx(dir.path, "Reachout Database.xlsx", [
      { name: "Organisation", rows: [["Organisation Name", "ID", "Reachout Date", "Recent_Touch_Ind", "Area", "Distance", "Type", "Website", "Address", "Planes", "Description Type", "Notes", "Open Questions"], ["Kilo Flight School", 7, { date: 45700 }, "Y", "KZN", 12, "Training", "www.kilo.example.com", "Virginia Airport", 5, "Training", "Called twice", "Fleet size?"]] },
      { name: "Contact Info", rows: [["ID", "Organisation Name", "Reachout Date", "Firstname", "Surname", "Position", "Phone", "WhatsApp", "Email", "Invalid", ""], [7, "Kilo Flight School", null, "Kim", "Kilo", "CFI", 27821110000, "082 111 0001", "kim@kilo.example.com"], [null, "kilo flight school", null, "Ken", "Kilo", "Owner", null, null, "ken@kilo.example.com"]] },
    ]);
    const { records } = await loadSources(refineOptions(dir.path, await loadProfile("aviation", [])), recordingBus().bus);
    expect(records).toHaveLength(1);
    const kilo = records[0]!;
    expect(kilo.source_record_id).toBe("reachout:7");
    expect([kilo.province, kilo.area, kilo.category, kilo.last_interaction_date]).toEqual(["KZN", "KZN", "Training", "45700"]);
    expect(kilo.description).toBe("Training; Called twice");
    expect(kilo.notes).toBe("Called twice; Fleet size?");
    expect(kilo.contact_names).toEqual(["Kim Kilo", "Ken Kilo"]);
    expect(kilo.contact_phones).toEqual(["27821110000", "082 111 0001"]);
    expect(kilo.contact_emails).toEqual(["kim@kilo.example.com", "ken@kilo.example.com"]);
  });
});
