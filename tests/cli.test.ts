import { describe, expect, test } from "bun:test";
import { BINARY, hotpass, ROOT } from "./support/binary.ts";

const version = (await Bun.file(`${ROOT}/package.json`).json()).version as string;

describe("the hotpass binary", () => {
  test("--version prints the package version and the commit it was built from, with no environment at all", async () => {
    const result = await hotpass(["--version"], { cleanEnv: true });
    expect(result.code).toBe(0);
    const match = result.stdout.trim().match(/^(\S+) \(commit ([0-9a-f]{12})(-dirty)?\)$/);
    expect(match?.[1]).toBe(version);
    const head = Bun.spawnSync(["git", "rev-parse", "HEAD"], { cwd: ROOT }).stdout.toString().trim();
    expect(head.startsWith(match?.[2] ?? "-")).toBe(true);
  });

  test("--help lists every command with a one-line description", async () => {
    const result = await hotpass(["--help"]);
    expect(result.code).toBe(0);
    for (const command of ["refine", "enrich", "explain-provenance", "lineage", "net"]) {
      expect(result.stdout).toMatch(new RegExp(`^\\s*${command}\\s{2,}\\S.*$`, "m"));
    }
  });

  test("an unknown command prints usage and a one-line error on stderr, exit 2", async () => {
    const result = await hotpass(["refinee"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("USAGE");
    expect(result.stderr.trim().split("\n").at(-1)).toBe("hotpass: error: unknown command 'refinee'");
  });

  test("an unknown flag prints the command's usage and names the flag, exit 2", async () => {
    const result = await hotpass(["refine", "--telemetry-exportr", "otlp"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("hotpass refine");
    expect(result.stderr).toContain("unknown option '--telemetry-exportr'");
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test("no ANSI colour in help on a pipe, even when the terminal would allow it", async () => {
    const piped = await hotpass(["--help"], { env: { NO_COLOR: undefined, TERM: "xterm-256color" } });
    expect(piped.stdout).not.toContain("\u001b[");
  });

  test("no ANSI colour with NO_COLOR even when colour is forced", async () => {
    const result = await hotpass(["refine", "--nope"], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } });
    expect(result.stderr).not.toContain("\u001b[");
  });

  test("the binary is a single self-contained file", async () => {
    expect(BINARY.endsWith("dist/hotpass")).toBe(true);
    const file = Bun.file(BINARY);
    expect(file.size).toBeGreaterThan(1_000_000);
  });
});

test("help lines carry no trailing blanks", async () => {
  const result = await hotpass(["--help"]);
  expect(result.stdout).not.toMatch(/[ \t]+$/m);
});
