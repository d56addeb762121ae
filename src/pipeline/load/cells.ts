/**
 * Cell text as the loader hands it on: numbers written plainly (`27821234567`, `2`, never
 * `2.78e10` or `2.0`), XML escapes decoded. Excel serial dates stay their number text; normalise
 * turns them into dates.
 */

/** A number's text without exponent or trailing `.0`. */
export function plainNumber(text: string): string {
  if (/^-?\d+$/.test(text)) return text;
  const n = Number(text);
  if (!Number.isFinite(n) || text.trim() === "") return text;
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  return String(n);
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes XML character references and OOXML's `_xHHHH_` escapes. */
export function decodeXml(text: string): string {
  let out = text;
  if (out.includes("&")) {
    out = out.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
      if (ref[0] !== "#") return NAMED[ref] ?? whole;
      const code = ref[1] === "x" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
  }
  if (out.includes("_x")) {
    out = out.replace(/_x([0-9A-Fa-f]{4})_/g, (_whole, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
  return out;
}

/** `A` -> 0, `Z` -> 25, `AA` -> 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

/** 0 -> `A`, 26 -> `AA`. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
