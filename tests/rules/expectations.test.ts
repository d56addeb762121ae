/**
 * The one expectation engine: the same rule judges a source sheet and the output alike (through
 * the binary, as a user sees it in the quality report), and the engine's own semantics.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ExpectationResult } from "../../src/pipeline/events.ts";
import { compileProfileRules, compileRule, RuleCheck } from "../../src/rules/expectations.ts";
import { hotpass, tempDir } from "../support/binary.ts";

const work = tempDir("hotpass-expectations-");
afterAll(() => work.cleanup());

describe("source and output scopes judge alike", () => {
  test("value_set [Active]: ' active ' passes in a sheet and 'active' in the output; the same message; samples name the rows", async () => {
    const input = join(work.path, "in");
    mkdirSync(input);
    writeFileSync(join(input, "orgs.csv"), "Company,Status\nGamma,Bogus\nAero, active \nBeta,Active\nDelta,\n");
    const profile = join(work.path, "profile.yaml");
    const generic = readFileSync(join(import.meta.dir, "../../src/profiles/bundled/generic.yaml"), "utf8");
    const rule = "{ rule: value_set, column: status, values: [Active] }";
    writeFileSync(profile, `${generic}\nexpectations:\n  sources: [${rule}]\n  output: [${rule}]\n`);
    const output = join(work.path, "out", "refined.json");
    const result = await hotpass(["refine", "--profile", profile, "--input-dir", input, "--output-path", output], { env: { HOME: work.path } });
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(work.path, "out", "refined-quality-report.json"), "utf8"));
    const byScope = (scope: string) => report.expectation_results.find((r: ExpectationResult) => r.rule === "value_set" && r.column === "status" && r.scope.startsWith(scope));
    const source = byScope("source:");
    const out = byScope("output");
    for (const r of [source, out]) {
      expect(r).toMatchObject({ success: false, failed: 1, total: 3, mostly: 1, message: "status is one of Active: 1 of 3 rows failed" });
    }
    // Sheet row 2 (the header is row 1); output row 4 (sorted by name: Aero, Beta, Delta, Gamma).
    expect(source.samples).toEqual([{ row: 2, value: "Bogus" }]);
    expect(out.samples).toEqual([{ row: 4, value: "Bogus" }]);
    expect(result.stderr).toContain("expectation failed: status is one of Active: 1 of 3 rows failed");
  });
});

describe("the engine", () => {
  const check = (rule: Parameters<typeof compileRule>[0], values: (string | number | null)[]) => {
    const [compiled] = compileProfileRules([rule], "expectations.output");
    const counter = new RuleCheck(compiled!, "output");
    values.forEach((value, i) => counter.check(value, i + 1));
    return counter.result();
  };

  test("empty cells are only not_null's business", () => {
    expect(check({ rule: "not_null", column: "x" }, ["a", " ", null, ""])).toMatchObject({ failed: 3, total: 4, success: false });
    expect(check({ rule: "regex", column: "x", pattern: "^a$" }, ["a", " ", null, " a "])).toMatchObject({ failed: 0, total: 2, success: true });
  });

  test("range takes numbers and numeric text; mostly decides", () => {
    const result = check({ rule: "range", column: "x", min: 0, max: 1, mostly: 0.5 }, [0.5, "0.25", "2", "abc"]);
    expect(result).toMatchObject({ failed: 2, total: 4, success: true, message: "x is within [0, 1] for at least 50% of rows: 2 of 4 rows failed" });
  });

  test("at most 5 samples, each at most 200 characters", () => {
    const long = "b".repeat(500);
    const result = check({ rule: "value_set", column: "x", values: ["a"] }, [long, "c", "d", "e", "f", "g", "A"]);
    expect(result.failed).toBe(6);
    expect(result.samples).toHaveLength(5);
    expect(result.samples![0]).toEqual({ row: 1, value: `${"b".repeat(200)}…` });
    expect(result.samples!.map((s) => s.row)).toEqual([1, 2, 3, 4, 5]);
  });
});
