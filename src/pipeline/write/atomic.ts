/**
 * Atomic file output. Every file of a run is first written to a temporary name in its final
 * folder (so the rename never crosses a file system) and renamed into place only when all of them
 * are complete: a failed or interrupted run leaves the previous outputs untouched and no
 * half-written file behind. An interrupted run (Ctrl+C: the CLI entry aborts the run's signal)
 * reaches `abort()` through the pipeline's own failure path; nothing here touches the process.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { EXIT_USAGE, HotpassError } from "../../errors.ts";

/** A set of files written together: `stage()` hands out temporary paths, `commit()` renames them all. */
export class AtomicBatch {
  private readonly staged = new Map<string, string>();
  /** Folders staging created (folder, first new ancestor), removed again by `abort` when empty. */
  private readonly created: [string, string][] = [];

  /** A temporary path next to `finalPath` (the folder is created if missing). */
  stage(finalPath: string): string {
    const folder = dirname(finalPath);
    const made = ensureWritableFolder(folder);
    if (made) this.created.push([folder, made]);
    const temp = join(dirname(finalPath), `.${basename(finalPath)}.${randomBytes(4).toString("hex")}.tmp`);
    this.staged.set(finalPath, temp);
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
    const probe = join(folder, `.hotpass-probe-${randomBytes(4).toString("hex")}`);
    writeFileSync(probe, "");
    rmSync(probe, { force: true });
    return created;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new HotpassError(`cannot write to the output folder ${folder} (${code})`, {
      exitCode: EXIT_USAGE,
      hint: "choose a writable --output-path / --dist-dir, or fix the folder's permissions",
      cause: error,
    });
  }
}

/** Runs `work` with a fresh batch: commits on success, removes every temporary file on failure. */
export async function withAtomicBatch<T>(work: (batch: AtomicBatch) => Promise<T>): Promise<{ value: T; files: string[] }> {
  const batch = new AtomicBatch();
  try {
    const value = await work(batch);
    return { value, files: batch.commit() };
  } catch (error) {
    batch.abort();
    throw error;
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
