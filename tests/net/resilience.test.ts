import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { keygen, type Sshd } from "../support/sshd.ts";
import { alive, get, net, readTunnels, upFlags, sshdSuite, type SshdSuite } from "./helpers.ts";


// Each case spawns real processes (sshd, holders); a busy shared machine can make one take seconds.
setDefaultTimeout(30_000);
const suite = sshdSuite();
const fresh = suite.fresh;
let sshd: Sshd;
let target: SshdSuite["target"];
beforeAll(() => {
  ({ sshd, target } = suite);
});

describe("net tunnels survive trouble", () => {
  test("sshd killed and restarted on the same port: the tunnel reconnects and requests work again", async () => {
    const ne = fresh();
    const up = await net(upFlags(sshd, ["--label", "flaky", "--forward", `0:127.0.0.1:${target.port}`]), ne);
    expect(up.code).toBe(0);
    const session = readTunnels(ne).sessions[0]!;
    const port = session.forwards[0]!.local_port;
    expect(await get(port, "/before")).toBe("hello /before");

    await sshd.stop();
    // While the bastion is down the local listener stays up and a new request waits for the link.
    const during = get(port, "/during");
    await Bun.sleep(700);
    await sshd.start();
    expect(await during).toBe("hello /during");
    expect(await get(port, "/after")).toBe("hello /after");
    expect(alive(session.pid)).toBe(true);

    const status = JSON.parse((await net(["net", "status", "--json"], ne)).stdout);
    expect(status.sessions[0]).toMatchObject({ label: "flaky", alive: true, reconnects: 1, state: "connected" });
    const log = readFileSync(session.log_path, "utf8");
    expect(log).toContain("lost; reconnecting");
    expect(log).toContain("link re-established (reconnect 1)");
  });

  test("a holder killed with SIGKILL shows as stale, and the next command prunes it", async () => {
    const ne = fresh();
    expect((await net(upFlags(sshd, ["--label", "doomed", "--forward", `0:127.0.0.1:${target.port}`]), ne)).code).toBe(0);
    const session = readTunnels(ne).sessions[0]!;
    process.kill(session.pid, "SIGKILL");
    for (let i = 0; i < 100 && alive(session.pid); i++) await Bun.sleep(20);

    const status = await net(["net", "status", "--json"], ne);
    expect(JSON.parse(status.stdout).sessions[0]).toMatchObject({ label: "doomed", alive: false, stale: true });
    const text = await net(["net", "status"], ne);
    expect(text.stdout).toMatch(/^doomed .* stale/m);
    expect(readTunnels(ne).sessions).toHaveLength(1); // status alone does not prune

    const next = await net(upFlags(sshd, ["--label", "fresh", "--forward", `0:127.0.0.1:${target.port}`]), ne);
    expect(next.code).toBe(0);
    expect(next.stderr).toContain("removed stale tunnel entry 'doomed'");
    expect(readTunnels(ne).sessions.map((s) => s.label)).toEqual(["fresh"]);
  });

  test("an entry whose PID now belongs to an unrelated process is stale and that process is never signalled", async () => {
    const ne = fresh();
    expect((await net(upFlags(sshd, ["--label", "real", "--forward", `0:127.0.0.1:${target.port}`]), ne)).code).toBe(0);
    const bystander = Bun.spawn(["sleep", "60"]);
    try {
      // Rewrite the entry as if the holder died and the kernel gave its PID to `sleep`.
      const doc = readTunnels(ne);
      const real = doc.sessions[0]!;
      process.kill(real.pid, "SIGKILL");
      doc.sessions[0] = { ...real, pid: bystander.pid };
      await Bun.write(ne.tunnelsPath, JSON.stringify(doc));

      const status = JSON.parse((await net(["net", "status", "--json"], ne)).stdout);
      expect(status.sessions[0]).toMatchObject({ pid: bystander.pid, alive: false, stale: true });
      const down = await net(["net", "down", "--label", "real"], ne);
      expect(down.code).toBe(0);
      expect(down.stdout).toContain("tunnel 'real' was not running; its stale entry was removed");
      expect(alive(bystander.pid)).toBe(true);
      expect(bystander.exitCode).toBeNull();
    } finally {
      bystander.kill();
    }
  });

  test("a passphrase-protected key works through HOTPASS_SSH_PASSPHRASE and the secret is written nowhere", async () => {
    const ne = fresh();
    const secret = "correct-horse-battery-staple-7731";
    const key = join(ne.dir, "locked_key");
    keygen(key, { passphrase: secret, type: "rsa", pem: true });
    await Bun.write(sshd.dir + "/authorized_keys", readFileSync(`${sshd.clientKey}.pub`, "utf8") + readFileSync(`${key}.pub`, "utf8"));

    const noPass = await net(upFlags(sshd, ["--forward", `0:127.0.0.1:${target.port}`], key), ne);
    expect(noPass.code).toBe(2);
    expect(noPass.stderr).toContain("is encrypted and no passphrase was given");
    const wrong = await net(upFlags(sshd, ["--forward", `0:127.0.0.1:${target.port}`], key), ne, { HOTPASS_SSH_PASSPHRASE: "nope" });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`wrong passphrase for the key ${key}`);

    const up = await net(upFlags(sshd, ["--label", "locked", "--forward", `0:127.0.0.1:${target.port}`], key), ne, { HOTPASS_SSH_PASSPHRASE: secret });
    expect(up.code).toBe(0);
    const session = readTunnels(ne).sessions[0]!;
    expect(await get(session.forwards[0]!.local_port)).toBe("hello /");
    const keyText = readFileSync(key, "utf8");
    for (const file of [ne.tunnelsPath, session.log_path, `/proc/${session.pid}/cmdline`, `/proc/${session.pid}/environ`]) {
      const content = readFileSync(file, "utf8");
      expect(content).not.toContain(secret);
      expect(content).not.toContain(keyText.split("\n")[1]!);
    }
    expect(up.stdout + up.stderr).not.toContain(secret);
    expect((await net(["net", "down", "--all"], ne)).code).toBe(0);
  });
});

