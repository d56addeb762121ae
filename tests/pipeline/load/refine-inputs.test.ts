/**
 * Bad and awkward inputs through the compiled binary, as a user meets them: one clear message,
 * exit 2, no stack trace, no output written, inputs untouched.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../../bench/generate.ts";
import { hotpass, tempDir } from "../../support/binary.ts";
import { encryptedWorkbook, lyingZipBomb, writeXlsx } from "../../support/workbooks.ts";

const root = tempDir("hotpass-refine-inputs-");
afterAll(() => root.cleanup());
let counter = 0;

function folder(): string {
  const path = join(root.path, `case-${++counter}`);
  mkdirSync(join(path, "data"), { recursive: true });
  return path;
}

async function refine(cwd: string, ...extra: string[]) {
  const home = join(cwd, "home");
  mkdirSync(home, { recursive: true });
  return hotpass(["refine", "--input-dir", "data", "--output-path", "out/refined.json", ...extra], {
    cwd,
    env: { HOME: home, HOTPASS_CONFIG_DIR: join(home, "config"), XDG_CONFIG_HOME: home, XDG_STATE_HOME: home, XDG_CACHE_HOME: home, XDG_DATA_HOME: home },
  });
}

function expectRefused(result: Awaited<ReturnType<typeof refine>>, cwd: string, message: string | RegExp): void {
  expect(result.code).toBe(2);
  const errors = result.stderr.split("\n").filter((line) => line.startsWith("hotpass: error:"));
  expect(errors).toHaveLength(1);
  if (typeof message === "string") expect(errors[0]).toContain(message);
  else expect(errors[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(existsSync(join(cwd, "out", "refined.json"))).toBe(false);
}

function digest(dir: string): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  return hash.digest("hex");
}

describe("refine refuses bad input with one clear message", () => {
  test("a missing input folder", async () => {
    const cwd = folder();
    const result = await hotpass(["refine", "--input-dir", join(cwd, "missing"), "--output-path", join(cwd, "out", "refined.json")], { cwd });
    expectRefused(result, cwd, `input folder not found: ${join(cwd, "missing")}`);
    expect(result.stderr).toContain("hint: pass --input-dir");
  });

  test("a folder with no workbooks", async () => {
    const cwd = folder();
    writeFileSync(join(cwd, "data", "notes.txt"), "not a workbook");
    expectRefused(await refine(cwd), cwd, "no workbooks in");
  });

  test("a truncated workbook", async () => {
    const cwd = folder();
    const [file] = (await generateAviationWorkbooks({ orgs: 10, out: join(cwd, "data") })).files;
    writeFileSync(file!, readFileSync(file!).subarray(0, 3000));
    expectRefused(await refine(cwd, "--profile", "aviation"), cwd, `${file}: the workbook is corrupt or truncated`);
  });

  test("a text file named .xlsx", async () => {
    const cwd = folder();
    writeFileSync(join(cwd, "data", "leads.xlsx"), "Company,Phone\nAlpha,0821234567\n");
    expectRefused(await refine(cwd), cwd, 'leads.xlsx: not a .xlsx workbook (it starts with "Company,Phone?Alpha,0821"');
  });

  test("a password-protected workbook", async () => {
    const cwd = folder();
    await encryptedWorkbook(join(cwd, "data"), "leads.xlsx");
    const result = await refine(cwd);
    expectRefused(result, cwd, "leads.xlsx: the workbook is encrypted (password-protected)");
    expect(result.stderr).toContain("remove the password");
  });

  test("a zip bomb is refused above --max-uncompressed-mb, and the limit is the user's to raise", async () => {
    const cwd = folder();
    lyingZipBomb(join(cwd, "data"), "bomb.xlsx", 24);
    const result = await refine(cwd, "--max-uncompressed-mb", "4");
    expectRefused(result, cwd, /bomb\.xlsx: the workbook is corrupt or truncated \(the part xl\/worksheets\/sheet1\.xml inflates past the 4096 bytes its header declares/);

    const genuine = folder();
    await generateAviationWorkbooks({ orgs: 30, out: join(genuine, "data") });
    expectRefused(await refine(genuine, "--profile", "aviation", "--max-uncompressed-mb", "0.01"), genuine, "declare");
    expect((await refine(genuine, "--profile", "aviation")).code).toBe(0);
  });

  test("a sheet missing a required column names file, sheet, missing and found columns", async () => {
    const cwd = folder();
    const path = writeXlsx(join(cwd, "data"), "SACAA Flight Schools - Refined copy__CLEANED.xlsx", [
      { name: "Cleaned", rows: [["Organisation", "Province"], ["Alpha", "Gauteng"]] },
    ]);
    expectRefused(
      await refine(cwd, "--profile", "aviation"),
      cwd,
      `data contract failed: ${path}, sheet "Cleaned" is missing required column(s) Name of Organisation; columns found: Organisation, Province`,
    );
  });

  test("an empty sheet the profile reads is a contract failure", async () => {
    const cwd = folder();
    writeXlsx(join(cwd, "data"), "SACAA Flight Schools.xlsx", [{ name: "Cleaned", rows: [] }]);
    expectRefused(await refine(cwd, "--profile", "aviation"), cwd, "columns found: none (the sheet is empty)");
  });

  test("a profile with a wrong type or an unknown key names the file and the key path", async () => {
    const cwd = folder();
    writeXlsx(join(cwd, "data"), "leads.xlsx", [{ name: "Leads", rows: [["Company"], ["Alpha"]] }]);
    const profile = join(cwd, "team.yaml");
    writeFileSync(profile, "name: team\nfuzzy_threshold: high\ncolumn_synonym:\n  organization_name: [Company]\n");
    const result = await refine(cwd, "--profile", profile);
    expectRefused(result, cwd, `invalid profile ${profile}:`);
    expect(result.stderr).toContain("fuzzy_threshold: expected a number from 0 to 1, got the text \"high\"");
    expect(result.stderr).toContain("column_synonym: unknown key");
  });
});

describe("profiles from the command line", () => {
  test("--profile NAME is found in --profile-search-path before the bundled ones; an unknown name lists those found", async () => {
    const cwd = folder();
    writeXlsx(join(cwd, "data"), "members.xlsm", [{ name: "Members", rows: [["Club", "Mail"], ["Lima Flying Club", "ops@lima.example.com"]] }]);
    mkdirSync(join(cwd, "profiles"));
    writeFileSync(join(cwd, "profiles", "clubs.toml"), 'name = "clubs"\n[column_synonyms]\norganization_name = ["club"]\ncontact_email = ["mail"]\n');
    const result = await refine(cwd, "--profile", "clubs", "--profile-search-path", "profiles");
    expect(result.code).toBe(0);
    const rows = JSON.parse(readFileSync(join(cwd, "out", "refined.json"), "utf8")) as { organization_name: string; contact_primary_email: string }[];
    expect(rows.map((r) => [r.organization_name, r.contact_primary_email])).toEqual([["Lima Flying Club", "ops@lima.example.com"]]);

    const other = folder();
    const unknown = await refine(other, "--profile", "club", "--profile-search-path", join(cwd, "profiles"));
    expectRefused(unknown, other, `unknown profile 'club': not found in ${join(cwd, "profiles")} or among the bundled profiles. Profiles found: aviation, clubs, generic`);
  });
});

describe("awkward but valid input", () => {
  test("10,000 columns and a 1 MB cell refine, and the inputs are untouched", async () => {
    const cwd = folder();
    const header = Array.from({ length: 10_000 }, (_, i) => `Field ${i}`);
    header[5_000] = "Company";
    header[9_999] = "Notes";
    const row = (name: string, notes: string) => header.map((_, i) => (i === 5_000 ? name : i === 9_999 ? notes : i));
    writeXlsx(join(cwd, "data"), "wide.xlsx", [{ name: "Wide", rows: [header, row("Wide Aero", "short"), row("Huge Notes Ltd", "n".repeat(1024 * 1024))] }]);
    const before = digest(join(cwd, "data"));
    const result = await refine(cwd);
    expect(result.code).toBe(0);
    const rows = JSON.parse(readFileSync(join(cwd, "out", "refined.json"), "utf8")) as { organization_name: string; notes: string | null }[];
    expect(rows.map((r) => r.organization_name).sort()).toEqual(["Huge Notes Ltd", "Wide Aero"]);
    const huge = rows.find((r) => r.organization_name === "Huge Notes Ltd")!;
    expect(huge.notes!.length).toBeLessThanOrEqual(10_000);
    expect(huge.notes!.length).toBeGreaterThan(9_000);
    expect(result.stderr).toContain("read with the generic mapping");
    expect(digest(join(cwd, "data"))).toBe(before);
  });
});
