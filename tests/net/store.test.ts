import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Sshd } from "../support/sshd.ts";
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

describe("tunnels.json", () => {
  test("20 concurrent `net up` from separate processes: every entry present, the file valid", async () => {
    const ne = fresh();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => net(upFlags(sshd, ["--forward", `0:127.0.0.1:${target.port}`]), ne)),
    );
    for (const r of results) expect(r.stderr).toBe("");
    expect(results.map((r) => r.code)).toEqual(Array(20).fill(0));
    const doc = JSON.parse(readFileSync(ne.tunnelsPath, "utf8"));
    expect(doc.version).toBe(1);
    expect(doc.sessions).toHaveLength(20);
    const labels = doc.sessions.map((s: { label: string }) => s.label);
    expect(new Set(labels).size).toBe(20);
    expect(labels).toContain("127.0.0.1");
    expect(labels).toContain("127.0.0.1-20");
    const pids = doc.sessions.map((s: { pid: number }) => s.pid);
    for (const pid of pids) expect(alive(pid)).toBe(true);
    const ports = doc.sessions.map((s: { forwards: { local_port: number }[] }) => s.forwards[0]!.local_port);
    expect(new Set(ports).size).toBe(20);
    expect(await get(ports[7]!)).toBe("hello /");
    // no lock or temporary file left behind
    expect(readdirSync(dirname(ne.tunnelsPath))).toEqual(["tunnels.json"]);

    const down = await net(["net", "down", "--all"], ne);
    expect(down.code).toBe(0);
    expect(readTunnels(ne).sessions).toEqual([]);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  }, 60_000);

  test("a corrupt tunnels.json is moved aside with a warning, never silently emptied", async () => {
    const ne = fresh();
    mkdirSync(dirname(ne.tunnelsPath), { recursive: true });
    const garbage = '{"version":1,"sessions":[{"label":"half';
    writeFileSync(ne.tunnelsPath, garbage);

    const status = await net(["net", "status"], ne);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain(`${ne.tunnelsPath} was not valid; moved it to ${ne.tunnelsPath}.corrupt-`);
    const aside = readdirSync(dirname(ne.tunnelsPath)).filter((f) => f.startsWith("tunnels.json.corrupt-"));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dirname(ne.tunnelsPath), aside[0]!), "utf8")).toBe(garbage);

    const up = await net(upFlags(sshd, ["--forward", `0:127.0.0.1:${target.port}`]), ne);
    expect(up.code).toBe(0);
    expect(readTunnels(ne).sessions).toHaveLength(1);
    expect(statSync(ne.tunnelsPath).mode & 0o777).toBe(0o600);
  });

  test("a lock left behind by a process that died is broken, not waited on forever", async () => {
    const ne = fresh();
    mkdirSync(dirname(ne.tunnelsPath), { recursive: true });
    const dead = Bun.spawn(["true"]);
    await dead.exited;
    writeFileSync(`${ne.tunnelsPath}.lock`, `${dead.pid} 12345`);
    const status = await net(["net", "status", "--json"], ne);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).sessions).toEqual([]);
    expect(readdirSync(dirname(ne.tunnelsPath)).filter((f) => f.includes("lock"))).toEqual([]);
  });

  test("HOTPASS_CONFIG_DIR unset: tunnels.json lives under XDG_CONFIG_HOME/hotpass (folder 0700)", async () => {
    const ne = fresh();
    const status = await net(["net", "up", "--dry-run", "--host", "h", "--forward", "1:x:2", "--identity", sshd.clientKey], ne, { HOTPASS_CONFIG_DIR: undefined });
    expect(status.code).toBe(0);
    const dir = join(ne.env.XDG_CONFIG_HOME!, "hotpass");
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