describe("the holder process", () => {
  test("is the binary itself re-run as 'net _hold', and on SIGTERM exits and removes its own entry", async () => {
    const ne = fresh();
    expect((await net(upFlags(sshd, ["--label", "term", "--forward", `0:127.0.0.1:${target.port}`]), ne)).code).toBe(0);
    const session = readTunnels(ne).sessions[0]!;
    const { BINARY } = await import("../support/binary.ts");
    expect(readFileSync(`/proc/${session.pid}/cmdline`, "utf8").split("\0").filter(Boolean)).toEqual([BINARY, "net", "_hold"]);
    process.kill(session.pid, "SIGTERM");
    for (let i = 0; i < 200 && alive(session.pid); i++) await Bun.sleep(20);
    expect(alive(session.pid)).toBe(false);
    expect(readTunnels(ne).sessions).toEqual([]);
    expect(readFileSync(session.log_path, "utf8")).toMatch(/received SIGTERM; closing\n.*tunnel closed\n$/);
  });
});

describe("net down escalation", () => {
  test("a holder that does not exit on SIGTERM is killed after the grace period", async () => {
    const ne = fresh();
    expect((await net(upFlags(sshd, ["--label", "stuck", "--forward", `0:127.0.0.1:${target.port}`]), ne)).code).toBe(0);
    const session = readTunnels(ne).sessions[0]!;
    process.kill(session.pid, "SIGSTOP"); // a stopped process cannot act on SIGTERM
    const down = await net(["net", "down", "--label", "stuck", "--grace", "0.5"], ne);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain("tunnel 'stuck' down");
    expect(down.stdout).toContain("killed after the grace period");
    expect(alive(session.pid)).toBe(false);
    expect(readTunnels(ne).sessions).toEqual([]);
  });

  test("--log-format json prints the started tunnel as one JSON record on stdout", async () => {
    const ne = fresh();
    const up = await net(upFlags(sshd, ["--label", "json", "--log-format", "json", "--forward", `0:127.0.0.1:${target.port}`]), ne);
    expect(up.code).toBe(0);
    const record = JSON.parse(up.stdout.trim());
    expect(record).toMatchObject({ level: "info", event: "net.tunnel_up", data: { label: "json", pid: readTunnels(ne).sessions[0]!.pid } });
    expect((await net(["net", "down", "--all"], ne)).code).toBe(0);
  });
});
