/**
 * `hotpass doctor` against a real OpenSSH server: the bastion's key in known_hosts (known,
 * unknown, changed), the bastion down, on a wrong port and black-holed; and live and stale tunnels
 * opened with `hotpass net up`.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { tempDir } from "../support/binary.ts";
import { keygen } from "../support/sshd.ts";
import { net, readTunnels, sshdSuite, upFlags } from "../net/helpers.ts";
import { doctor, isolatedEnv } from "./doctor-support.ts";

setDefaultTimeout(30_000);
const suite = sshdSuite();
let tmp: ReturnType<typeof tempDir>;
let silent: Server;
const sockets = new Set<Socket>();

beforeAll(async () => {
  tmp = tempDir();
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  tmp.cleanup();
});

function fingerprintOf(publicKeyLine: string): string {
  const file = join(tmp.path, `key-${Math.random().toString(36).slice(2)}.pub`);
  writeFileSync(file, `${publicKeyLine}\n`);
  return Bun.spawnSync(["ssh-keygen", "-lf", file]).stdout.toString().split(" ")[1]!;
}

const bastionEnv = () => isolatedEnv(join(tmp.path, "env"), { HOTPASS_NET_HOST: "127.0.0.1", HOTPASS_NET_PORT: String(suite.sshd.port) });
const run = (args: string[], env = bastionEnv()) => doctor(args, { cwd: tmp.path, env });
const bastionName = () => `bastion 127.0.0.1:${suite.sshd.port}`;

describe("hotpass doctor: the bastion's key in known_hosts", () => {
  test("known: PASS naming the key, its file and line", async () => {
    const result = await run(["--known-hosts", suite.sshd.knownHosts]);
    const check = result.byName(bastionName());
    expect(check.status).toBe("pass");
    expect(check.message).toBe(`known_hosts has the key it presents (ssh-ed25519 ${fingerprintOf(suite.sshd.hostPublicKey)}, ${suite.sshd.knownHosts}:1)`);
  });

  test("unknown: FAIL with the presented fingerprint and how to record it; nothing is written", async () => {
    const result = await run([]);
    const check = result.byName(bastionName());
    expect(result.code).toBe(1);
    expect(check.status).toBe("fail");
    expect(check.message).toBe(`known_hosts has no key for [127.0.0.1]:${suite.sshd.port}; it presents ssh-ed25519 ${fingerprintOf(suite.sshd.hostPublicKey)}`);
    expect(check.fix).toContain("--accept-new");
  });

  test("changed: FAIL with HOST KEY CHANGED, the offered and the expected key", async () => {
    const other = join(tmp.path, "other_ed25519");
    keygen(other);
    const otherLine = (await Bun.file(`${other}.pub`).text()).trim().split(" ").slice(0, 2).join(" ");
    const file = join(tmp.path, "changed_known_hosts");
    writeFileSync(file, `[127.0.0.1]:${suite.sshd.port} ${otherLine}\n`);
    const check = (await run(["--known-hosts", file])).byName(bastionName());
    expect(check.status).toBe("fail");
    expect(check.message).toStartWith(`HOST KEY CHANGED for [127.0.0.1]:${suite.sshd.port}: it presents ssh-ed25519 ${fingerprintOf(suite.sshd.hostPublicKey)}`);
    expect(check.message).toContain(`${fingerprintOf(otherLine)} (${file}:1)`);
  });

  test("wrong port (an HTTP server) and black-holed (accepts, never speaks) fail within the timeout", async () => {
    const http = await run(["--bastion", `127.0.0.1:${suite.target.port}`]);
    expect(http.byName(`bastion 127.0.0.1:${suite.target.port}`).status).toBe("fail");
    expect(http.byName(`bastion 127.0.0.1:${suite.target.port}`).message).toContain("did not speak SSH");
    const port = (silent.address() as { port: number }).port;
    const hole = await run(["--bastion", `127.0.0.1:${port}`]);
    expect(hole.byName(`bastion 127.0.0.1:${port}`).message).toBe(`cannot reach 127.0.0.1:${port}: no SSH handshake within 5 s`);
    expect(hole.ms).toBeLessThan(20_000);
  });

  test("down: connection refused", async () => {
    await suite.sshd.stop();
    try {
      const result = await run(["--known-hosts", suite.sshd.knownHosts]);
      expect(result.byName(bastionName())).toMatchObject({ status: "fail", message: `cannot reach 127.0.0.1:${suite.sshd.port}: connection refused` });
      expect(result.code).toBe(1);
    } finally {
      await suite.sshd.start();
    }
  });
});

describe("hotpass doctor: live and stale tunnels", () => {
  test("a live tunnel passes with its forwards, its bastion is checked; once its holder dies it is stale", async () => {
    const ne = suite.fresh();
    const up = await net(upFlags(suite.sshd, ["--label", "web", "--forward", `web=0:127.0.0.1:${suite.target.port}`]), ne);
    expect(up.code).toBe(0);
    const [session] = readTunnels(ne).sessions;
    const live = await doctor(["--known-hosts", suite.sshd.knownHosts], { cwd: tmp.path, env: isolatedEnv(ne.dir, ne.env) });
    expect(live.byName("tunnel web").status).toBe("pass");
    expect(live.byName("tunnel web").message).toContain(`alive (pid ${session!.pid}, ${suite.sshd.user}@127.0.0.1:${suite.sshd.port}, 0 reconnect(s)): web 127.0.0.1:${session!.forwards[0]!.local_port} -> 127.0.0.1:${suite.target.port}`);
    expect(live.byName(bastionName()).status).toBe("pass");
    // (No ./data here: the input check is the only failure.)
    expect(live.checks.filter((c) => c.status === "fail").map((c) => c.name)).toEqual(["input"]);

    process.kill(session!.pid, "SIGKILL");
    await Bun.sleep(200);
    const stale = await doctor([], { cwd: tmp.path, env: isolatedEnv(ne.dir, ne.env) });
    expect(stale.byName("tunnel web")).toMatchObject({ status: "warn", message: `stale: ${suite.sshd.user}@127.0.0.1:${suite.sshd.port}, its holder (pid ${session!.pid}) is gone` });
    expect(stale.byName("tunnel web").fix).toContain("net status --prune");
    expect(stale.checks.some((c) => c.name.startsWith("bastion"))).toBe(false);
    // Read-only: the stale entry is still there for `net status` to show.
    expect(readTunnels(ne).sessions).toHaveLength(1);
  });
});
