/**
 * Finds the input files and decides which profile source claims each one. Lock files (`~$*`)
 * and hidden files are skipped; files with other extensions are reported, not read.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { usageError } from "../../errors.ts";
import { INPUT_SUFFIXES, suffixList } from "../../formats/index.ts";
import type { SourceSpec } from "../../profiles/types.ts";
import { compileGlob } from "../../rules/patterns.ts";

export const WORKBOOK_EXTENSIONS = INPUT_SUFFIXES;

export interface Discovery {
  /** Absolute paths, sorted by name so runs are repeatable. */
  files: string[];
  notices: string[];
}

export function discoverFiles(inputDir: string): Discovery {
  const dir = resolve(inputDir);
  if (!existsSync(dir)) {
    throw usageError(`input folder not found: ${inputDir}`, "pass --input-dir with the folder that holds the workbooks");
  }
  if (!statSync(dir).isDirectory()) {
    throw usageError(`--input-dir must be a folder, but ${inputDir} is a file`, "pass the folder that holds the workbooks");
  }
  const files: string[] = [];
  const ignored: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".") || name.startsWith("~$")) continue;
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    if (WORKBOOK_EXTENSIONS.includes(extname(name).toLowerCase())) files.push(path);
    else ignored.push(name);
  }
  if (files.length === 0) {
    throw usageError(
      `no workbooks in ${inputDir}: expected ${suffixList(WORKBOOK_EXTENSIONS)} files${ignored.length ? ` (found only ${ignored.slice(0, 5).join(", ")})` : ""}`,
      "put the workbooks in that folder, or point --input-dir at the folder that holds them",
    );
  }
  const notices = ignored.length ? [`ignored ${ignored.length} file(s) that are not workbooks: ${ignored.slice(0, 10).join(", ")}`] : [];
  return { files, notices };
}

/** The first source (in profile order) whose pattern matches each file's name, or undefined. */
export function claimFiles(files: string[], sources: SourceSpec[]): Map<string, SourceSpec | undefined> {
  // A profile's globs are user input: matched on RE2 (src/rules/patterns.ts), never backtracking.
  const patterns = sources.map((source, i) => ({ source, re: compileGlob(`sources[${i}].pattern`, source.pattern) }));
  const claims = new Map<string, SourceSpec | undefined>();
  for (const file of files) {
    const name = file.split(/[\\/]/).pop() ?? file;
    claims.set(file, patterns.find(({ re }) => re.test(name))?.source);
  }
  return claims;
}
