/** The pattern conversions behind the emitted schemas, checked by running the patterns they give. */
import { describe, expect, test } from "bun:test";
import { valueSetPattern, valueSetWholePattern, wholeValuePattern } from "../../src/contracts/_patterns.ts";

/** Table Schema's whole-value meaning, in JavaScript terms. */
const wholeMatch = (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(value);

describe("a searched regular expression as a whole-value pattern", () => {
  const cases: [string, string[], string[]][] = [
    ["^https?://", ["https://x.org", "http://a"], ["ftp://x", "see https://x"]],
    ["^\\+\\d{6,}$", ["+27821234567"], ["0821234567", "+2782 123"]],
    ["@", ["a@b", "@"], ["ab"]],
    ["\\.co\\.za$", ["x.co.za"], ["x.co.za/"]],
    ["cat|dog", ["a cat", "dog!"], ["bird"]],
    ["^[^@\\s]+@[^@\\s]+$", ["a@b"], ["a @b"]],
  ];
  for (const [pattern, matching, failing] of cases) {
    test(pattern, () => {
      const whole = wholeValuePattern(pattern)!;
      for (const value of [...matching, ...failing]) {
        expect({ value, whole: wholeMatch(whole, value) }).toEqual({ value, whole: new RegExp(pattern).test(value) });
      }
    });
  }

  test("anchors with a top-level alternation, or inside, are left to hotpass", () => {
    expect(wholeValuePattern("^a|b$")).toBeUndefined();
    expect(wholeValuePattern("a^b")).toBeUndefined();
  });
});

test("a value set ignores case and outer spaces, as the expectation engine does", () => {
  const values = ["Active", "On hold (2025)"];
  for (const value of ["active", " ACTIVE ", "on HOLD (2025)"]) {
    expect(new RegExp(valueSetPattern(values)).test(value)).toBe(true);
    expect(wholeMatch(valueSetWholePattern(values), value)).toBe(true);
  }
  for (const value of ["inactive", "On hold 2025", "Active, On hold (2025)"]) {
    expect(new RegExp(valueSetPattern(values)).test(value)).toBe(false);
    expect(wholeMatch(valueSetWholePattern(values), value)).toBe(false);
  }
});
