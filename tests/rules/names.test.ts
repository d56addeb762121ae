/** Name rejection: one function, the built-in placeholders plus the profile's own patterns. */
import { describe, expect, test } from "bun:test";
import { nameRules } from "../../src/rules/names.ts";

describe("name rules", () => {
  test("empty names and built-in placeholders, judged as cleaned", () => {
    const rules = nameRules();
    for (const name of [undefined, null, "", "  ", "\u00a0\u200b"]) expect(rules.reject(name)).toBe("empty_organization_name");
    for (const name of ["Unknown Organisation 17", "  unknown   ORGANIZATION #3 ", "N/A", "na", "-", "---", "TBC", "none", "Unnamed company"]) {
      expect(rules.reject(name), name).toBe("placeholder_organization_name");
    }
    for (const name of ["Aero Club", "Unknown Pleasures Aviation", "NA Flight School", "?"]) expect(rules.reject(name), name).toBeUndefined();
  });

  test("the profile's placeholder_names add to the built-in ones, without regard to case", () => {
    const rules = nameRules(["^test company", "^\\?+$"]);
    expect(rules.reject("TEST COMPANY 4")).toBe("placeholder_organization_name");
    expect(rules.reject(" ??? ")).toBe("placeholder_organization_name");
    expect(rules.reject("N/A")).toBe("placeholder_organization_name");
    expect(rules.reject("Testing Aviation")).toBeUndefined();
  });
});
