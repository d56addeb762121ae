/**
 * The CLI contract: the README's reference is generated from the command definitions and must
 * match them; every flag the binary declares is accepted by the binary (its --help lists it);
 * and every flag the README names in a `hotpass ...` command line is one that command accepts.
 * Nothing here is a hand-kept list of flags: the command table (src/commands/index.ts) is walked.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { acceptedFlags, commandTree, referenceIn, renderReference, type CommandEntry } from "../../src/cli/reference.ts";
import { SHARED_GROUPS } from "../../src/commands/_args.ts";
import { root } from "../../src/commands/index.ts";
import { hotpass, ROOT } from "../support/binary.ts";

let entries: CommandEntry[];
let readme: string;

beforeAll(async () => {
  entries = await commandTree(root);
  readme = await Bun.file(join(ROOT, "README.md")).text();
});

/** Command paths the README may name, longest first (`net up` before `net`). */
const paths = () => entries.map((entry) => entry.path.join(" ")).sort((a, b) => b.length - a.length);

/** `--flag` tokens in a piece of text (not `xn--host` and not an em-dash). */
const flagsIn = (text: string) => [...text.matchAll(/(?<![\w-])(--?[a-z][a-z0-9-]*)(?==|\b)/g)].map((m) => m[1]!).filter((flag) => flag.startsWith("--") || flag === "-v" || flag === "-h");

/** Each `hotpass <command> ...` in the README with the flags written after it. */
function invocations(text: string): { line: number; command: string; flags: string[] }[] {
  const found: { line: number; command: string; flags: string[] }[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, index) => {
    // A command continued with a trailing backslash is one invocation.
    let line = raw;
    for (let next = index; line.endsWith("\\") && next + 1 < lines.length; next++) line = line.slice(0, -1) + lines[next + 1]!;
    for (const match of line.matchAll(/(?:^|[\s`(])(?:\.\/)?(?:dist\/)?hotpass ([a-z][a-z-]*(?: [a-z_][a-z-]*)?)([^`|#\n]*)/g)) {
      const words = match[1]!;
      const command = paths().find((path) => words === path || words.startsWith(`${path} `));
      if (!command) continue;
      found.push({ line: index + 1, command, flags: flagsIn(`${words.slice(command.length)}${match[2]}`) });
    }
  });
  return found;
}

describe("the CLI contract", () => {
  test("the README's command reference is the one the command definitions generate", () => {
    expect(referenceIn(readme)).toBe(renderReference(entries, SHARED_GROUPS));
  });

  test("every command of the reference is in the binary, and its --help lists every flag it declares", async () => {
    for (const entry of entries) {
      const help = await hotpass([...entry.path, "--help"]);
      expect(help.code).toBe(0);
      for (const flag of acceptedFlags(entry.args)) {
        if (flag.startsWith("--no-") || flag === "--help") continue;
        expect(`${entry.path.join(" ")}: ${help.stdout.includes(flag) ? flag : `missing ${flag}`}`).toBe(`${entry.path.join(" ")}: ${flag}`);
      }
    }
  });

  test("every hotpass command line in the README uses flags that command accepts", () => {
    const byPath = new Map(entries.map((entry) => [entry.path.join(" "), acceptedFlags(entry.args)]));
    const wrong: string[] = [];
    const seen = invocations(readme);
    for (const { line, command, flags } of seen) {
      for (const flag of flags) if (!byPath.get(command)!.has(flag)) wrong.push(`README.md:${line}: hotpass ${command} does not accept ${flag}`);
    }
    expect(wrong).toEqual([]);
    // The check reads real command lines: most commands are shown at least once.
    expect(new Set(seen.map((s) => s.command.split(" ")[0])).size).toBeGreaterThan(5);
  });

  test("every flag the README names in backticks is a flag of some hotpass command", () => {
    const all = new Set<string>(["--version", "-v"]);
    for (const entry of entries) for (const flag of acceptedFlags(entry.args)) all.add(flag);
    const wrong: string[] = [];
    readme.split("\n").forEach((line, index) => {
      // Lines about other programs (the build, benchmarks, OpenSSH, compose, Python) name their own flags.
      if (/\b(bun (run|test|build)|bun's|build\.ts|bench\/|scripts\/|ssh -|sshd|docker|python3|prefect |npm |curl )/.test(line)) return;
      for (const span of line.matchAll(/`([^`]+)`/g)) {
        if (/\bhotpass\b/.test(span[1]!) && !span[1]!.trim().startsWith("--")) continue; // checked per command above
        for (const flag of flagsIn(span[1]!)) {
          // `--telemetry-*` names a family of flags.
          const family = span[1]!.includes(`${flag}-*`);
          if (!all.has(flag) && !(family && [...all].some((known) => known.startsWith(`${flag}-`)))) wrong.push(`README.md:${index + 1}: ${flag}`);
        }
      }
    });
    expect(wrong).toEqual([]);
  });
});
