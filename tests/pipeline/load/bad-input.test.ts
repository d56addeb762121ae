import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../../bench/generate.ts";
import { HotpassError } from "../../../src/errors.ts";
import { loadSources } from "../../../src/pipeline/load/index.ts";
import type { LoadResult, RefineOptions } from "../../../src/pipeline/types.ts";
import { loadProfile } from "../../../src/profiles/loader.ts";
import { tempDir } from "../../support/binary.ts";
import { encryptedWorkbook, lyingZipBomb, recordingBus, refineOptions, writeXlsx, zipBomb } from "../../support/workbooks.ts";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
function folder(): string {
  const dir = tempDir("hotpass-load-bad-");
  cleanups.push(dir.cleanup);
  return dir.path;
}

async function load(dir: string, profile = "aviation", overrides: Partial<RefineOptions> = {}): Promise<LoadResult> {
  return loadSources(refineOptions(dir, await loadProfile(profile, []), overrides), recordingBus().bus);
}

async function refused(dir: string, overrides: Partial<RefineOptions> = {}, profile = "aviation"): Promise<HotpassError> {
  try {
    await load(dir, profile, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(HotpassError);
    return error as HotpassError;
  }
  throw new Error("expected the input to be refused");
}

const MIB = 1024 * 1024;

describe("folders", () => {
  test("a missing input folder", async () => {
    const error = await refused(join(folder(), "nope"));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^input folder not found: .*nope$/);
    expect(error.hint).toContain("--input-dir");
  });

  test("a folder with no workbooks", async () => {
    const dir = folder();
    writeFileSync(join(dir, "notes.txt"), "hello");
    mkdirSync(join(dir, "sub.xlsx"));
    const error = await refused(dir);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("no workbooks in");
    expect(error.message).toContain("found only notes.txt");
  });
});

describe("broken files", () => {
  test("a truncated .xlsx names the file", async () => {
    const dir = folder();
    const [, , sacaa] = (await generateAviationWorkbooks({ orgs: 20, out: dir })).files;
    const bytes = readFileSync(sacaa!);
    writeFileSync(sacaa!, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await refused(dir);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(`${sacaa}: the workbook is corrupt or truncated`);
  });

  test("a corrupt .xlsx (damaged compressed data) names the file", async () => {
    const dir = folder();
    const path = writeXlsx(dir, "leads.xlsx", [{ name: "Leads", rows: [["Company"], ...Array.from({ length: 300 }, (_, i) => [`Org ${i} ${"x".repeat(i % 50)}`])] }]);
    const bytes = readFileSync(path);
    for (let i = 200; i < bytes.length - 400; i += 7) bytes[i] = (bytes[i]! * 31 + 17) & 0xff;
    writeFileSync(path, bytes);
    const error = await refused(dir);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(`${path}: the workbook is corrupt or truncated`);
  });

  test("a text file named .xlsx", async () => {
    const dir = folder();
    writeFileSync(join(dir, "Reachout Database.xlsx"), "Organisation Name,ID\nAlpha,1\n");
    const error = await refused(dir);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('Reachout Database.xlsx: not a .xlsx workbook (it starts with "Organisation Name,ID?Alp"; a workbook is a zip archive)');
  });

  test("a password-protected workbook says so and what to do", async () => {
    const dir = folder();
    const path = await encryptedWorkbook(dir, "SACAA Flight Schools.xlsx");
    const error = await refused(dir);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${path}: the workbook is encrypted (password-protected), so it cannot be read`);
    expect(error.hint).toContain("remove the password");
  });
});

describe("zip bombs", () => {
  test("a declared size above the limit is refused before inflating", async () => {
    const dir = folder();
    const path = zipBomb(dir, "bomb.xlsx", 24);
    const error = await refused(dir, { maxUncompressedBytes: 4 * MIB });
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${path}: refusing to read: its parts declare 24 MiB uncompressed, above the limit of 4 MiB; a zip bomb, or a very large workbook`);
    // The hint's limit is enough for the workbook's real size (a part may not exceed its declared size).
    expect(error.hint).toBe("if the workbook is genuine, raise the limit to its size: --max-uncompressed-mb 25");
    expect((await load(dir, "generic", { maxUncompressedBytes: 25 * MIB })).records).toHaveLength(0);
  });

  test("a bomb whose headers lie is stopped as soon as a part inflates past its declared size", async () => {
    const dir = folder();
    const path = lyingZipBomb(dir, "bomb.xlsx", 24);
    const error = await refused(dir, { maxUncompressedBytes: 512 * MIB });
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      `${path}: the workbook is corrupt or truncated (the part xl/worksheets/sheet1.xml inflates past the 4096 bytes its header declares (a zip bomb, or damage))`,
    );
  });
});

