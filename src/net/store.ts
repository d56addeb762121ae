/**
 * tunnels.json: the record of live tunnels, shared by every `hotpass` process on the machine.
 *
 * Shape (read by other commands, so kept stable): `{"version":1,"sessions":[{label, host, port,
 * user, forwards:[{name, local_port, remote_host, remote_port}], pid, pid_start_time, created_at,
 * log_path}]}`; the holder adds `reconnects`, `state` and `connected_at` as it runs.
 *
 * Every change is read-modify-write under an exclusive lock file (O_EXCL, broken only when its
 * owner is dead or it is older than a minute) and lands with temp file + rename, so concurrent
 * `net up` from many shells never lose an entry or leave half a file. The folder is 0700 and the
 * file 0600; no secret is ever part of an entry. A file that does not parse is moved aside to
 * `tunnels.json.corrupt-<time>` with a warning, never silently emptied.
 */
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import { HotpassError } from "../errors.ts";
import { isSameProcess, processStartTime } from "./process.ts";

export interface TunnelForward {
  /** "marquez", "prefect", "collector", or the name given with --forward. */
  name: string;
  local_port: number;
  remote_host: string;
  remote_port: number;
}

export interface TunnelSession {
  label: string;
  host: string;
  port: number;
  user: string;
  forwards: TunnelForward[];
  pid: number;
  pid_start_time: string;
  created_at: string;
  log_path: string;
  /** How many times the holder re-established the SSH link. */
  reconnects?: number;
  /** "connected" or "reconnecting", kept current by the holder. */
  state?: "connected" | "reconnecting";
  connected_at?: string;
}

export interface TunnelsDocument {
  version: 1;
  sessions: TunnelSession[];
}

const LOCK_STALE_MS = 60_000;
const LOCK_TIMEOUT_MS = 30_000;

export class TunnelStore {
  constructor(
    readonly path: string,
    private readonly onWarning: (message: string) => void = () => {},
  ) {}

  /** The current document (corrupt files are moved aside, under the lock). */
  async read(): Promise<TunnelsDocument> {
    return this.update((doc) => doc, { write: false });
  }

  /**
   * Runs `change` on the current document under the lock and writes the result atomically.
   * `change` mutates the document in place and may return a value.
   */
  async update<T>(change: (doc: TunnelsDocument) => T, options: { write?: boolean } = {}): Promise<T> {
    this.ensureDir();
    const release = await this.lock();
    try {
      const doc = this.load();
      const before = JSON.stringify(doc);
      const result = change(doc);
      if (options.write !== false && JSON.stringify(doc) !== before) this.save(doc);
      return result;
    } finally {
      release();
    }
  }

  /** Removes entries whose process is gone (or is an unrelated process that reused the PID). */
  async prune(): Promise<TunnelSession[]> {
    return this.update((doc) => {
      const stale = doc.sessions.filter((s) => !isAlive(s));
      doc.sessions = doc.sessions.filter((s) => isAlive(s));
      return stale;
    });
  }

  private ensureDir(): void {
    const dir = dirname(this.path);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  }

  private load(): TunnelsDocument {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, sessions: [] };
      throw new HotpassError(`cannot read ${this.path}: ${(error as Error).message}`);
    }
    const doc = parseDocument(text);
    if (doc) return doc;
    const aside = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    renameSync(this.path, aside);
    this.onWarning(`${this.path} was not valid; moved it to ${aside} and started a new one`);
    return { version: 1, sessions: [] };
  }

  private save(doc: TunnelsDocument): void {
    const temp = `${this.path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const fd = openSync(temp, "wx", 0o600);
    try {
      writeSync(fd, `${JSON.stringify(doc, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.path);
  }

  private async lock(): Promise<() => void> {
    const lockPath = `${this.path}.lock`;
    const me = `${process.pid} ${processStartTime(process.pid) ?? ""}`;
    const deadline = Date.now() + LOCK_TIMEOUT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(lockPath, "wx", 0o600);
        writeSync(fd, me);
        closeSync(fd);
        return () => {
          try {
            if (readFileSync(lockPath, "utf8") === me) unlinkSync(lockPath);
          } catch {
            // already broken by someone who judged it stale
          }
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      this.breakIfStale(lockPath);
      if (Date.now() > deadline) {
        throw new HotpassError(`timed out waiting for the lock on ${this.path}`, {
          hint: `if no other hotpass is running, remove ${lockPath}`,
        });
      }
      await Bun.sleep(5 + Math.min(attempt, 20) * 2 + Math.random() * 10);
    }
  }

  private breakIfStale(lockPath: string): void {
    try {
      const owner = readFileSync(lockPath, "utf8");
      const [pid, start] = owner.split(" ");
      const dead = start !== undefined && start !== "" && !isSameProcess(Number(pid), start);
      const old = Date.now() - statSync(lockPath).mtimeMs > LOCK_STALE_MS;
      if (!dead && !old) return;
      const aside = `${lockPath}.stale-${process.pid}`;
      renameSync(lockPath, aside);
      // Someone may have broken and re-taken it between our read and rename: give theirs back.
      if (readFileSync(aside, "utf8") !== owner) renameSync(aside, lockPath);
      else unlinkSync(aside);
    } catch {
      // vanished while we looked: the next attempt will take it
    }
  }
}

/** The entry's process is still the tunnel holder that wrote it. */
export function isAlive(session: TunnelSession): boolean {
  return isSameProcess(session.pid, session.pid_start_time);
}

function parseDocument(text: string): TunnelsDocument | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== "object") return undefined;
  const doc = value as Partial<TunnelsDocument>;
  if (doc.version !== 1 || !Array.isArray(doc.sessions)) return undefined;
  if (!doc.sessions.every(isSessionShape)) return undefined;
  return doc as TunnelsDocument;
}

function isSessionShape(value: unknown): value is TunnelSession {
  if (!value || typeof value !== "object") return false;
  const s = value as Record<string, unknown>;
  return (
    typeof s.label === "string" &&
    typeof s.host === "string" &&
    typeof s.pid === "number" &&
    typeof s.pid_start_time === "string" &&
    Array.isArray(s.forwards) &&
    s.forwards.every((f) => f && typeof f === "object" && typeof (f as TunnelForward).local_port === "number")
  );
}

/** Reads the document without taking the lock or repairing anything (for quick lookups). */
export function peekTunnels(path: string): TunnelsDocument {
  try {
    return parseDocument(readFileSync(path, "utf8")) ?? { version: 1, sessions: [] };
  } catch {
    return { version: 1, sessions: [] };
  }
}
