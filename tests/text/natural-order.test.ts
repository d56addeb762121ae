/**
 * The dashboard's fast text sort: the same order as the collator it stands in for (case ignored,
 * digit runs as numbers), on many random texts full of the cases where the two could part (leading
 * zeros, punctuation, prefixes, case), and no answer at all where it cannot be sure.
 */
import { describe, expect, test } from "bun:test";
import { rng } from "../../bench/aviation-data.ts";
import { naturalOrder } from "../../src/text/natural-order.ts";

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** The order it must give: the collator's, ties in position order. */
function reference(texts: string[]): number[] {
  return texts.map((_, i) => i).sort((a, b) => collator.compare(texts[a]!, texts[b]!) || a - b);
}

const PIECES = ["a", "A", "b", "Z", "é".normalize("NFD").slice(0, 1), "0", "00", "007", "1", "9", "10", "2", " ", "  ", "-", "_", ".", ",", "'", "(", "~", "$", "+27 ", "Flight "];

function texts(count: number, seed: number): string[] {
  const random = rng(seed);
  return Array.from({ length: count }, () => {
    let text = "";
    const pieces = Math.floor(random() * 8);
    for (let k = 0; k < pieces; k++) text += random() < 0.3 ? String.fromCharCode(32 + Math.floor(random() * 95)) : PIECES[Math.floor(random() * PIECES.length)]!;
    return random() < 0.2 ? text.toUpperCase() : text;
  });
}

describe("natural order", () => {
  test("the collator's order on 20,000 random texts of printable ASCII, ties by position", () => {
    for (const seed of [1, 2, 3]) {
      const sample = texts(20_000, seed);
      expect([...naturalOrder(sample)!]).toEqual(reference(sample));
    }
  });

  test("numbers inside texts: by value, leading zeros ignored, then the rest", () => {
    const sample = ["Flight 10", "flight 9", "Flight 009", "Flight 9a", "flight", "Flight 0", "Flight 00", "FLIGHT 1000000000000000000001", "Flight 999999999999999999999"];
    expect([...naturalOrder(sample)!].map((i) => sample[i])).toEqual(reference(sample).map((i) => sample[i]));
    expect([...naturalOrder(sample)!].map((i) => sample[i])).toEqual([
      "flight",
      "Flight 0",
      "Flight 00",
      "flight 9",
      "Flight 009",
      "Flight 9a",
      "Flight 10",
      "Flight 999999999999999999999",
      "FLIGHT 1000000000000000000001",
    ]);
  });

  test("a text past the engine's argument limit is keyed whole", () => {
    const long = "x".repeat(40_000);
    const sample = [`${long}b`, `${long}a`, long];
    expect([...naturalOrder(sample)!]).toEqual([2, 1, 0]);
  });

  test("no order for what the collator orders by rules beyond ASCII, or splits (digit runs past 100)", () => {
    expect(naturalOrder(["café", "cafe"])).toBeUndefined();
    expect(naturalOrder(["tab\there"])).toBeUndefined();
    expect(naturalOrder([`n${"9".repeat(101)}`])).toBeUndefined();
    expect(naturalOrder([`n${"9".repeat(100)}`])).toBeDefined();
  });
});
