/**
 * What a bad-input case is: inputs written by code into a fresh folder, one command line, and the
 * outcome a user must see. The corpus test runs every case through the binary under a memory
 * ceiling and a time bound and checks the same things for each (see corpus.test.ts).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { BoundedResult } from "../support/bounded.ts";

export type Family = "xlsx" | "xls" | "ods" | "csv" | "profile" | "tunnels.json" | "lineage log" | "enrich input";

export interface Outcome {
  args: string[];
  /** Extra environment (HOME and the XDG folders already point at the case's own home). */
  env?: Record<string, string>;
  code: number;
  /** The one `hotpass: error:` line (or, for exit 0, a warning line) must match this... */
  line: RegExp;
  /** ...and name this: the file's name or the key at fault. */
  names: string;
  /** Paths (relative to the case folder) that the documented outcome changes; others must not. */
  changes?: string[];
  /** A further check of what a user would see. */
  after?: (dir: string, result: BoundedResult) => void;
  ceilingMiB?: number;
  timeoutMs?: number;
}

export interface BadCase {
  family: Family;
  /** The class of bad input, as the README's bad-input table names it. */
  name: string;
  /** Writes the inputs into `dir` (its `home/` is the user's home) and says what must happen. */
  build(dir: string): Promise<Outcome> | Outcome;
}

/** `refine` of `in/` into `out/refined.xlsx` with the generic profile, plus `extra`. */
export function refineArgs(...extra: string[]): string[] {
  return ["refine", "--input-dir", "in", "--output-path", "out/refined.xlsx", "--profile", "generic", ...extra];
}

export function write(dir: string, path: string, data: string | Uint8Array): string {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, data);
  return full;
}

/** Every file under `dir` but `skip` (relative names) with its SHA-256. */
export function snapshot(dir: string, skip: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const name = relative(dir, path);
      if (skip.some((s) => name === s || name.startsWith(`${s}/`))) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.set(name, createHash("sha256").update(readFileSync(path)).digest("hex"));
    }
  };
  walk(dir);
  return out;
}

/** Files (any, temporaries included) under `dir`, relative to it. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** An inline-string cell. */
export function textCell(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
}

/** A sheet's XML around `rows` (the XML of its `<row>` elements). */
export function sheetXml(rows: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
}

/** The rows of a small valid sheet: Company / Alpha Aero / Beta Flight. */
export const GOOD_ROWS =
  `<row r="1">${textCell("A1", "Company")}${textCell("B1", "Phone")}</row>` +
  `<row r="2">${textCell("A2", "Alpha Aero")}<c r="B2"><v>27821234567</v></c></row>` +
  `<row r="3">${textCell("A3", "Beta Flight")}<c r="B3"><v>27831234567</v></c></row>`;
