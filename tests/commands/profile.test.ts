/** `hotpass profile list` and `hotpass profile validate`, through the binary. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hotpass, tempDir } from "../support/binary.ts";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function folder(files: Record<string, string>): string {
  const dir = tempDir("hotpass-profile-cmd-");
  cleanups.push(dir.cleanup);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir.path, name), text);
  return dir.path;
}

const BROKEN = "name: bad\nfuzzy_threshold: high\ncolumn_synonym: {}\n";

/** The `hotpass: error:` block a command printed (message and problem lines, then the hint). */
const errorBlock = (stderr: string) => stderr.slice(stderr.indexOf("hotpass: error:"));

describe("hotpass profile list", () => {
  test("lists the bundled profiles with their display names", async () => {
    const result = await hotpass(["profile", "list"]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+ORIGIN\s+DISPLAY NAME$/);
    expect(lines).toContainEqual(expect.stringMatching(/^aviation\s+bundled:aviation\s+South African aviation/));
    expect(lines).toContainEqual(expect.stringMatching(/^generic\s+bundled:generic\s+Any workbook/));
  });

  test("search-path profiles come first, shadow bundled ones of the same name, and an invalid one is listed with its problem", async () => {
    const first = folder({ "aviation.yaml": "name: aviation\ndisplay_name: Our aviation\n", "team.toml": 'name = "team"\n' });
    const second = folder({ "broken.yaml": BROKEN, "team.yaml": "name: team\ndisplay_name: Shadowed team\n", "notes.txt": "not a profile" });
    const result = await hotpass(["profile", "list", "--profile-search-path", first, "--profile-search-path", second, "--json"]);
    expect(result.code).toBe(0);
    const { profiles } = JSON.parse(result.stdout) as { profiles: Record<string, string>[] };
    expect(profiles.map((p) => [p.name, p.origin])).toEqual([
      ["aviation", join(first, "aviation.yaml")],
      ["team", join(first, "team.toml")],
      ["broken", join(second, "broken.yaml")],
      ["team", join(second, "team.yaml")],
      ["aviation", "bundled:aviation"],
      ["generic", "bundled:generic"],
    ]);
    expect(profiles[0]!.display_name).toBe("Our aviation");
    expect(profiles[2]!.display_name).toBeUndefined();
    expect(profiles[2]!.problem).toContain("2 problems, the first: fuzzy_threshold: expected a number from 0 to 1");
    expect(profiles[3]!.shadowed_by).toBe(join(first, "team.toml"));
    expect(profiles[4]!.shadowed_by).toBe(join(first, "aviation.yaml"));
    expect(profiles[5]!.shadowed_by).toBeUndefined();

    const table = await hotpass(["profile", "list", "--profile-search-path", first, "--profile-search-path", second]);
    expect(table.stdout).toMatch(/^broken\s+\S+broken\.yaml\s+\(invalid: 2 problems/m);
    expect(table.stdout).toMatch(/^aviation\s+bundled:aviation\s+South African aviation.*\(not used: \S+aviation\.yaml comes first\)$/m);
  });
});

describe("hotpass profile validate", () => {
  test("a valid file or name exits 0 and says what it found", async () => {
    const dir = folder({ "team.yaml": "name: team\ndisplay_name: Our leads\n" });
    const byPath = await hotpass(["profile", "validate", join(dir, "team.yaml")]);
    expect(byPath.code).toBe(0);
    expect(byPath.stdout.trim()).toBe(`valid: ${join(dir, "team.yaml")} (team: Our leads; 0 sources)`);
    const byName = await hotpass(["profile", "validate", "team", "--profile-search-path", dir]);
    expect(byName.code).toBe(0);
    const bundled = await hotpass(["profile", "validate", "aviation", "--json"]);
    expect(JSON.parse(bundled.stdout)).toEqual({ valid: true, origin: "bundled:aviation", name: "aviation", display_name: expect.any(String), sources: 3, problems: [] });
  });

  test("an invalid profile exits 2 with the same lines refine prints for it, and no stack trace", async () => {
    const dir = folder({ "bad.yaml": BROKEN });
    const path = join(dir, "bad.yaml");
    const validate = await hotpass(["profile", "validate", path]);
    expect(validate.code).toBe(2);
    expect(validate.stdout).toBe("");
    expect(validate.stderr).toContain(`hotpass: error: invalid profile ${path}:`);
    expect(validate.stderr).toContain('  fuzzy_threshold: expected a number from 0 to 1, got the text "high"');
    expect(validate.stderr).toContain("  column_synonym: unknown key; expected one of name, ");
    expect(validate.stderr).toContain("did you mean column_synonyms?");
    expect(validate.stderr).not.toMatch(/\n\s+at /);

    const input = folder({});
    const refine = await hotpass(["refine", "--profile", path, "--input-dir", input, "--output-path", join(input, "out.csv")]);
    expect(refine.code).toBe(2);
    expect(errorBlock(validate.stderr)).toBe(errorBlock(refine.stderr));
  });

  test("--json gives the verdict with one entry per problem, still exit 2", async () => {
    const dir = folder({ "bad.yaml": BROKEN });
    const result = await hotpass(["profile", "validate", join(dir, "bad.yaml"), "--json"]);
    expect(result.code).toBe(2);
    const verdict = JSON.parse(result.stdout);
    expect(verdict.valid).toBe(false);
    expect(verdict.origin).toBe(join(dir, "bad.yaml"));
    expect(verdict.problems).toHaveLength(2);
    expect(verdict.problems[1]).toStartWith("column_synonym: unknown key");
  });

  test("broken syntax, a missing file and an unknown name are refused with what to do", async () => {
    const dir = folder({ "syntax.yaml": "name: [unclosed\n" });
    mkdirSync(join(dir, "sub"));
    const syntax = await hotpass(["profile", "validate", join(dir, "syntax.yaml"), "--json"]);
    expect(syntax.code).toBe(2);
    expect(JSON.parse(syntax.stdout).problems[0]).toStartWith("YAML syntax: ");
    const missing = await hotpass(["profile", "validate", join(dir, "nope.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("profile file not found");
    const unknown = await hotpass(["profile", "validate", "aviaton"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown profile 'aviaton'");
    expect(unknown.stderr).toContain("aviation, generic");
  });
});
