import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../support/binary.ts";
import { keygen, startSshd, type Sshd } from "../support/sshd.ts";
import { httpTarget, killHolders, net, netEnv, readTunnels, type NetEnv } from "./helpers.ts";


// Each case spawns real processes (sshd, holders); a busy shared machine can make one take seconds.
setDefaultTimeout(30_000);
let sshd: Sshd;
let target: ReturnType<typeof httpTarget>;
let serverFingerprint: string;
const scratch = tempDir("hotpass-net-sshd-");
const envs: NetEnv[] = [];
function fresh(): NetEnv {
  const ne = netEnv();
  envs.push(ne);
  return ne;
}

/** `net up` trusting only what is in ~/.ssh/known_hosts (and --known-hosts when given). */
function up(extra: string[] = []): string[] {
  return ["net", "up", "--host", "127.0.0.1", "--port", String(sshd.port), "--user", sshd.user, "--identity", sshd.clientKey, "--forward", `0:127.0.0.1:${target.port}`, ...extra];
}

function fingerprintOf(pubFile: string): string {
  return spawnSync("ssh-keygen", ["-l", "-E", "sha256", "-f", pubFile], { encoding: "utf8" }).stdout.split(" ")[1]!;
}

beforeAll(async () => {
  sshd = await startSshd(join(scratch.path, "sshd"));
  target = httpTarget();
  serverFingerprint = fingerprintOf(join(sshd.dir, "host_ed25519.pub"));
});

afterAll(async () => {
  for (const ne of envs) {
    killHolders(ne);
    ne.cleanup();
  }
  target.stop(true);
  await sshd.stop();
  scratch.cleanup();
});

describe("host key checking", () => {
  test("an unknown host is refused with its fingerprint; --accept-new records it and the next up trusts it", async () => {
    const ne = fresh();
    const refused = await net(up(), ne);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`unknown host [127.0.0.1]:${sshd.port}: its key ssh-ed25519 ${serverFingerprint}`);
    expect(refused.stderr).toContain("--accept-new");
    expect(readTunnels(ne).sessions).toEqual([]);

    const accepted = await net(up(["--accept-new", "--label", "first"]), ne);
    expect(accepted.code).toBe(0);
    const knownHosts = join(ne.env.HOME!, ".ssh", "known_hosts");
    expect(readFileSync(knownHosts, "utf8")).toBe(`[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);

    const trusted = await net(up(["--label", "second"]), ne);
    expect(trusted.code).toBe(0);
    expect(readTunnels(ne).sessions.map((s) => s.label).sort()).toEqual(["first", "second"]);
    expect((await net(["net", "down", "--all"], ne)).code).toBe(0);
  });

  test("a changed host key is always refused, even with --accept-new, showing both fingerprints", async () => {
    const ne = fresh();
    const impostor = join(ne.dir, "impostor");
    keygen(impostor);
    const impostorLine = readFileSync(`${impostor}.pub`, "utf8").trim().split(" ").slice(0, 2).join(" ");
    const knownHosts = join(ne.dir, "known_hosts_changed");
    writeFileSync(knownHosts, `# staging bastion\n[127.0.0.1]:${sshd.port} ${impostorLine}\n`);

    for (const extra of [[], ["--accept-new"]]) {
      const result = await net(up(["--known-hosts", knownHosts, ...extra]), ne);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`HOST KEY CHANGED for [127.0.0.1]:${sshd.port}`);
      expect(result.stderr).toContain(`offered ssh-ed25519 ${serverFingerprint}`);
      expect(result.stderr).toContain(`known_hosts has ssh-ed25519 ${fingerprintOf(`${impostor}.pub`)} (${knownHosts}:2)`);
      expect(readTunnels(ne).sessions).toEqual([]);
    }
    expect(readFileSync(knownHosts, "utf8")).not.toContain(sshd.hostPublicKey);
  });

  test("hashed known_hosts entries (ssh-keygen -H) in ~/.ssh are understood", async () => {
    const ne = fresh();
    const sshDir = join(ne.env.HOME!, ".ssh");
    mkdirSync(sshDir, { recursive: true });
    const file = join(sshDir, "known_hosts");
    writeFileSync(file, `other.example ${sshd.hostPublicKey}\n[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
    expect(spawnSync("ssh-keygen", ["-H", "-f", file], { stdio: "ignore" }).status).toBe(0);
    expect(readFileSync(file, "utf8")).not.toContain("127.0.0.1");

    const result = await net(up(), ne);
    expect(result.code).toBe(0);
    expect((await net(["net", "down", "--all"], ne)).code).toBe(0);
  });
});
