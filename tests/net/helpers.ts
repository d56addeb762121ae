/**
 * Shared set-up for the `net` tests: a temporary HOME/config/state per test, the `net up` flags
 * for the test sshd, an HTTP target, and clean-up that kills every holder a test left behind.
 */
import { afterAll, beforeAll } from "bun:test";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { hotpass, tempDir, type RunResult } from "../support/binary.ts";
import { startSshd, type Sshd } from "../support/sshd.ts";

export interface NetEnv {
  dir: string;
  env: Record<string, string | undefined>;
  tunnelsPath: string;
  cleanup: () => void;
}

export function netEnv(): NetEnv {
  const { path, cleanup } = tempDir("hotpass-net-");
  const home = join(path, "home");
  mkdirSync(home, { recursive: true });
  const env = {
    HOME: home,
    HOTPASS_CONFIG_DIR: join(path, "config", "hotpass"),
    XDG_CONFIG_HOME: join(path, "xdg-config"),
    XDG_STATE_HOME: join(path, "state"),
    SSH_AUTH_SOCK: undefined,
    HOTPASS_SSH_PASSPHRASE: undefined,
  };
  return { dir: path, env, tunnelsPath: join(env.HOTPASS_CONFIG_DIR, "tunnels.json"), cleanup };
}

export function upFlags(sshd: Sshd, extra: string[] = [], identity = sshd.clientKey): string[] {
  return ["net", "up", "--host", "127.0.0.1", "--port", String(sshd.port), "--user", sshd.user, "--identity", identity, "--known-hosts", sshd.knownHosts, ...extra];
}

export function net(args: string[], ne: NetEnv, env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return hotpass(args, { env: { ...ne.env, ...env }, timeoutMs: 60_000 });
}

export interface StoredSession {
  label: string;
  pid: number;
  pid_start_time: string;
  log_path: string;
  forwards: { name: string; local_port: number; remote_host: string; remote_port: number }[];
  reconnects?: number;
}

export function readTunnels(ne: NetEnv): { version: number; sessions: StoredSession[] } {
  if (!existsSync(ne.tunnelsPath)) return { version: 1, sessions: [] };
  return JSON.parse(readFileSync(ne.tunnelsPath, "utf8"));
}

export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\S+ \(.*\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}

/** Kills every holder recorded in this environment (tests must leave no process behind). */
export function killHolders(ne: NetEnv): void {
  for (const s of readTunnels(ne).sessions) {
    try {
      if (alive(s.pid)) process.kill(s.pid, "SIGKILL");
    } catch {
      // gone
    }
  }
}

/** A tiny HTTP target on 127.0.0.1 that answers `hello <path>`. */
export function httpTarget() {
  return Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => new Response(`hello ${new URL(req.url).pathname}`) });
}

export async function get(port: number, path = "/"): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(20_000) });
  return response.text();
}

export interface SshdSuite {
  sshd: Sshd;
  target: ReturnType<typeof httpTarget>;
  /** A fresh HOME/config/state for one test; its holders are killed after the file's tests. */
  fresh(): NetEnv;
}

/**
 * One real sshd and one HTTP target for a whole test file (started in beforeAll), with every
 * holder a test left behind killed and every folder removed afterwards.
 */
export function sshdSuite(): SshdSuite {
  const scratch = tempDir("hotpass-net-sshd-");
  const envs: NetEnv[] = [];
  const suite = {
    fresh(): NetEnv {
      const ne = netEnv();
      envs.push(ne);
      return ne;
    },
  } as SshdSuite;
  beforeAll(async () => {
    suite.sshd = await startSshd(join(scratch.path, "sshd"));
    suite.target = httpTarget();
  });
  afterAll(async () => {
    for (const ne of envs) {
      killHolders(ne);
      ne.cleanup();
    }
    suite.target?.stop(true);
    await suite.sshd?.stop();
    scratch.cleanup();
  });
  return suite;
}
