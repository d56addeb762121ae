/**
 * Atomic file output. Every file of a run is first written to a temporary name in its final
 * folder (so the rename never crosses a file system) and renamed into place only when all of them
 * are complete: a failed or interrupted run leaves the previous outputs untouched and no
 * half-written file behind. An interrupted run (Ctrl+C: the CLI entry aborts the run's signal)
 * reaches `abort()` through the pipeline's own failure path; nothing here touches the process.
 *
 * A run killed outright (SIGKILL, a power cut) cannot remove its temporaries, so each one's name
 * says whose it is: `.<name>.<pid>-<process start time>-<random>.tmp`. The next run into that
 * folder removes those whose owner is gone — a PID alone could have been reused, so the start
 * time must match too (as `src/net/` tells its tunnels apart) — and never another live run's.
 */
import { randomBytes } from "node:crypto";
import { lstatSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { describeFileError, EXIT_RUNTIME, EXIT_USAGE, fileErrorCode, HotpassError } from "../../errors.ts";
import { processStartTime } from "../../net/process.ts";

// --- temporary names that carry their owner, and the sweep of dead owners' ---

/** A start time as digits (elsewhere than Linux there is none: "alive" stands for it, as 0). */
const startDigits = (start: string): string => start.replace(/\D/g, "") || "0";

let owner: string | undefined;
/** `<pid>-<start time>` of this process. */
function ownerTag(): string {
  owner ??= `${process.pid}-${startDigits(processStartTime(process.pid) ?? "")}`;
  return owner;
}

/** A temporary name for `name` in its folder, owned by this process. */
export function temporaryName(name: string): string {
  return `.${name}.${ownerTag()}-${randomBytes(4).toString("hex")}.tmp`;
}

const OWNED_TEMPORARY = /^\..+\.(\d+)-(\d+)-[0-9a-f]{8}\.tmp$/;

/** True for a temporary of ours whose owning process has ended. */
function isStale(name: string): boolean {
  const match = OWNED_TEMPORARY.exec(name);
  if (!match) return false;
  const started = processStartTime(Number(match[1]));
  return started === undefined || startDigits(started) !== match[2];
}

/**
 * Removes the temporaries that runs killed before they could clean up left in `folder` (and, with
 * `subfolders`, in each folder directly below it, removing those that end up empty). Returns the
 * paths removed. Never throws: a folder it cannot read is simply left alone.
 */
export function removeStaleTemporaries(folder: string, subfolders = false): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return removed;
  }
  for (const name of names) {
    const path = join(folder, name);
    try {
      const stats = lstatSync(path);
      if ((stats.isFile() || stats.isDirectory()) && isStale(name)) {
        // A folder of ours is a killed run's spill folder (spill/store.ts).
        rmSync(path, { recursive: true, force: true });
        removed.push(path);
      } else if (subfolders && stats.isDirectory()) {
        const inside = removeStaleTemporaries(path);
        removed.push(...inside);
        if (inside.length > 0 && readdirSync(path).length === 0) rmdirSync(path);
      }
    } catch {
      // gone meanwhile, or not ours to touch
    }
  }
  return removed;
}

// --- the batch ---

/** A set of files written together: `stage()` hands out temporary paths, `commit()` renames them all. */
export class AtomicBatch {
  private readonly staged = new Map<string, string>();
  /** Folders staging created (folder, first new ancestor), removed again by `abort` when empty. */
  private readonly created: [string, string][] = [];
  /** The file staged last: the one being written when an error names no path. */
  private latest: string | undefined;

  /** A temporary path next to `finalPath` (the folder is created if missing). */
  stage(finalPath: string): string {
    const folder = dirname(finalPath);
    const made = ensureWritableFolder(folder);
    if (made) this.created.push([folder, made]);
    const temp = join(dirname(finalPath), temporaryName(basename(finalPath)));
    this.staged.set(finalPath, temp);
    this.latest = finalPath;
    return temp;
  }

