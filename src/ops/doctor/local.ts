/**
 * The checks that need no network: the profile, the input folder against the profile's sources,
 * and the output and dist folders (writable, free space).
 */
import { accessSync, constants, existsSync, mkdtempSync, rmSync, statSync, statfsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { claimFiles, discoverFiles } from "../../pipeline/load/discover.ts";
import { loadProfile } from "../../profiles/loader.ts";
import type { Profile } from "../../profiles/types.ts";
import { fail, failed, pass, warn, type DoctorCheck } from "./types.ts";

/** Below this much free space a folder is a warning; below MIN_FREE it fails. */
const LOW_FREE = 1024 ** 3;
const MIN_FREE = 100 * 1024 ** 2;

export async function checkProfile(name: string | undefined, searchPath: string[]): Promise<{ check: DoctorCheck; profile?: Profile }> {
  try {
    const profile = await loadProfile(name, searchPath);
    const sheets = profile.sources.reduce((n, s) => n + s.sheets.length, 0);
    const what = profile.sources.length === 0 ? "no sources (column synonyms only)" : `${profile.sources.length} source(s), ${sheets} sheet(s)`;
    return { check: pass("profile", `${profile.name} (${profile.origin}) loads and validates: ${what}`), profile };
  } catch (error) {
    return { check: failed("profile", error, "fix the profile file, or pass --profile with a profile that exists") };
  }
}

export function checkInput(inputDir: string, profile: Profile | undefined): DoctorCheck[] {
  let files: string[];
  let notices: string[];
  try {
    ({ files, notices } = discoverFiles(inputDir));
  } catch (error) {
    return [failed("input", error, "pass --input-dir with the folder that holds the workbooks")];
  }
  const unreadable = files.filter((file) => !readable(file));
  if (unreadable.length > 0) {
    return [fail("input", `${unreadable.length} workbook(s) cannot be read: ${unreadable.map((f) => basename(f)).join(", ")}`, "give the user running hotpass read permission on them")];
  }
  const checks: DoctorCheck[] = [];
  const claims = claimFiles(files, profile?.sources ?? []);
  const unclaimed = files.filter((file) => !claims.get(file)).map((f) => basename(f));
  const summary = `${files.length} workbook(s) in ${inputDir}`;
  const extra = notices.length > 0 ? `; ${notices.join("; ")}` : "";
  if (unclaimed.length === 0) checks.push(pass("input", `${summary}, every one claimed by a profile source${extra}`));
  else if (!profile || profile.sources.length === 0) checks.push(pass("input", `${summary}, read with the generic mapping (the profile has no sources)${extra}`));
  else {
    checks.push(
      warn(
        "input",
        `${summary}; not claimed by any source of ${profile.name}: ${unclaimed.join(", ")} (read with the generic mapping)${extra}`,
        "rename the files to match a source's pattern, add a source for them, or move them out",
      ),
    );
  }
  for (const source of profile?.sources ?? []) {
    const mine = files.filter((file) => claims.get(file) === source).map((f) => basename(f));
    if (mine.length > 0) checks.push(pass(`source ${source.key}`, `${source.label}: ${mine.join(", ")} (pattern ${source.pattern})`));
    else checks.push(warn(`source ${source.key}`, `${source.label}: no file matches ${source.pattern}`, `put the ${source.label} workbook in ${inputDir}, or fix the source's pattern`));
  }
  return checks;
}

/** A folder a run will write into: writable (or creatable), with free space. */
export function checkFolder(name: string, folder: string): DoctorCheck {
  const existing = nearestExisting(folder);
  if (!existing) return fail(name, `no part of ${folder} exists`, "check the path");
  if (!statSync(existing).isDirectory()) return fail(name, `${existing} is a file, not a folder`, "choose another path");
  const created = existing !== folder;
  try {
    // Really create a file: access(W_OK) says yes to root on a read-only mount.
    rmSync(mkdtempSync(join(existing, ".hotpass-doctor-")), { recursive: true, force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "not writable";
    return fail(name, `${existing} is not writable (${code})`, `give the user running hotpass write permission on ${existing}, or choose another folder`);
  }
  const free = freeBytes(existing);
  const where = created ? `${folder} (will be created in ${existing})` : folder;
  if (free !== undefined && free < MIN_FREE) return fail(name, `${where} is writable but has only ${mib(free)} free`, "free some space, or choose another folder");
  if (free !== undefined && free < LOW_FREE) return warn(name, `${where} is writable; ${mib(free)} free`, "a large refine may need more: free some space");
  return pass(name, `${where} is writable${free === undefined ? "" : `; ${gib(free)} free`}`);
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function nearestExisting(path: string): string | undefined {
  for (let at = path; ; at = dirname(at)) {
    if (existsSync(at)) return at;
    if (dirname(at) === at) return undefined;
  }
}

function freeBytes(path: string): number | undefined {
  try {
    const stats = statfsSync(path);
    return Number(stats.bavail) * Number(stats.bsize);
  } catch {
    return undefined;
  }
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MiB`;
const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
