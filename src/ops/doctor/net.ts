/**
 * The tunnel checks: each tunnel recorded in tunnels.json (alive, its local ports listening, or
 * stale), and each bastion (the configured one and those of live tunnels): does known_hosts hold
 * the key it presents? Read-only: nothing is pruned or recorded.
 */
import { connect } from "node:net";
import { join } from "node:path";
import { fingerprint, hostToken, keyTypeOf } from "../../net/known-hosts.ts";
import { defaultUser } from "../../net/options.ts";
import { sshDir, tunnelsFile } from "../../net/paths.ts";
import { probeHostKey } from "../../net/probe.ts";
import { isAlive, peekTunnels, type TunnelSession } from "../../net/store.ts";
import { fail, pass, warn, type DoctorCheck } from "./types.ts";

type Env = Record<string, string | undefined>;

export interface Bastion {
  host: string;
  port: number;
}

export function recordedTunnels(env: Env): { path: string; sessions: TunnelSession[] } {
  const path = tunnelsFile(env);
  return { path, sessions: peekTunnels(path).sessions };
}

export async function checkTunnels(path: string, sessions: TunnelSession[]): Promise<DoctorCheck[]> {
  if (sessions.length === 0) return [pass("tunnels", `none recorded in ${path}`)];
  return Promise.all(sessions.map(checkTunnel));
}

async function checkTunnel(session: TunnelSession): Promise<DoctorCheck> {
  const name = `tunnel ${session.label}`;
  const where = `${session.user}@${session.host}:${session.port}`;
  if (!isAlive(session)) {
    return warn(name, `stale: ${where}, its holder (pid ${session.pid}) is gone`, "remove it with 'hotpass net status --prune', or reopen it with 'hotpass net up'");
  }
  const forwards = session.forwards.map((f) => `${f.name} 127.0.0.1:${f.local_port} -> ${f.remote_host}:${f.remote_port}`).join(", ");
  const closed: string[] = [];
  await Promise.all(session.forwards.map(async (f) => (await listening(f.local_port)) || closed.push(`${f.name} (${f.local_port})`)));
  if (closed.length > 0) return fail(name, `alive (pid ${session.pid}) but not listening on ${closed.join(", ")}`, `read its log ${session.log_path}; then 'hotpass net down --label ${session.label}' and up again`);
  if (session.state === "reconnecting") return warn(name, `reconnecting to ${where}: ${forwards}`, `the bastion link is down; read ${session.log_path}`);
  return pass(name, `alive (pid ${session.pid}, ${where}, ${session.reconnects ?? 0} reconnect(s)): ${forwards}`);
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** `host` or `host:port` (`[v6]:port` too); port 22 by default. */
export function parseBastion(text: string, defaultPort = 22): Bastion {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : defaultPort };
  const colon = text.lastIndexOf(":");
  if (colon > 0 && /^\d+$/.test(text.slice(colon + 1)) && text.indexOf(":") === colon) return { host: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
  return { host: text, port: defaultPort };
}

export async function checkBastion(bastion: Bastion, extraKnownHosts: string[], env: Env, timeoutMs: number): Promise<DoctorCheck> {
  const token = hostToken(bastion.host, bastion.port);
  const name = `bastion ${bastion.host}:${bastion.port}`;
  const files = [join(sshDir(env), "known_hosts"), ...extraKnownHosts];
  const probe = await probeHostKey(bastion.host, bastion.port, files, { timeoutMs, user: defaultUser(env) });
  if (probe.kind === "unreachable") {
    return fail(name, `cannot reach ${bastion.host}:${bastion.port}: ${probe.reason}`, "check the bastion's host and port (HOTPASS_NET_HOST / HOTPASS_NET_PORT or --bastion), and that SSH is allowed from here");
  }
  const offered = `${keyTypeOf(probe.key)} ${fingerprint(probe.key)}`;
  const { verdict } = probe;
  switch (verdict.status) {
    case "known":
      return pass(name, `known_hosts has the key it presents (${offered}, ${verdict.entry.file}:${verdict.entry.line})`);
    case "unknown":
      return fail(name, `known_hosts has no key for ${token}; it presents ${offered}`, "check that fingerprint with the bastion's operator, then 'hotpass net up --accept-new' records it (or pass --known-hosts FILE)");
    case "changed": {
      const expected = verdict.expected.map((e) => `${e.keyType} ${fingerprint(e.key)} (${e.file}:${e.line})`).join("; ");
      return fail(name, `HOST KEY CHANGED for ${token}: it presents ${offered} but known_hosts has ${expected}`, "this may be an attack; if the bastion was really re-keyed, remove the old line from known_hosts");
    }
    case "revoked":
      return fail(name, `the key ${offered} of ${token} is marked @revoked in ${verdict.entry.file}:${verdict.entry.line}`, "ask the bastion's operator for its current key");
  }
}