  /** Writes `data` to the staged temporary file for `finalPath`. */
  async write(finalPath: string, data: string | Uint8Array): Promise<void> {
    await Bun.write(this.stage(finalPath), data);
  }

  /** Renames every staged file into place; returns the final paths in staging order. */
  commit(): string[] {
    const done: string[] = [];
    for (const [finalPath, temp] of this.staged) {
      renameSync(temp, finalPath);
      done.push(finalPath);
    }
    this.staged.clear();
    this.created.length = 0;
    return done;
  }

  /**
   * A file-system failure while the batch was being written (a full disk, a quota, a device
   * error), as one message naming the file it was writing; any other error is returned as it is.
   * Exit 1: nothing about the input or the command is wrong, and the same command works once
   * there is room. Call it before `abort()`.
   */
  explain(error: unknown): unknown {
    const code = fileErrorCode(error);
    if (!code || error instanceof HotpassError) return error;
    const temp = (error as NodeJS.ErrnoException).path;
    const file = [...this.staged].find(([, staged]) => staged === temp)?.[0] ?? this.latest;
    if (!file) return error;
    const previous = "the previous output files are untouched and no temporary file is left";
    const hint =
      code === "ENOSPC" || code === "EDQUOT"
        ? `free some space there (df -h ${dirname(file)}), or choose another --output-path / --dist-dir, then run again`
        : "check the output folder and the device, then run again";
    return new HotpassError(`writing ${file} failed: ${describeFileError(error)}; ${previous}`, { exitCode: EXIT_RUNTIME, hint, cause: error });
  }

  /** Removes every staged temporary file, and the folders made for them (after a failure). Never throws. */
  abort(): void {
    for (const temp of this.staged.values()) {
      rmSync(temp, { force: true });
    }
    this.staged.clear();
    for (const [folder, made] of this.created.splice(0).reverse()) removeIfEmpty(folder, made);
  }
}

/**
 * Creates `folder` if needed and proves it can hold a new file. An unwritable output folder is a
 * configuration problem the user fixes (exit 2), reported before any work is done. Returns the
 * first folder it had to create (see `removeIfEmpty`), if any.
 */
export function ensureWritableFolder(folder: string): string | undefined {
  try {
    const created = mkdirSync(folder, { recursive: true });
    const probe = join(folder, temporaryName("hotpass-probe"));
    writeFileSync(probe, "");
    rmSync(probe, { force: true });
    removeStaleTemporaries(folder);
    return created;
  } catch (error) {
    const code = fileErrorCode(error);
    const hint =
      code === "EROFS"
        ? "choose an --output-path / --dist-dir on a writable file system"
        : code === "ENOTDIR" || code === "EEXIST"
          ? `a file stands where a folder of ${folder} should be: choose another --output-path / --dist-dir`
          : "choose a writable --output-path / --dist-dir, or fix the folder's permissions";
    throw new HotpassError(`cannot write to the output folder ${folder}: ${describeFileError(error)}`, { exitCode: EXIT_USAGE, hint, cause: error });
  }
}

/** Runs `work` with a fresh batch: commits on success, removes every temporary file on failure. */
export async function withAtomicBatch<T>(work: (batch: AtomicBatch) => Promise<T>): Promise<{ value: T; files: string[] }> {
  const batch = new AtomicBatch();
  try {
    const value = await work(batch);
    return { value, files: batch.commit() };
  } catch (error) {
    const explained = batch.explain(error);
    batch.abort();
    throw explained;
  }
}

/**
 * Removes what `ensureWritableFolder(folder)` created (`created`, the first new folder, and
 * everything below it down to `folder`) for a run that then failed, where still empty.
 */
export function removeIfEmpty(folder: string, created: string | undefined): void {
  if (!created) return;
  for (let dir = folder; dir.startsWith(created); dir = dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      return; // not empty, or already gone: leave it and its parents
    }
    if (dir === created) return;
  }
}
