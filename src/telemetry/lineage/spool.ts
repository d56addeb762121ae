/**
 * The state files of lineage delivery: the spool (events not delivered yet, oldest first), the
 * rejected file (events the endpoint refused as invalid) and the local event log (every event).
 *
 * The spool is only changed under a lock file, and rewritten by rename, so a run appending while
 * `hotpass lineage replay` drains it loses nothing, and a crash never leaves half a spool.
 */
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { StatePaths } from "./config.ts";
import { isRunEvent, type RunEvent } from "./types.ts";

const LOCK_WAIT_MS = 15_000;
/** A lock older than this is taken over even if its pid looks alive (the pid may have been reused). */
const LOCK_STALE_MS = 120_000;

function ensureDir(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
}

/** Appends whole lines in one write, so concurrent appenders never interleave within a line. */
export function appendLines(path: string, lines: string[]): void {
  if (lines.length === 0) return;
  ensureDir(path);
  appendFileSync(path, `${lines.join("\n")}\n`, { mode: 0o600 });
}

export function appendEvents(path: string, events: RunEvent[]): void {
  appendLines(path, events.map((event) => JSON.stringify(event)));
}

/** The local event log keeps its newest ~LOG_LIMIT bytes: past that it moves to `<log>.1`. */
export const LOG_LIMIT = 32 * 1024 * 1024;

export function appendToLog(path: string, events: RunEvent[], limit = LOG_LIMIT): void {
  if ((fileSize(path) ?? 0) > limit) renameSync(path, `${path}.1`);
  appendEvents(path, events);
}

/** The event log with its previous generation, oldest first. */
export function readLog(path: string): RunEvent[] {
  return [...readEvents(`${path}.1`), ...readEvents(path)];
}

/** Reads a JSON-lines file of events; lines that are not events (a torn last line) are skipped. */
export function readEvents(path: string): RunEvent[] {
  if (!existsSync(path)) return [];
  const events: RunEvent[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isRunEvent(value)) events.push(value);
    } catch {
      // A line cut short by a crash: the rest of the file is still good.
    }
  }
  return events;
}

function atomicWrite(path: string, text: string): void {
  ensureDir(path);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryLock(path: string): boolean {
  ensureDir(path);
  try {
    const fd = openSync(path, "wx", 0o600);
    writeSync(fd, `${process.pid} ${Date.now()}\n`);
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  // Someone holds it: take it over only if that someone is gone.
  try {
    const owner = readFileSync(path, "utf8");
    const [pid, since] = owner.trim().split(" ").map(Number);
    const age = Date.now() - (since ?? 0);
    if (!pid || !pidAlive(pid) || age > LOCK_STALE_MS || Number.isNaN(age)) {
      // Move it aside and check it is still the stale one: another process may have broken it
      // and taken a fresh lock between our read and now; that one is given back untouched.
      const aside = `${path}.stale-${process.pid}`;
      renameSync(path, aside);
      if (readFileSync(aside, "utf8") === owner) rmSync(aside, { force: true });
      else renameSync(aside, path);
      return false;
    }
  } catch {
    // Unreadable or already removed: retry on the next poll.
  }
  return false;
}

/** Runs `work` holding the spool lock; waits for another holder for at most LOCK_WAIT_MS. */
export async function withSpoolLock<T>(paths: StatePaths, work: () => Promise<T> | T): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (!tryLock(paths.lock)) {
    if (Date.now() > deadline) {
      throw new Error(`the lineage spool is locked by another process (${paths.lock}); try again later`);
    }
    await Bun.sleep(50);
  }
  try {
    return await work();
  } finally {
    rmSync(paths.lock, { force: true });
  }
}

/** What identifies one event in the spool. */
function eventKey(event: RunEvent): string {
  return `${event.run.runId} ${event.eventType} ${event.eventTime}`;
}

/**
 * The spool's events not delivered yet (caller holds the lock). Delivery records each delivered
 * event in the small `sent` marker instead of rewriting the whole spool every time; everything up
 * to the marked event is skipped. After compaction the marked event is gone, so nothing is skipped.
 */
export function readSpool(paths: StatePaths): RunEvent[] {
  const events = readEvents(paths.spool);
  let marker = "";
  try {
    marker = readFileSync(paths.sent, "utf8");
  } catch {
    return events;
  }
  const at = events.findIndex((event) => eventKey(event) === marker);
  return at >= 0 ? events.slice(at + 1) : events;
}

/** Records that `event` (and everything before it in the spool) was delivered. */
export function markSent(paths: StatePaths, event: RunEvent): void {
  atomicWrite(paths.sent, eventKey(event));
}

/**
 * Drops the delivered head from the spool (caller holds the lock). The spool is replaced first,
 * the marker removed after: a crash in between leaves a marker that matches nothing.
 */
export function compactSpool(paths: StatePaths): number {
  const pending = readSpool(paths);
  if (pending.length === 0) rmSync(paths.spool, { force: true });
  else atomicWrite(paths.spool, `${pending.map((e) => JSON.stringify(e)).join("\n")}\n`);
  rmSync(paths.sent, { force: true });
  return pending.length;
}

export function spoolSize(paths: StatePaths): number {
  return existsSync(paths.spool) ? readSpool(paths).length : 0;
}

export interface RejectedEntry {
  rejected_at: string;
  endpoint: string;
  status: number;
  response: string;
  event: RunEvent;
}

export function appendRejected(paths: StatePaths, entry: RejectedEntry): void {
  appendLines(paths.rejected, [JSON.stringify(entry)]);
}

export function fileSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}
