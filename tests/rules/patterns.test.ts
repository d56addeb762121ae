/**
 * Profile patterns are user input: through the binary, a pattern that makes a backtracking engine
 * take exponential time finishes at once, and one RE2 cannot run in linear time is refused with
 * exit 2 naming its profile key.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ExpectationResult } from "../../src/pipeline/events.ts";
import { hotpass, tempDir } from "../support/binary.ts";

const work = tempDir("hotpass-patterns-");
afterAll(() => work.cleanup());
const generic = readFileSync(join(import.meta.dir, "../../src/profiles/bundled/generic.yaml"), "utf8").replace(/^placeholder_names:\n(  - .*\n)+/m, "");

function profile(name: string, yaml: string): string {
  const path = join(work.path, `${name}.yaml`);
  writeFileSync(path, `${generic.replace(/^name: generic$/m, `name: ${name}`)}\n${yaml}\n`);
  return path;
}

function folder(name: string, csv: string): string {
  const dir = join(work.path, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "orgs.csv"), csv);
  return dir;
}

// A run that must never come near the 157 s a backtracking engine needed: the child is killed
// after 60 s, so a regression fails instead of hanging the suite.
const refine = (args: string[]) => hotpass(["refine", ...args], { env: { HOME: work.path }, cwd: work.path, timeoutMs: 60_000 });

describe("profile patterns", () => {
  test("'^(a+)+$' over 300 names of aaa…! finishes, drops only the names it matches, and judges them in both scopes", async () => {
    const evil = "'^(a+)+$'";
    const path = profile(
      "evil",
      `placeholder_names: [${evil}]\nexpectations:\n  sources: [{ rule: regex, column: organization_name, pattern: ${evil}, mostly: 0 }]\n  output: [{ rule: regex, column: organization_name, pattern: ${evil}, mostly: 0 }]`,
    );
    const names = Array.from({ length: 300 }, (_, i) => `${"a".repeat(28 + (i % 5))}!${i}`);
    const input = folder("evil-in", `Company\n${names.join("\n")}\naaaa\nAAAAAAAA\n`);
    const output = join(work.path, "evil-out", "refined.json");
    const result = await refine(["--profile", path, "--input-dir", input, "--output-path", output]);
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const rows = JSON.parse(readFileSync(output, "utf8")) as { organization_name: string }[];
    expect(rows).toHaveLength(300);
    const report = JSON.parse(readFileSync(join(work.path, "evil-out", "refined-quality-report.json"), "utf8"));
    // Placeholder names match without regard to case (aaaa, AAAAAAAA); a regex rule as written,
    // so in the sheet AAAAAAAA fails it too.
    expect(report.dropped_rows).toEqual({ placeholder_organization_name: 2 });
    const regexResults = report.expectation_results.filter((r: ExpectationResult) => r.rule === "regex" && r.column === "organization_name");
    expect(regexResults.map((r: ExpectationResult) => [r.scope.split(":")[0], r.failed, r.total])).toEqual([
      ["source", 301, 302],
      ["output", 300, 300],
    ]);
  });

  test("a file glob that backtracking needs exponential time for claims its files at once", async () => {
    const path = profile(
      "globs",
      "sources:\n  - { label: Many, key: many, pattern: '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c', priority: 1, sheets: [{ name: Sheet1, columns: { organization_name: [Company] } }] }",
    );
    const dir = join(work.path, "glob-in");
    mkdirSync(dir);
    writeFileSync(join(dir, `${"a".repeat(120)}.csv`), "Company\nAero\n");
    const result = await refine(["--profile", path, "--input-dir", dir, "--output-path", join(work.path, "glob-out", "r.json")]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("no file in the input folder matches");
  });

  test.each([
    ["placeholder_names[0]", "placeholder_names: ['^(?=a)b']"],
    ["expectations.sources[0].pattern", "expectations:\n  sources: [{ rule: regex, column: Company, pattern: '(a)\\1' }]"],
    ["expectations.output[0].pattern", `expectations:\n  output: [{ rule: regex, column: website, pattern: '${"a".repeat(1001)}' }]`],
  ])("%s that RE2 cannot run is refused with exit 2 naming the key", async (key, yaml) => {
    const path = profile(`bad-${key.replace(/[^a-z0-9]+/g, "-")}`, yaml);
    const input = folder(`bad-in-${key.replace(/[^a-z0-9]+/g, "-")}`, "Company\nAero\n");
    const output = join(work.path, `bad-out-${key.replace(/[^a-z0-9]+/g, "-")}`, "r.json");
    const result = await refine(["--profile", path, "--input-dir", input, "--output-path", output]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${key}: expected a regular expression (RE2 syntax`);
    expect(result.stderr).not.toContain("    at ");
  });
});