describe("sheets and columns", () => {
  test("a sheet missing a required column is a data-contract failure naming file, sheet, missing and found", async () => {
    const dir = folder();
    const path = writeXlsx(dir, "SACAA Flight Schools - Refined copy__CLEANED.xlsx", [
      { name: "Cleaned", rows: [["Organisation", "Province", "Status"], ["Alpha", "Gauteng", "Active"]] },
    ]);
    const error = await refused(dir);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      `data contract failed: ${path}, sheet "Cleaned" is missing required column(s) Name of Organisation; columns found: Organisation, Province, Status`,
    );
  });

  test("a missing sheet is a data-contract failure listing the sheets found", async () => {
    const dir = folder();
    writeXlsx(dir, "Reachout Database.xlsx", [{ name: "Organisation", rows: [["Organisation Name", "ID"], ["Alpha", 1]] }]);
    const error = await refused(dir);
    expect(error.message).toContain('has no sheet "Contact Info" (source Reachout Database); sheets found: Organisation');
  });

  test("an empty sheet the profile requires columns of is a contract failure; an unclaimed one is a notice", async () => {
    const dir = folder();
    writeXlsx(dir, "Reachout Database.xlsx", [{ name: "Organisation", rows: [] }, { name: "Contact Info", rows: [["ID"]] }]);
    const error = await refused(dir);
    expect(error.message).toContain('sheet "Organisation" is missing required column(s) Organisation Name, ID; columns found: none (the sheet is empty)');

    const other = folder();
    writeXlsx(other, "blank.xlsx", [{ name: "Sheet1", rows: [] }]);
    writeXlsx(other, "leads.xlsx", [{ name: "Sheet1", rows: [["Company"], ["Alpha"]] }]);
    const result = await load(other, "generic");
    expect(result.records).toHaveLength(1);
    expect(result.notices).toContain('blank.xlsx, sheet "Sheet1": empty; nothing read');
  });

  test("10,000 columns work", async () => {
    const dir = folder();
    const header = Array.from({ length: 10_000 }, (_, i) => `Field ${i}`);
    header[9_998] = "Company";
    const row = (name: string) => Array.from({ length: 10_000 }, (_, i) => (i === 9_998 ? name : i));
    writeXlsx(dir, "wide.xlsx", [{ name: "Wide", rows: [header, row("Wide Aero"), row("Wider Aero")] }]);
    const result = await load(dir, "generic");
    expect(result.records.map((r) => r.organization_name)).toEqual(["Wide Aero", "Wider Aero"]);
    expect(result.sources[0]!.columns).toHaveLength(10_000);
  });

  test("a 1 MB cell is read whole (normalise caps text later)", async () => {
    const dir = folder();
    const notes = "n".repeat(1024 * 1024);
    writeXlsx(dir, "big.xlsx", [{ name: "Big", rows: [["Company", "Notes"], ["Big Notes Ltd", notes]] }]);
    const result = await load(dir, "generic");
    expect(result.records[0]!.notes).toHaveLength(notes.length);
  });
});
