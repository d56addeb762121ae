/**
 * Inputs are never written: before a run does any work, every file it will write is compared
 * with the files it reads, as files — after symbolic links, `..` and hard links, by device and
 * inode — and the run is refused (exit 2) when one of them is an input. And what a run writes on
 * its own account (reports, contract notices, archives, whose place is derived from the output's)
 * never lands in the input folder unless the user named that folder for them (--dist-dir, or the
 * folder of --report-path): the next run would find them among its inputs.
 *
 * @example
 * refuseOverlap({ inputDir: "data", inputFiles, writes: [{ path: "data/book.xlsx", flag: "--output-path" }], derivedFolders: [] });
 */
import { realpathSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { usageError } from "../errors.ts";

/** True when `a` and `b` are the same existing file, however each is spelled. */
export function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return resolve(a) === resolve(b);
  }
}

/** The folder as the file system names it (symbolic links resolved), or its plain resolution. */
function realFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return resolve(folder);
  }
}

export interface PlannedWrite {
  path: string;
  /** The flag that named it, or what it is (`the quality report`). */
  flag: string;
}

export interface OverlapCheck {
  inputDir: string;
  inputFiles: string[];
  writes: PlannedWrite[];
  /** Folders the run writes into by default (not named by the user), with what goes there. */
  derivedFolders: { folder: string; what: string; flag: string }[];
}

/** What a refine run will write, and which of its folders the user did not name. */
export function refinePlan(
  options: { inputDir: string; outputPath: string; distDir: string; distDirGiven?: boolean; reportPath?: string; runId: string },
  reports: string[],
  inputFiles: string[],
): OverlapCheck {
  const named = [options.distDirGiven ? options.distDir : undefined, options.reportPath ? dirname(options.reportPath) : undefined]
    .filter((folder): folder is string => folder !== undefined)
    .map(realFolder);
  const derived = [
    ...(options.reportPath ? [] : [{ folder: dirname(options.outputPath), what: "the quality report (next to --output-path)", flag: "--report-path" }]),
    ...(options.distDirGiven ? [] : [{ folder: options.distDir, what: "contract notices and archives (next to --output-path)", flag: "--dist-dir" }]),
    { folder: join(options.distDir, "contract-notices", options.runId), what: "contract notices", flag: "--dist-dir" },
  ].filter((entry) => !named.includes(realFolder(entry.folder)));
  return {
    inputDir: options.inputDir,
    inputFiles,
    writes: [{ path: options.outputPath, flag: "--output-path" }, ...reports.map((path) => ({ path, flag: options.reportPath ? "--report-path" : "the quality report" }))],
    derivedFolders: derived,
  };
}

export function refuseOverlap(check: OverlapCheck): void {
  for (const write of check.writes) {
    let isFolder = false;
    try {
      isFolder = statSync(write.path).isDirectory();
    } catch {
      continue; // not there yet: it cannot be an input
    }
    if (isFolder) throw usageError(`${write.flag} ${write.path} is a folder`, `name a file to write, e.g. ${write.path.replace(/\/+$/, "")}/refined.xlsx`);
    const input = check.inputFiles.find((file) => sameFile(file, write.path));
    if (input) {
      throw usageError(
        `${write.flag} ${write.path} is the input file ${input}: refine never writes over its inputs`,
        "write the output outside the input folder, e.g. --output-path dist/refined.xlsx",
      );
    }
  }
  const inputFolder = realFolder(check.inputDir);
  for (const derived of check.derivedFolders) {
    if (realFolder(derived.folder) !== inputFolder) continue;
    throw usageError(
      `${derived.what} would be written into the input folder ${check.inputDir}, where the next run would read it`,
      `choose where it goes with ${derived.flag} (naming the input folder there if that is really meant), or write the output elsewhere`,
    );
  }
}
