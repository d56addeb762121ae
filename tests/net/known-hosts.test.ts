/**
 * known_hosts host patterns, read as OpenSSH reads them: every answer is compared with OpenSSH's
 * own `ssh-keygen -F` on the same line (`*`, `?`, `!` negation, `[host]:port`, case). A hostile
 * wildcard pattern against a long name is answered at once.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hostToken, patternsMatch } from "../../src/net/known-hosts.ts";
import { tempDir } from "../support/binary.ts";
import { keygen } from "../support/sshd.ts";

const work = tempDir("hotpass-known-hosts-");
afterAll(work.cleanup);

const PATTERNS = [
  "*.example.com,!bad.example.com",
  "!bad.example.com",
  "host?.test",
  "[h?.test]:2222",
  "[*.test]:*",
  "CI.Upper.ORG",
  "a.b.example.com,10.0.0.*",
  "*",
  "*.*.example.com",
  "x*y*z",
];
const TOKENS = [
  "ci.example.com",
  "bad.example.com",
  "example.com",
  "a.b.example.com",
  "axb.example.com",
  "host1.test",
  "host12.test",
  hostToken("h1.test", 2222),
  hostToken("h1.test", 2200),
  "h1.test",
  "ci.upper.org",
  "10.0.0.7",
  "xayaz",
  "xzy",
];

describe("known_hosts patterns", () => {
  test("match exactly the hosts OpenSSH's ssh-keygen -F finds for the same line", () => {
    const key = join(work.path, "key");
    keygen(key);
    const keyText = readFileSync(`${key}.pub`, "utf8").trim().split(" ").slice(0, 2).join(" ");
    const file = join(work.path, "known_hosts");
    const ours: string[] = [];
    const openssh: string[] = [];
    for (const patterns of PATTERNS) {
      writeFileSync(file, `${patterns} ${keyText}\n`);
      for (const token of TOKENS) {
        if (patternsMatch(patterns, token)) ours.push(`${patterns} ~ ${token}`);
        if (spawnSync("ssh-keygen", ["-F", token, "-f", file], { stdio: "ignore" }).status === 0) openssh.push(`${patterns} ~ ${token}`);
      }
    }
    expect(ours).toEqual(openssh);
    // The comparison means something: both sides find some, and refuse some.
    expect(ours.length).toBeGreaterThan(10);
    expect(ours.length).toBeLessThan(PATTERNS.length * TOKENS.length - 10);
  });

  test("a hostile wildcard pattern over a long host name is answered at once", () => {
    const started = performance.now();
    const name = `${"a".repeat(20_000)}.example.com`;
    expect(patternsMatch(`${"*a".repeat(16)}*b,!${"*a".repeat(16)}*c`, name)).toBe(false);
    expect(patternsMatch(`${"*a".repeat(16)}*.example.com`, name)).toBe(true);
    expect(patternsMatch(`${"?*".repeat(40)}.example.org`, name)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000); // generous: the RegExp it replaced took minutes
  });
});
