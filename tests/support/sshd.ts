/**
 * A real OpenSSH server (Debian's /usr/sbin/sshd) on 127.0.0.1, started by the tests themselves:
 * a throwaway host key and an authorized client key in a temporary folder, TCP forwarding allowed,
 * running as the current user. `stop()` kills the listener and every per-connection child (they
 * run in their own sessions, so killing the listener alone would leave live links behind).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { join } from "node:path";

export interface Sshd {
  port: number;
  dir: string;
  /** The client key the server accepts (unencrypted). */
  clientKey: string;
  /** The server's host public key line ("ssh-ed25519 AAAA..."). */
  hostPublicKey: string;
  /** A known_hosts file that trusts this server. */
  knownHosts: string;
  user: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export function keygen(path: string, options: { passphrase?: string; type?: string; pem?: boolean } = {}): void {
  const args = ["-q", "-t", options.type ?? "ed25519", "-N", options.passphrase ?? "", "-f", path, "-C", "test"];
  if (options.pem) args.push("-m", "PEM");
  const result = spawnSync("ssh-keygen", args, { stdio: "pipe" });
  if (result.status !== 0) throw new Error(`ssh-keygen failed: ${result.stderr}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Every descendant of `pid`, found through /proc (children first in the returned order). */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parentOf) if (ppid === parent) {
      walk(child);
      out.push(child);
    }
  };
  walk(pid);
  return out;
}

async function waitForBanner(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.setTimeout(1000);
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString().startsWith("SSH-2.0"));
      });
      socket.once("error", () => resolve(false));
      socket.once("timeout", () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await Bun.sleep(50);
  }
  throw new Error(`sshd did not answer on 127.0.0.1:${port}`);
}

export async function startSshd(dir: string): Promise<Sshd> {
  mkdirSync(dir, { recursive: true });
  const hostKey = join(dir, "host_ed25519");
  const clientKey = join(dir, "client_ed25519");
  keygen(hostKey);
  keygen(clientKey);
  writeFileSync(join(dir, "authorized_keys"), readFileSync(`${clientKey}.pub`), { mode: 0o600 });
  const hostPublicKey = readFileSync(`${hostKey}.pub`, "utf8").trim().split(" ").slice(0, 2).join(" ");
  const port = await freePort();
  const knownHosts = join(dir, "known_hosts");
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostPublicKey}\n`);
  const config = join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      "ListenAddress 127.0.0.1",
      `Port ${port}`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      "PermitRootLogin prohibit-password",
      "StrictModes no",
      "UsePAM no",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "AllowTcpForwarding yes",
      "MaxStartups 100",
      "MaxSessions 100",
      "LogLevel ERROR",
      "",
    ].join("\n"),
  );
  // Privilege separation wants this folder when sshd runs as root.
  if (process.getuid?.() === 0) mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });

  let child: ChildProcess | undefined;
  const sshd: Sshd = {
    port,
    dir,
    clientKey,
    hostPublicKey,
    knownHosts,
    user: spawnSync("id", ["-un"], { encoding: "utf8" }).stdout.trim(),
    async start() {
      const proc = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      proc.stderr!.on("data", (chunk) => (stderr += chunk));
      child = proc;
      try {
        await waitForBanner(port);
      } catch (error) {
        proc.kill("SIGKILL");
        throw new Error(`${(error as Error).message}: ${stderr}`);
      }
    },
    async stop() {
      const proc = child;
      if (!proc?.pid || proc.exitCode !== null) return;
      for (const pid of [...descendants(proc.pid), proc.pid]) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      await new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode ? resolve() : proc.once("exit", () => resolve())));
      child = undefined;
    },
  };
  await sshd.start();
  return sshd;
}
