/**
 * The benchmark shapes are data a user's refine would see: each must refine to exactly the
 * organisations it was generated for, however the generator spells, splits or duplicates them,
 * and the generic exports must be mapped by the generic profile's synonyms (some only by its
 * fuzzy match). Figures are measured in bench/, never here.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DENSE_MIX } from "../../bench/aviation-mix.ts";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { generateGenericCsv } from "../../bench/generic-csv.ts";
import { readTable } from "../../src/formats/index.ts";
import { hotpass, tempDir } from "../support/binary.ts";

const ORGS = 600;
const work = tempDir("hotpass-bench-shapes-");
afterAll(() => work.cleanup());

async function refine(input: string, profile: string, name: string) {
  const output = join(work.path, "out", `${name}.csv`);
  const run = await hotpass(["refine", "--profile", profile, "--input-dir", input, "--output-path", output, "--log-format", "json"]);
  expect(run.code).toBe(0);
  const report = JSON.parse(readFileSync(join(work.path, "out", `${name}-quality-report.json`), "utf8"));
  const table = await readTable(output);
  const slugAt = table.columns.indexOf("organization_slug");
  const slugs = table.rows.map((row) => String(row[slugAt]));
  return { report, slugs };
}

describe("aviation-dense", () => {
  let sourceRows = 0;
  beforeAll(async () => {
    sourceRows = (await generateAviationWorkbooks({ orgs: ORGS, out: join(work.path, "dense"), seed: 3, mix: DENSE_MIX })).sourceRows;
  });

  test("is the same files for the same seed, with about 2.3 source rows per organisation", async () => {
    await generateAviationWorkbooks({ orgs: ORGS, out: join(work.path, "dense-again"), seed: 3, mix: DENSE_MIX });
    for (const file of readdirSync(join(work.path, "dense"))) {
      expect(Bun.hash(readFileSync(join(work.path, "dense-again", file)))).toBe(Bun.hash(readFileSync(join(work.path, "dense", file))));
    }
    expect(sourceRows / ORGS).toBeGreaterThan(2.15);
    expect(sourceRows / ORGS).toBeLessThan(2.5);
  });

  test("refines to one row per organisation, whole or split into parts", async () => {
    const whole = await refine(join(work.path, "dense"), "aviation", "dense");
    expect(whole.report.total_records).toBe(ORGS);
    expect(whole.report.dropped_rows.placeholder_organization_name).toBeGreaterThan(0);
    const split = await generateAviationWorkbooks({ orgs: ORGS, out: join(work.path, "dense-split"), seed: 3, mix: DENSE_MIX, partOrgs: 200 });
    expect(split.files.length).toBe(9);
    expect(split.sourceRows).toBe(sourceRows);
    const parts = await refine(join(work.path, "dense-split"), "aviation", "dense-split");
    expect(parts.slugs.sort()).toEqual(whole.slugs.sort());
  });
});

describe("generic-csv", () => {
  test("four wide exports, mapped by synonyms and the fuzzy match, refine to one row per organisation", async () => {
    const input = join(work.path, "generic");
    const generated = await generateGenericCsv({ orgs: ORGS, out: input, seed: 3 });
    expect(generated.files.length).toBe(4);
    expect(generated.sourceRows / ORGS).toBeGreaterThan(1.9);
    expect(generated.sourceRows / ORGS).toBeLessThan(2.4);
    for (const file of generated.files) {
      const header = readFileSync(file, "utf8").split("\r\n")[0]!;
      expect(header.split(/[;,]/).length).toBeGreaterThanOrEqual(30);
    }
    const { report } = await refine(input, "generic", "generic");
    expect(report.total_records).toBe(ORGS);
    const mapped = (report.notices as string[]).filter((n) => n.includes("read with the generic mapping")).map((n) => /organization_name <- ([^,]+)/.exec(n)?.[1]);
    expect(mapped.sort()).toEqual(["Account Name", "Business Name", "Organisation", "Organisaton Name"]);
    const expo = (report.notices as string[]).find((n) => n.startsWith("expo_attendees_2025.csv"))!;
    for (const fuzzy of ["contact_email <- E-mail Adress", "contact_phone <- Phone Nmber", "province <- Provnce", "address <- Adress"]) expect(expo).toContain(fuzzy);
  });
});
