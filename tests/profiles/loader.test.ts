import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HotpassError } from "../../src/errors.ts";
import { loadProfile } from "../../src/profiles/loader.ts";
import { tempDir } from "../support/binary.ts";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function folder(): string {
  const dir = tempDir("hotpass-profiles-");
  cleanups.push(dir.cleanup);
  return dir.path;
}

async function failure(promise: Promise<unknown>): Promise<HotpassError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HotpassError);
    return error as HotpassError;
  }
  throw new Error("expected the profile to be refused");
}

describe("bundled profiles", () => {
  test("aviation describes the three workbooks with their keys, priorities and joins", async () => {
    const profile = await loadProfile("aviation", []);
    expect(profile.origin).toBe("bundled:aviation");
    expect(profile.country_code).toBe("ZA");
    expect(profile.sources.map((s) => [s.key, s.label, s.priority])).toEqual([
      ["reachout", "Reachout Database", 2],
      ["contact", "Contact Database", 1],
      ["sacaa", "SACAA Cleaned", 3],
    ]);
    const contact = profile.sources[1]!;
    expect(contact.sheets.map((s) => s.name)).toEqual(["Company_Cat", "Company_Contacts", "Company_Addresses", "10-10-25 Capture"]);
    expect(contact.sheets[1]!.join).toEqual({ on: "C_ID", to: "C_ID", fallback_on: "Company", fallback_to: "Company" });
    expect(contact.sheets[3]!.join).toEqual({ on: "School", to: "Company" });
    const sacaa = profile.sources[2]!;
    expect(sacaa.sheets.map((s) => s.name)).toEqual(["Cleaned"]);
    expect(sacaa.sheets[0]!.constants).toEqual({ category: "Flight School" });
    expect(profile.quality_thresholds).toEqual({ email: 0.85, phone: 0.85, website: 0.75 });
  });

  test("no profile means the generic one, which maps by synonyms alone", async () => {
    const profile = await loadProfile(undefined, []);
    expect(profile.name).toBe("generic");
    expect(profile.sources).toEqual([]);
    expect(profile.column_synonyms.organization_name).toContain("company");
  });
});

describe("finding profiles", () => {
  test("search paths are tried in order, before the bundled profiles, in every format", async () => {
    const first = folder();
    const second = folder();
    writeFileSync(join(first, "ops.toml"), 'name = "ops"\ndisplay_name = "from toml"\n');
    writeFileSync(join(second, "ops.yaml"), "name: ops\ndisplay_name: from yaml\n");
    writeFileSync(join(second, "aviation.json"), JSON.stringify({ name: "aviation", display_name: "local aviation" }));
    expect((await loadProfile("ops", [first, second])).display_name).toBe("from toml");
    expect((await loadProfile("ops", [second, first])).display_name).toBe("from yaml");
    expect((await loadProfile("aviation", [second])).display_name).toBe("local aviation");
  });

  test("a path loads that file", async () => {
    const dir = folder();
    mkdirSync(join(dir, "nested"));
    const path = join(dir, "nested", "mine.yml");
    writeFileSync(path, "name: mine\ncountry_code: na\n");
    const profile = await loadProfile(path, []);
    expect(profile.country_code).toBe("NA");
    expect(profile.origin).toBe(path);
  });

  test("an unknown profile is a usage error listing the profiles found", async () => {
    const dir = folder();
    writeFileSync(join(dir, "team.yaml"), "name: team\n");
    const error = await failure(loadProfile("aviaton", [dir]));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("unknown profile 'aviaton'");
    expect(error.message).toContain("aviation, generic, team");
  });
});

describe("validation", () => {
  async function invalid(yaml: string): Promise<HotpassError> {
    const path = join(folder(), "bad.yaml");
    writeFileSync(path, yaml);
    const error = await failure(loadProfile(path, []));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(path);
    return error;
  }

  const source = (sheet: string) =>
    `name: bad\nsources:\n  - label: A\n    key: a\n    pattern: "a*"\n    priority: 1\n    sheets:\n      - name: S\n        columns: { organization_name: Name }\n${sheet}`;

  test("a wrong type names the key path and what was expected", async () => {
    const error = await invalid(source("        header_row: two\n"));
    expect(error.message).toContain("sources[0].sheets[0].header_row: expected an integer from 1 to 1000, got the text \"two\"");
  });

  test("an unknown key is an error, with the keys that are allowed", async () => {
    const error = await invalid(source("        colums: {}\n"));
    expect(error.message).toContain("sources[0].sheets[0].colums: unknown key; expected one of name, header_row, columns");
  });

  test("an unknown canonical field and a bad threshold are both reported", async () => {
    const error = await invalid("name: bad\nfuzzy_threshold: 3\ncolumn_synonyms:\n  org_name: [Company]\n");
    expect(error.message).toContain("fuzzy_threshold: expected a number from 0 to 1, got number 3");
    expect(error.message).toContain("column_synonyms.org_name: unknown field");
  });

  test("a missing name and an invalid regular expression", async () => {
    const error = await invalid("placeholder_names: ['(unclosed']\n");
    expect(error.message).toContain("name: required key is missing");
    expect(error.message).toContain("placeholder_names[0]: expected a regular expression");
  });

  test("broken YAML names the file", async () => {
    const error = await invalid("name: [unclosed\n");
    expect(error.message).toContain("cannot parse profile");
  });

  test("every sheet after the first must say how it joins", async () => {
    const error = await invalid(source("      - name: T\n        columns: { contact_email: Email }\n"));
    expect(error.message).toContain("sources[0].sheets[1].join: expected a join");
  });
});

describe("the library surface for other programs", () => {
  test("validateProfile gives a verdict instead of throwing, and listProfiles reads every display name", async () => {
    const { listProfiles, validateProfile } = await import("../../src/profiles/index.ts");
    const dir = folder();
    writeFileSync(join(dir, "bad.yaml"), "name: bad\nsources:\n  - label: A\n");
    const verdict = await validateProfile("bad", [dir]);
    expect(verdict.valid).toBe(false);
    if (verdict.valid) return;
    expect(verdict.origin).toBe(join(dir, "bad.yaml"));
    expect(verdict.problems).toEqual([
      "sources[0].key: required key is missing",
      "sources[0].pattern: required key is missing",
      "sources[0].priority: required key is missing",
      "sources[0].sheets: required key is missing",
    ]);
    expect((await validateProfile("generic")).valid).toBe(true);
    const listed = await listProfiles([dir]);
    expect(listed.map((p) => [p.name, p.display_name])).toEqual([
      ["bad", undefined],
      ["aviation", "South African aviation (Reachout, Contact Database, SACAA)"],
      ["generic", "Any workbook (column synonyms)"],
    ]);
  });
});
