/**
 * Text (spec section 4): trimmed (non-breaking and zero-width spaces too), Unicode NFKC, empty ->
 * null, at most 10,000 characters. Names and labels also have inner runs of white space collapsed.
 */

export const MAX_TEXT = 10_000;
const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
const EDGE_SPACE = /^[\s\u00a0\u200b\ufeff]+|[\s\u00a0\u200b\ufeff]+$/g;
const INNER_SPACE = /[\s\u00a0]+/g;
const UNUSUAL_SPACE = /\s\s|[^\S ]/;

/** True when `text` is printable ASCII, so Unicode normalisation cannot change it. */
export function isPlainAscii(text: string): boolean {
  return ASCII_PRINTABLE.test(text);
}

/** `"\u00a0 Aero Club \u00a0"` -> `"Aero Club"`; `" "` -> null. */
export function cleanText(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  let text = ASCII_PRINTABLE.test(raw) ? raw.trim() : raw.normalize("NFKC").replace(EDGE_SPACE, "");
  if (text.length === 0) return null;
  if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT);
  return text;
}

/** Like cleanText, with inner runs of white space collapsed: `" Jane  Doe "` -> `"Jane Doe"`. */
export function cleanName(raw: string | null | undefined): string | null {
  const text = cleanText(raw);
  // Testing first is cheaper than a replace that makes a new string for every clean name.
  return text === null || !UNUSUAL_SPACE.test(text) ? text : text.replace(INNER_SPACE, " ");
}
