/**
 * The dashboard's order for text is `Intl.Collator("en", { numeric: true, sensitivity: "base" })`:
 * case ignored, digit runs compared as numbers (`Flight 9` before `Flight 10`, `007` equal to
 * `7`). Sorting 100,000 record ids with the collator took 400–570 ms (about 250 ns a
 * comparison, and a call back into script for each). For printable ASCII, which is most of what
 * a refined table holds, `naturalOrder` builds for every text a key whose plain code-unit order
 * is the collator's (made from the collator's own order of the 95 characters) and lets the
 * engine sort the keys without a comparison function: 60–120 ms for the same ids. The tests hold
 * it to the collator's answers.
 *
 * @example
 * naturalOrder(["Flight 10", "flight 9", "Flight 9"]); // Uint32Array [1, 2, 0]
 * // or key by key, to hold no more than the keys:
 * const keys = ["Flight 10", "flight 9"].map((text, i) => naturalKey(text, i)!);
 * sortedPositions(keys); // Uint32Array [1, 0]
 */
const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
/** Printable ASCII, with no digit run so long that the collator would split it (it does past 254). */
const KEYABLE = /^(?:[\x20-\x2f\x3a-\x7e]|\d{1,100}(?!\d))*$/;
const ZERO = 48;
const NINE = 57;

/** Each printable ASCII character's place in the collator's order (equal places compare equal). */
const RANK = (() => {
  const rank = new Uint8Array(128);
  const chars = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).sort((a, b) => collator.compare(a, b));
  let place = 0;
  chars.forEach((c, i) => {
    if (i === 0 || collator.compare(chars[i - 1]!, c) !== 0) place++;
    rank[c.charCodeAt(0)] = place;
  });
  return rank;
})();

/** The collator's comparison, for texts `naturalOrder` cannot key. */
export function compareNatural(x: string, y: string): number {
  return collator.compare(x, y);
}

/**
 * The positions of `texts` in the collator's order, ties in position order; undefined when a
 * text is not printable ASCII (sort those with `compareNatural`).
 */
export function naturalOrder(texts: readonly string[]): Uint32Array | undefined {
  const keys: string[] = [];
  for (const [i, text] of texts.entries()) {
    const key = naturalKey(text, i);
    if (key === undefined) return undefined;
    keys.push(key);
  }
  return sortedPositions(keys);
}

/** Sorts `keys` (naturalKey's, positions 0 to n - 1) and gives the positions in that order. */
export function sortedPositions(keys: string[]): Uint32Array {
  keys.sort();
  // Each key ends with its text's position, in four bytes.
  const order = new Uint32Array(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const n = key.length;
    order[k] = ((key.charCodeAt(n - 4) << 24) | (key.charCodeAt(n - 3) << 16) | (key.charCodeAt(n - 2) << 8) | key.charCodeAt(n - 1)) >>> 0;
  }
  return order;
}

/** The units of the key being made: one array for every key (a view or array per key was garbage to collect). */
const units: number[] = [];

/**
 * Each character by its place (from 1); each digit run as the place of digits, then its length
 * without leading zeros, then those digits (so a longer number is a larger one); then 0 (a text
 * before any longer one it begins) and the position (the tie-break). Two keys with the same
 * beginning are at the same kind of unit where they part, so the kinds may share values; every
 * unit is a byte, and the keys are one byte a character in memory. Undefined for a text the
 * collator orders by rules beyond printable ASCII (see KEYABLE): compare those with it.
 */
export function naturalKey(text: string, position: number): string | undefined {
  if (!KEYABLE.test(text)) return undefined;
  let n = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) {
      units[n++] = RANK[c]!;
      i++;
      continue;
    }
    while (i < text.length && text.charCodeAt(i) === ZERO) i++;
    let end = i;
    while (end < text.length && text.charCodeAt(end) >= ZERO && text.charCodeAt(end) <= NINE) end++;
    units[n++] = RANK[ZERO]!;
    units[n++] = end - i;
    for (; i < end; i++) units[n++] = text.charCodeAt(i);
  }
  units[n++] = 0;
  units[n++] = position >>> 24;
  units[n++] = (position >>> 16) & 0xff;
  units[n++] = (position >>> 8) & 0xff;
  units[n++] = position & 0xff;
  units.length = n;
  return fromUnits(units);
}

/** The string of `units`, in slices (a call takes only so many arguments). */
function fromUnits(units: number[]): string {
  const SLICE = 8192;
  if (units.length <= SLICE) return String.fromCharCode.apply(null, units);
  let text = "";
  for (let at = 0; at < units.length; at += SLICE) text += String.fromCharCode.apply(null, units.slice(at, at + SLICE));
  return text;
}
