/**
 * The bundled profiles' own patterns run as native RegExp (src/rules/patterns.ts,
 * SHIPPED_PATTERNS), every other pattern on RE2. A shipped pattern must answer exactly as RE2
 * would, and the bundled profiles must actually reach it (a YAML edited without the table falls
 * back to RE2: correct, but slower, so this says so).
 */
import { expect, test } from "bun:test";
import { RE2JS } from "re2js";
import { loadProfile } from "../../src/profiles/loader.ts";
import { compileAnyOf, SHIPPED_PATTERNS } from "../../src/rules/patterns.ts";

const PIECES = ["unknown", "UNKNOWN", " ", "  ", "organisation", "organization", "Organi", "sation", "zation", "ſ", "K", "k", "\u212a", "s", "z", "n/a", "N/A", "n", "/", "a", "na", "none", "NULL", "unspecified", "-", "?", "\n", "\t", "x", "1", "_", "é", "İ", "ı", "💥", "17", "#"];

test("each shipped pattern answers as RE2 does, on 200,000 texts", () => {
  let seed = 20261201;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (const [key, native] of SHIPPED_PATTERNS) {
    const colon = key.indexOf(":");
    const re2 = RE2JS.compile(key.slice(colon + 1), Number(key.slice(0, colon)));
    const differ: string[] = [];
    for (let n = 0; n < 200_000; n++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 5) }, () => PIECES[Math.floor(next() * PIECES.length)]).join("");
      if (native.test(text) !== re2.test(text)) differ.push(text);
    }
    expect(differ.slice(0, 5)).toEqual([]);
  }
});

test("the bundled profiles' placeholder names run on the shipped RegExp", async () => {
  for (const name of ["aviation", "generic"]) {
    const profile = await loadProfile(name, []);
    const compiled = compileAnyOf(profile.placeholder_names!.map((pattern, i) => ({ key: `placeholder_names[${i}]`, pattern })), { caseInsensitive: true });
    expect(compiled).toBeInstanceOf(RegExp);
    expect(compiled.test("Unknown Organisation 17")).toBe(true);
    expect(compiled.test("Aero Club")).toBe(false);
  }
});
