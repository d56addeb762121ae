/**
 * The bad-input corpus, through the compiled binary: for every case, the documented exit code,
 * one clear line naming the file (or key), no stack trace, no partial output, every input byte
 * for byte as it was, within a time bound and under a memory ceiling the child is killed at (so
 * a regression to a gigabyte read fails here instead of taking the machine down).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, tempDir } from "../support/binary.ts";
import { hotpassBounded } from "../support/bounded.ts";
import { filesUnder, snapshot, type BadCase } from "./_case.ts";
import { otherCases } from "./others.ts";
import { workbookCases } from "./workbooks.ts";

const CASES: BadCase[] = [...workbookCases, ...otherCases];
const CEILING_MIB = 320;
const TIMEOUT_MS = 30_000;

const root = tempDir("hotpass-corpus-");
afterAll(() => root.cleanup());

describe("bad-input corpus", () => {
  CASES.forEach((badCase, index) => {
    test(`${badCase.family}: ${badCase.name}`, async () => {
      const dir = join(root.path, `case-${index}`);
      const home = join(dir, "home");
      mkdirSync(join(home, "config"), { recursive: true });
      const outcome = await badCase.build(dir);
      const untouched = new Set(["out", ...(outcome.changes ?? [])]);
      const before = snapshot(dir, [...untouched]);

      const result = await hotpassBounded(outcome.args, {
        cwd: dir,
        ceilingMiB: outcome.ceilingMiB ?? CEILING_MIB,
        timeoutMs: outcome.timeoutMs ?? TIMEOUT_MS,
        env: {
          HOME: home,
          HOTPASS_CONFIG_DIR: join(home, "config"),
          XDG_CONFIG_HOME: home,
          XDG_STATE_HOME: join(home, "state"),
          XDG_CACHE_HOME: join(home, "cache"),
          XDG_DATA_HOME: home,
          OTEL_SDK_DISABLED: "true",
          ...outcome.env,
        },
      });
      const context = `${outcome.args.join(" ")}\n--- stderr ---\n${result.stderr}\n--- peak ${result.peakMiB} MiB, ${Math.round(result.ms)} ms`;

      expect(result.killed, context).toBeUndefined();
      expect(result.code, context).toBe(outcome.code);
      const lines = result.stderr.split("\n");
      const errors = lines.filter((line) => line.startsWith("hotpass: error:"));
      if (outcome.code === 0) {
        expect(errors, context).toEqual([]);
        expect(lines.some((line) => outcome.line.test(line) && line.includes(outcome.names)), context).toBe(true);
      } else {
        expect(errors, context).toHaveLength(1);
        expect(errors[0], context).toMatch(outcome.line);
        expect(errors[0], context).toContain(outcome.names);
        // Nothing half-written: no table, no report, no temporary file.
        expect(filesUnder(join(dir, "out")), context).toEqual([]);
      }
      const output = result.stdout + result.stderr;
      expect(output, context).not.toMatch(/^\s+at .*[(:]\d+/m);
      expect(output, context).not.toMatch(/\b(TypeError|RangeError|ReferenceError|InternalError)\b/);
      expect(snapshot(dir, [...untouched]), context).toEqual(before);
      outcome.after?.(dir, result);
    }, 90_000);
  });
});

test("the README's bad-input table lists every class of bad input in the corpus", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("<!-- section:bad-input -->"), readme.indexOf("<!-- /section:bad-input -->"));
  expect(section.length).toBeGreaterThan(100);
  const missing = CASES.filter((badCase) => !section.includes(`| ${badCase.family} | ${badCase.name} |`)).map((c) => `${c.family}: ${c.name}`);
  expect(missing).toEqual([]);
  expect(CASES.length).toBeGreaterThanOrEqual(40);
});
