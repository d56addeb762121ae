/**
 * OpenSSH known_hosts, read the way `ssh` reads it: comma-separated host patterns with `*`/`?`
 * wildcards and `!` negation, `[host]:port` for non-default ports, hashed `|1|salt|hmac` entries,
 * `@revoked` keys, and `@cert-authority` lines (skipped: certificates are not supported).
 */
import { createHash, createHmac } from "node:crypto";
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { wildcardMatch } from "../text/wildcard.ts";

export interface KnownHostEntry {
  file: string;
  line: number;
  marker?: "@revoked" | "@cert-authority";
  patterns: string;
  keyType: string;
  key: Buffer;
}

export type HostKeyVerdict =
  | { status: "known"; entry: KnownHostEntry }
  | { status: "unknown" }
  | { status: "changed"; expected: KnownHostEntry[] }
  | { status: "revoked"; entry: KnownHostEntry };

/** How a host appears in known_hosts: `host` on port 22, `[host]:port` otherwise. */
export function hostToken(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** `SHA256:<base64 without padding>`, as `ssh-keygen -l` prints it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}

/** The key type named inside an SSH public key blob ("ssh-ed25519", ...). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return "unknown";
  const length = key.readUInt32BE(0);
  return key.subarray(4, 4 + length).toString("latin1");
}

export function readKnownHosts(files: readonly string[]): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, "utf8").split(/\r?\n/);
    lines.forEach((raw, index) => {
      const text = raw.trim();
      if (!text || text.startsWith("#")) return;
      const fields = text.split(/\s+/);
      let marker: KnownHostEntry["marker"];
      if (fields[0] === "@revoked" || fields[0] === "@cert-authority") marker = fields.shift() as KnownHostEntry["marker"];
      const [patterns, keyType, base64] = fields;
      if (!patterns || !keyType || !base64) return;
      entries.push({ file, line: index + 1, marker, patterns, keyType, key: Buffer.from(base64, "base64") });
    });
  }
  return entries;
}

function matchesOne(pattern: string, token: string): boolean {
  if (pattern.startsWith("|1|")) {
    const [, , salt, hash] = pattern.split("|");
    if (!salt || !hash) return false;
    const digest = createHmac("sha1", Buffer.from(salt, "base64")).update(token).digest("base64");
    return digest === hash;
  }
  // Host patterns are matched whole and without regard to case, as `ssh` does; a pattern is
  // configuration, but `*a*a*a…` must not cost exponential time, so no RegExp.
  return wildcardMatch(pattern, token, { anyOne: true, caseInsensitive: true });
}

/** Whether a known_hosts pattern list names `token` (a negated match excludes the line). */
export function patternsMatch(patterns: string, token: string): boolean {
  let matched = false;
  for (const pattern of patterns.split(",")) {
    if (pattern.startsWith("!")) {
      if (matchesOne(pattern.slice(1), token)) return false;
    } else if (matchesOne(pattern, token)) {
      matched = true;
    }
  }
  return matched;
}

export function entriesFor(entries: readonly KnownHostEntry[], host: string, port: number): KnownHostEntry[] {
  const token = hostToken(host, port);
  return entries.filter((e) => e.marker !== "@cert-authority" && patternsMatch(e.patterns, token));
}

/** Compares the key the server presented with what known_hosts says about this host. */
export function verifyHostKey(entries: readonly KnownHostEntry[], host: string, port: number, key: Buffer): HostKeyVerdict {
  const revoked = entries.find((e) => e.marker === "@revoked" && e.key.equals(key));
  if (revoked) return { status: "revoked", entry: revoked };
  const mine = entriesFor(entries, host, port).filter((e) => e.marker === undefined);
  const exact = mine.find((e) => e.key.equals(key));
  if (exact) return { status: "known", entry: exact };
  if (mine.length === 0) return { status: "unknown" };
  return { status: "changed", expected: mine };
}

const ALGORITHMS_FOR_TYPE: Record<string, string[]> = {
  "ssh-rsa": ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"],
};

/**
 * The host-key algorithms to offer, the ones already known for this host first (as `ssh` does),
 * so a server with several host keys presents the one we can check.
 */
export function preferredHostKeyAlgorithms(known: readonly KnownHostEntry[], all: readonly string[]): string[] {
  const first = known.flatMap((e) => ALGORITHMS_FOR_TYPE[e.keyType] ?? [e.keyType]).filter((a) => all.includes(a));
  return [...new Set([...first, ...all])];
}

/** Records a newly accepted host key (`--accept-new`), creating the file 0600 if needed. */
export function appendKnownHost(file: string, host: string, port: number, key: Buffer): void {
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fresh = !existsSync(file);
  appendFileSync(file, `${hostToken(host, port)} ${keyTypeOf(key)} ${key.toString("base64")}\n`, { mode: 0o600 });
  if (fresh) chmodSync(file, 0o600);
}
