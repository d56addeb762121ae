/**
 * Builds input files for loader tests in code: good workbooks (through the generator's xlsx
 * writer), and the bad ones a user might drop in a folder (corrupt, truncated, encrypted, a zip
 * bomb, text named .xlsx). Nothing binary is committed.
 */
import { strToU8, unzipSync, zipSync } from "fflate";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildXlsx, type SheetInput } from "../../bench/xlsx-writer.ts";
import { whitespaceBomb } from "./zip-build.ts";
import { EventBus, type PipelineEvent } from "../../src/pipeline/events.ts";
import type { RefineOptions } from "../../src/pipeline/types.ts";
import type { Profile } from "../../src/profiles/types.ts";

export function writeXlsx(dir: string, name: string, sheets: SheetInput[]): string {
  const path = join(dir, name);
  writeFileSync(path, buildXlsx(sheets));
  return path;
}

/**
 * A small, valid-looking workbook whose one sheet inflates to `megabytes` MiB (spaces inside the
 * sheet XML), and whose headers say so.
 */
export function zipBomb(dir: string, name: string, megabytes: number): string {
  const parts = unzipSync(buildXlsx([{ name: "Sheet1", rows: [["Company"], ["Alpha"]] }]));
  const sheet = new Uint8Array(megabytes * 1024 * 1024).fill(32);
  sheet.set(strToU8("<worksheet><sheetData>"), 0);
  sheet.set(strToU8("</sheetData></worksheet>"), sheet.length - 30);
  parts["xl/worksheets/sheet1.xml"] = sheet;
  const path = join(dir, name);
  writeFileSync(path, zipSync(parts, { level: 1 }));
  return path;
}

/**
 * The same bomb with the sheet's declared size rewritten to look tiny (4 KiB), so only counting
 * the bytes actually inflated can catch it.
 */
export function lyingZipBomb(dir: string, name: string, megabytes: number): string {
  const path = join(dir, name);
  writeFileSync(path, whitespaceBomb(megabytes, 4096));
  return path;
}

/** An OLE compound file holding `EncryptionInfo` and `EncryptedPackage`: how Office saves a password-protected .xlsx. */
export async function encryptedWorkbook(dir: string, name: string): Promise<string> {
  const { CFB } = await import("xlsx");
  const container = CFB.utils.cfb_new();
  CFB.utils.cfb_add(container, "/EncryptionInfo", new Uint8Array(256).fill(4));
  CFB.utils.cfb_add(container, "/EncryptedPackage", new Uint8Array(4096).fill(7));
  const path = join(dir, name);
  writeFileSync(path, CFB.write(container, { type: "buffer" }) as Uint8Array);
  return path;
}

export function refineOptions(inputDir: string, profile: Profile, overrides: Partial<RefineOptions> = {}): RefineOptions {
  return {
    inputDir,
    outputPath: join(inputDir, "out.xlsx"),
    profile,
    runId: "test-run",
    distDir: inputDir,
    countryCode: profile.country_code,
    qaMode: "default",
    archive: false,
    reportFormats: [],
    maxUncompressedBytes: 512 * 1024 * 1024,
    memoryBudgetBytes: 1024 * 1024 * 1024,
    ...overrides,
  };
}

/** An event bus that remembers what was emitted. */
export function recordingBus(): { bus: EventBus; events: PipelineEvent[] } {
  const events: PipelineEvent[] = [];
  return { bus: new EventBus([(event) => events.push(event)]), events };
}
