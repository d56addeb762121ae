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

  test("an unknown command is one error line first, with the closest command, and a hint; exit 2", async () => {
    const result = await hotpass(["refinee"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")).toEqual([
      "hotpass: error: unknown command 'refinee' (did you mean refine?)",
      "hotpass: hint: run 'hotpass --help' for usage",
      "",
    ]);
  });

  test("a misspelt flag names the flag it was probably meant to be, before anything else; exit 2", async () => {
    const cases: [string[], string][] = [
      [["refine", "--telemetry-exportr", "otlp"], "hotpass: error: unknown option '--telemetry-exportr' (did you mean --telemetry-exporter?)"],
      [["refine", "--input", "data"], "hotpass: error: unknown option '--input' (did you mean --input-dir?)"],
      [["enrich", "--output-path", "x.csv"], "hotpass: error: unknown option '--output-path' (did you mean --output?)"],
      [["lineage", "runs", "--limt", "3"], "hotpass: error: unknown option '--limt' (did you mean --limit?)"],
    ];
    for (const [argv, first] of cases) {
      const result = await hotpass(argv);
      expect(result.code).toBe(2);
      const lines = result.stderr.trim().split("\n");
      expect(lines[0]).toBe(first);
      expect(lines[1]).toBe(`hotpass: hint: run 'hotpass ${argv[0] === "lineage" ? "lineage runs" : argv[0]} --help' for usage`);
      expect(lines).toHaveLength(2); // not the whole usage
    }
  });

  test("--debug stack traces name the real functions and source files", async () => {
    const result = await hotpass(["refine", "--input-dir", "/no/such/folder", "--debug"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("input folder not found");
    expect(result.stderr).toMatch(/at discoverFiles \(src\/pipeline\/load\/discover\.ts:\d+:\d+\)/);
    expect(result.stderr).toMatch(/at runPipeline \(src\/pipeline\/run\.ts:\d+:\d+\)/);
    // without --debug: the message and the hint, no stack
    const plain = await hotpass(["refine", "--input-dir", "/no/such/folder"]);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
  });

  test("a command group without its subcommand lists the subcommands; exit 2", async () => {
    const result = await hotpass(["net"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("hotpass: error: 'hotpass net' needs a subcommand: up, down, status, lease");
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
