import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { keygen, type Sshd } from "../support/sshd.ts";
import { alive, get, net, readTunnels, upFlags, sshdSuite, type NetEnv, type SshdSuite } from "./helpers.ts";


// Each case spawns real processes (sshd, holders); a busy shared machine can make one take seconds.
setDefaultTimeout(30_000);
const suite = sshdSuite();
const fresh = suite.fresh;
let sshd: Sshd;
let target: SshdSuite["target"];
beforeAll(() => {
  ({ sshd, target } = suite);
});

describe("net up / status / down against a real sshd", () => {
  test("up forwards HTTP through the tunnel, status lists it, down closes it and removes the entry", async () => {
    const ne = fresh();
    const up = await net(upFlags(sshd, ["--label", "web", "--forward", `web=0:127.0.0.1:${target.port}`]), ne);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const [session] = readTunnels(ne).sessions;
    expect(session!.label).toBe("web");
    expect(up.stdout).toContain(`tunnel 'web' up: PID ${session!.pid}`);
    const port = session!.forwards[0]!.local_port;
    expect(up.stdout).toContain(`http://127.0.0.1:${port} -> 127.0.0.1:${target.port}`);
    expect(await get(port, "/lineage")).toBe("hello /lineage");

    const status = await net(["net", "status", "--json"], ne);
    expect(status.code).toBe(0);
    const listed = JSON.parse(status.stdout).sessions;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ label: "web", alive: true, stale: false, reconnects: 0, pid: session!.pid });
    const text = await net(["net", "status"], ne);
    expect(text.stdout).toMatch(/^web +root@127\.0\.0\.1:\d+ +PID \d+ +alive$/m);

    // files: folder 0700, tunnels.json 0600, log 0600 under XDG_STATE_HOME
    expect(statSync(ne.env.HOTPASS_CONFIG_DIR!).mode & 0o777).toBe(0o700);
    expect(statSync(ne.tunnelsPath).mode & 0o777).toBe(0o600);
    expect(session!.log_path).toBe(join(ne.env.XDG_STATE_HOME!, "hotpass", "tunnels", "web.log"));
    expect(statSync(session!.log_path).mode & 0o777).toBe(0o600);

    const down = await net(["net", "down", "--label", "web"], ne);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain(`tunnel 'web' down (PID ${session!.pid})`);
    expect(alive(session!.pid)).toBe(false);
    expect(readTunnels(ne).sessions).toEqual([]);
    expect(await get(port).catch(() => "refused")).toBe("refused");
    expect(readFileSync(session!.log_path, "utf8")).toContain("received SIGTERM; closing");
  });

  test("down --all closes every tunnel", async () => {
    const ne = fresh();
    for (const label of ["a", "b"]) {
      const up = await net(upFlags(sshd, ["--label", label, "--forward", `0:127.0.0.1:${target.port}`]), ne);
      expect(up.code).toBe(0);
    }
    const pids = readTunnels(ne).sessions.map((s) => s.pid);
    expect(pids).toHaveLength(2);
    const again = await net(upFlags(sshd, ["--label", "a", "--forward", `0:127.0.0.1:${target.port}`]), ne);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("a tunnel labelled 'a' is already running");

    const down = await net(["net", "down", "--all"], ne);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain("tunnel 'a' down");
    expect(down.stdout).toContain("tunnel 'b' down");
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(readTunnels(ne).sessions).toEqual([]);
  });

  test("a busy local port moves to the next free one, or fails with --no-auto-port", async () => {
    const ne = fresh();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const busy = (blocker.address() as { port: number }).port;
    try {
      const refused = await net(upFlags(sshd, ["--no-auto-port", "--forward", `${busy}:127.0.0.1:${target.port}`]), ne);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`local port ${busy} is busy`);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      expect(readTunnels(ne).sessions).toEqual([]);

      const moved = await net(upFlags(sshd, ["--forward", `${busy}:127.0.0.1:${target.port}`]), ne);
      expect(moved.code).toBe(0);
      const port = readTunnels(ne).sessions[0]!.forwards[0]!.local_port;
      expect(port).toBeGreaterThan(busy);
      expect(moved.stderr).toContain(`local port ${busy} for 127.0.0.1:${target.port} was busy; using ${port}`);
      expect(moved.stdout).toContain(`http://127.0.0.1:${port}`);
      expect(await get(port)).toBe("hello /");
    } finally {
      blocker.close();
    }
  });

  test("the wrong key is refused with an authentication error and nothing is left running", async () => {
    const ne = fresh();
    const stranger = join(ne.dir, "stranger");
    keygen(stranger);
    const result = await net(upFlags(sshd, ["--forward", `0:127.0.0.1:${target.port}`], stranger), ne);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`authentication failed for ${sshd.user}@127.0.0.1:${sshd.port}`);
    expect(result.stderr).toContain(`key ${stranger}`);
    expect(readTunnels(ne).sessions).toEqual([]);
  });

  test("unreachable host, refused remote port and missing --host are clear errors", async () => {
    const ne = fresh();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const nothing = (closed.address() as { port: number }).port;
    closed.close();

    const unreachable = await net(["net", "up", "--host", "127.0.0.1", "--port", String(nothing), "--identity", sshd.clientKey, "--forward", "0:x:1"], ne);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(`cannot reach 127.0.0.1:${nothing}: ECONNREFUSED`);

    const refused = await net(upFlags(sshd, ["--forward", `0:127.0.0.1:${nothing}`]), ne);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`remote port refused: 127.0.0.1:${nothing}`);
    expect(readTunnels(ne).sessions).toEqual([]);

    const noHost = await net(["net", "up", "--marquez"], ne);
    expect(noHost.code).toBe(2);
    expect(noHost.stderr).toContain("net up needs --host BASTION");
    const badForward = await net(upFlags(sshd, ["--forward", "5000:marquez"]), ne);
    expect(badForward.code).toBe(2);
    expect(badForward.stderr).toContain("is not LOCAL:REMOTE_HOST:REMOTE_PORT");
  });

  test("--dry-run shows the plan with the preset ports and starts nothing", async () => {
    const ne = fresh();
    const result = await net(upFlags(sshd, ["--dry-run", "--marquez", "--collector", "--prefect-host", "prefect.example"]), ne, {
      HOTPASS_COLLECTOR_HOST: "otel.example",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("marquez  127.0.0.1:5000 -> marquez.staging.internal:5000");
    expect(result.stdout).toContain("prefect  127.0.0.1:4200 -> prefect.example:4200");
    expect(result.stdout).toContain("collector  127.0.0.1:4318 -> otel.example:4318");
    expect(result.stdout).toContain("nothing was started");
    expect(readTunnels(ne).sessions).toEqual([]);
  });
});

