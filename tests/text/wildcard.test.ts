/**
 * The one wildcard matcher (robots.txt rules, known_hosts host patterns, profile file globs): the
 * same answers as the regular expressions it replaced, on every small pattern and text over a
 * few letters, and hostile patterns over long texts answered at once instead of in exponential time.
 */
import { describe, expect, test } from "bun:test";
import { wildcardMatch, type WildcardOptions } from "../../src/text/wildcard.ts";

/** What the matcher replaced: `*` -> `.*`, optionally `?` -> `.`, the rest escaped. */
function reference(pattern: string, options: WildcardOptions): RegExp {
  const body = [...pattern].map((c) => (c === "*" ? ".*" : c === "?" && options.anyOne ? "." : c.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${body}${options.prefix ? "" : "$"}`, options.caseInsensitive ? "i" : "");
}

/** Every string of length 0..max over `alphabet`. */
function strings(alphabet: string, max: number): string[] {
  let level = [""];
  const all = [""];
  for (let n = 1; n <= max; n++) {
    level = level.flatMap((s) => [...alphabet].map((c) => s + c));
    all.push(...level);
  }
  return all;
}

describe("wildcardMatch", () => {
  test("agrees with the regular expressions it replaced, for every pattern up to 4 characters and text up to 5", () => {
    const patterns = strings("ab*?", 4);
    const texts = strings("abA?", 5);
    const modes: WildcardOptions[] = [{}, { prefix: true }, { anyOne: true }, { anyOne: true, caseInsensitive: true }, { anyOne: true, prefix: true }];
    let compared = 0;
    const disagreements: string[] = [];
    for (const options of modes) {
      for (const pattern of patterns) {
        const re = reference(pattern, options);
        for (const text of texts) {
          compared++;
          if (wildcardMatch(pattern, text, options) !== re.test(text)) disagreements.push(`${JSON.stringify(options)} ${pattern} ${text}`);
        }
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(compared).toBe(5 * 341 * 1365);
  });

  test("literal text stays literal: regular-expression characters, `$` and (by default) `?`", () => {
    expect(wildcardMatch("/a.b(c)[d]+$x", "/a.b(c)[d]+$x")).toBe(true);
    expect(wildcardMatch("/a.b", "/aXb")).toBe(false);
    expect(wildcardMatch("/page?id=1", "/page?id=1")).toBe(true);
    expect(wildcardMatch("/page?id=1", "/pageXid=1")).toBe(false);
    expect(wildcardMatch("host?", "hostX", { anyOne: true })).toBe(true);
  });

  test("hostile patterns over long texts are answered at once, with the right answer", () => {
    const started = performance.now();
    const text = "a".repeat(20_000);
    expect(wildcardMatch(`${"*a".repeat(14)}*b`, text)).toBe(false);
    expect(wildcardMatch(`/${"*a".repeat(12)}*b`, `/${text}`, { prefix: true })).toBe(false);
    expect(wildcardMatch(`${"*a".repeat(14)}*b`, `${text}b`)).toBe(true);
    expect(wildcardMatch(`${"?*".repeat(30)}c`, text, { anyOne: true })).toBe(false);
    expect(wildcardMatch("*".repeat(5_000) + "b", text)).toBe(false);
    // The worst case is (text × pattern) steps: a 1,000-character pattern over 20,000 characters.
    expect(wildcardMatch(`*${"a".repeat(999)}b`, text)).toBe(false);
    // Generous: an exponential regression takes minutes; the matcher takes milliseconds.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
