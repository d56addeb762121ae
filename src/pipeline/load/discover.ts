/**
 * Finds the input files and decides which profile source claims each one. Lock files (`~$*`)
 * and hidden files are skipped; files with other extensions are reported, not read.
 */
import { readdirSync, statSync, type Dirent } from "node:fs";
import { extname, join, resolve } from "node:path";
import { describeFileError, fileErrorCode, usageError } from "../../errors.ts";
import { INPUT_SUFFIXES, suffixList } from "../../formats/index.ts";
import type { SourceSpec } from "../../profiles/types.ts";
import { compileGlob } from "../../rules/patterns.ts";

export const WORKBOOK_EXTENSIONS = INPUT_SUFFIXES;

export interface Discovery {
  /** Absolute paths, sorted by name so runs are repeatable. */
  files: string[];
  notices: string[];
}

const FOLDER_HINT = "pass --input-dir with the folder that holds the workbooks";

/** What to do about a file-system error on `path`, by its code. */
function remedy(code: string | undefined, path: string): string {
  if (code === "EACCES" || code === "EPERM") return `give the user running hotpass read access (e.g. chmod u+rX ${path}), or move it out of the input folder`;
  if (code === "ELOOP") return `remove the symbolic link ${path} or point it at a real file`;
  if (code === "ENOENT") return `the symbolic link ${path} points at nothing: remove it or point it at the workbook`;
  return "check the file, or move it out of the input folder";
}

export function discoverFiles(inputDir: string): Discovery {
  const dir = resolve(inputDir);
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch (error) {
    const code = fileErrorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") throw usageError(`input folder not found: ${inputDir}`, FOLDER_HINT);
    throw usageError(`cannot open the input folder ${inputDir}: ${describeFileError(error)}`, remedy(code, inputDir));
  }
  if (!isFolder) throw usageError(`--input-dir must be a folder, but ${inputDir} is a file`, "pass the folder that holds the workbooks");
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw usageError(`cannot list the input folder ${inputDir}: ${describeFileError(error)}`, remedy(fileErrorCode(error), inputDir));
  }
  const files: string[] = [];
  const ignored: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const name = entry.name;
    if (name.startsWith(".") || name.startsWith("~$") || entry.isDirectory()) continue;
    const path = join(dir, name);
    if (!WORKBOOK_EXTENSIONS.includes(extname(name).toLowerCase())) {
      ignored.push(name);
      continue;
    }
    // Only what a workbook's name promises is looked at: a link must lead to a readable file.
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      throw usageError(`${path}: cannot read it: ${describeFileError(error)}`, remedy(fileErrorCode(error), path));
    }
    if (stats.isDirectory()) continue;
    // A pipe or a device named like a workbook would block the run or never end: not read.
    if (stats.isFile()) files.push(path);
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
  // A profile's globs are user input: matched without backtracking (src/rules/patterns.ts).
  const patterns = sources.map((source, i) => ({ source, re: compileGlob(`sources[${i}].pattern`, source.pattern) }));
  const claims = new Map<string, SourceSpec | undefined>();
  for (const file of files) {
    const name = file.split(/[\\/]/).pop() ?? file;
    claims.set(file, patterns.find(({ re }) => re.test(name))?.source);
  }
  return claims;
}