describe("other commands find live tunnels", () => {
  test("liveForward returns the local port of the newest live tunnel's forward, and nothing once it is down", async () => {
    const { liveForward } = await import("../../src/net/live.ts");
    const ne = fresh();
    expect(liveForward("marquez", ne.env)).toBeUndefined();
    for (const label of ["old", "new"]) {
      expect((await net(upFlags(sshd, ["--label", label, "--forward", `marquez=0:127.0.0.1:${target.port}`]), ne)).code).toBe(0);
    }
    const newest = readTunnels(ne).sessions.find((s) => s.label === "new")!;
    const port = liveForward("marquez", ne.env);
    expect(port).toBe(newest.forwards[0]!.local_port);
    expect(await get(port!)).toBe("hello /");
    expect((await net(["net", "down", "--label", "new"], ne)).code).toBe(0);
    expect(liveForward("marquez", ne.env)).toBe(readTunnels(ne).sessions[0]!.forwards[0]!.local_port);
    expect((await net(["net", "down", "--all"], ne)).code).toBe(0);
    expect(liveForward("marquez", ne.env)).toBeUndefined();
  });
});

/** Starts `hotpass <args>` and resolves once stdout shows `marker`. */
async function startUntil(args: string[], ne: NetEnv, marker: string) {
  const { BINARY } = await import("../support/binary.ts");
  const env = Object.fromEntries(Object.entries({ ...process.env, ...ne.env, NO_COLOR: "1" }).filter((e): e is [string, string] => e[1] !== undefined));
  const proc = Bun.spawn([BINARY, ...args], { env, stdout: "pipe", stderr: "pipe" });
  const reader = proc.stdout.getReader();
  let out = "";
  while (!out.includes(marker)) {
    const { value, done } = await reader.read();
    if (done) break;
    out += new TextDecoder().decode(value);
  }
  return { proc, out };
}

