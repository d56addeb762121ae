/**
 * South African numbers in their four usual shapes skip libphonenumber-js's parse and ask it only
 * whether `+27` and the nine national digits are valid (src/rules/phone.ts). That must give what
 * the full parse gives, for valid and invalid numbers alike: here every shape of numbers starting
 * with every three digits (and a spread of random ones) is normalised both ways.
 */
import { expect, test } from "bun:test";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { normalisePhone } from "../../src/rules/phone.ts";

/** The full parse, as phone.ts does it for any region (digits only, no search in free text). */
function fullParse(raw: string): string | null {
  const trimmed = raw.trim();
  const plus = trimmed.startsWith("+");
  const digits = trimmed.replace(/[^\d]/g, "");
  if (digits.length < 6 || /^(\d)\1+$/.test(digits)) return null;
  const phone = parsePhoneNumberFromString(`${plus ? "+" : ""}${digits}`, { defaultCountry: "ZA", extract: false });
  return phone?.isValid() ? phone.number : null;
}

let seed = 29;
function digits(n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out += String(Math.floor((seed / 2147483648) * 10));
  }
  return out;
}

/** The ways one national number is written in real files (and a few it is not). */
function shapes(national: string): string[] {
  const spaced = `0${national.slice(0, 2)} ${national.slice(2, 5)} ${national.slice(5)}`;
  return [`+27${national}`, `+27 ${national.slice(0, 2)} ${national.slice(2, 5)} ${national.slice(5)}`, `0${national}`, spaced, `27${national}`, national, `(0${national.slice(0, 2)}) ${national.slice(2)}`, `+270${national}`, `0027${national}`, `27${national}.0`];
}

test("every three-digit start, in every shape: the same as the full parse", () => {
  let valid = 0;
  let checked = 0;
  for (let start = 0; start < 1000; start++) {
    for (let k = 0; k < 3; k++) {
      const national = String(start).padStart(3, "0") + digits(6);
      for (const raw of shapes(national)) {
        const expected = fullParse(raw.replace(/\.0+$/, ""));
        expect([raw, normalisePhone(raw, "ZA")]).toEqual([raw, expected]);
        if (expected) valid++;
        checked++;
      }
    }
  }
  // Both kinds are well represented: a shortcut that called everything valid (or nothing) fails.
  expect(valid).toBeGreaterThan(checked / 10);
  expect(checked - valid).toBeGreaterThan(checked / 10);
});

test("numbers of other lengths and other regions still take the full parse", () => {
  for (const raw of ["+27 82 123 456", "082 123 45678", "+44 20 7946 0958", "0044 20 7946 0958", "27 82 123 4567 8", "821234567", "271234567"]) {
    expect([raw, normalisePhone(raw, "ZA")]).toEqual([raw, fullParse(raw)]);
  }
  expect(normalisePhone("020 7946 0958", "GB")).toBe("+442079460958");
});