describe("tunnels that last as long as a command", () => {
  test("net lease holds the tunnel until Ctrl+C, then takes it down", async () => {
    const ne = fresh();
    const flags = upFlags(sshd, ["--label", "leased", "--forward", `0:127.0.0.1:${target.port}`]).map((a) => (a === "up" ? "lease" : a));
    const { proc } = await startUntil(flags, ne, "leased until Ctrl+C");
    const session = readTunnels(ne).sessions[0]!;
    expect(session.label).toBe("leased");
    expect(session.pid).not.toBe(proc.pid);
    expect(await get(session.forwards[0]!.local_port)).toBe("hello /");
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(0);
    expect(alive(session.pid)).toBe(false);
    expect(readTunnels(ne).sessions).toEqual([]);
  });

  test("net up --foreground holds the tunnel in the command itself until Ctrl+C", async () => {
    const ne = fresh();
    const { proc } = await startUntil(upFlags(sshd, ["--foreground", "--label", "fg", "--forward", `0:127.0.0.1:${target.port}`]), ne, "Ctrl+C closes it");
    const session = readTunnels(ne).sessions[0]!;
    expect(session.pid).toBe(proc.pid);
    expect(await get(session.forwards[0]!.local_port, "/fg")).toBe("hello /fg");
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(0);
    expect(readTunnels(ne).sessions).toEqual([]);
  });
});

describe("credentials without --identity", () => {
  test("the SSH agent (SSH_AUTH_SOCK) is used, then the default keys in ~/.ssh", async () => {
    const { spawn, spawnSync } = await import("node:child_process");
    const { copyFileSync, mkdirSync } = await import("node:fs");
    const ne = fresh();
    const flags = ["net", "up", "--host", "127.0.0.1", "--port", String(sshd.port), "--user", sshd.user, "--known-hosts", sshd.knownHosts, "--forward", `0:127.0.0.1:${target.port}`];

    const none = await net(flags, ne);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no SSH credentials");

    const socket = join(ne.dir, "agent.sock");
    const agent = spawn("ssh-agent", ["-D", "-a", socket], { stdio: "ignore" });
    try {
      for (let i = 0; i < 100 && spawnSync("ssh-add", ["-l"], { env: { SSH_AUTH_SOCK: socket } }).status === 2; i++) await Bun.sleep(20);
      expect(spawnSync("ssh-add", [sshd.clientKey], { env: { SSH_AUTH_SOCK: socket }, stdio: "ignore" }).status).toBe(0);
      const viaAgent = await net([...flags, "--label", "agent"], ne, { SSH_AUTH_SOCK: socket });
      expect(viaAgent.stderr).toBe("");
      expect(viaAgent.code).toBe(0);
    } finally {
      agent.kill();
    }

    mkdirSync(join(ne.env.HOME!, ".ssh"), { recursive: true });
    copyFileSync(sshd.clientKey, join(ne.env.HOME!, ".ssh", "id_ed25519"));
    const viaDefault = await net([...flags, "--label", "default-key"], ne);
    expect(viaDefault.code).toBe(0);
    expect(readTunnels(ne).sessions.map((s) => s.label).sort()).toEqual(["agent", "default-key"]);
    expect((await net(["net", "down", "--all"], ne)).code).toBe(0);
  });
});

describe("relative paths", () => {
  test("relative --identity, --known-hosts and HOTPASS_CONFIG_DIR work; the holder runs from / and keeps no folder busy", async () => {
    const { copyFileSync, readlinkSync } = await import("node:fs");
    const { hotpass } = await import("../support/binary.ts");
    const ne = fresh();
    copyFileSync(sshd.clientKey, join(ne.dir, "key"));
    copyFileSync(sshd.knownHosts, join(ne.dir, "known"));
    const env = { ...ne.env, HOTPASS_CONFIG_DIR: "cfg" };
    const args = ["net", "up", "--host", "127.0.0.1", "--port", String(sshd.port), "--user", sshd.user, "--identity", "key", "--known-hosts", "known", "--forward", `0:127.0.0.1:${target.port}`];
    const up = await hotpass(args, { env, cwd: ne.dir });
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(ne.dir, "cfg", "tunnels.json"), "utf8"));
    const session = doc.sessions[0];
    try {
      expect(readlinkSync(`/proc/${session.pid}/cwd`)).toBe("/");
      expect(await get(session.forwards[0].local_port)).toBe("hello /");
      const down = await hotpass(["net", "down", "--all"], { env, cwd: ne.dir });
      expect(down.code).toBe(0);
      expect(alive(session.pid)).toBe(false);
    } finally {
      if (alive(session.pid)) process.kill(session.pid, "SIGKILL");
    }
  });
});
