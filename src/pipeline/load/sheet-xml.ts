/**
 * The byte-level scan of sheet and shared-strings XML. It works on the inflated bytes, not on a
 * decoded string, for memory: in Bun a string sliced out of a larger one keeps the larger one
 * alive, so cell values cut from decoded chunks pinned the whole sheet XML (about 160 MiB at
 * 100,000 organisations) for as long as the records lived. Each value here is decoded on its own.
 *
 * It relies on what well-formed OOXML guarantees: text never contains a raw `<`, so `</row>`
 * always closes a row and `<c`, `<v>` and `</c>` are markup wherever they appear.
 */
import { decodeXml, plainNumber } from "./cells.ts";
import type { ZipArchive } from "./zip.ts";

const LT = 60;
const GT = 62;
const SLASH = 47;
const QUOTE = 34;

const pattern = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const ROW = pattern("<row");
const ROW_END = pattern("</row>");
const CELL = pattern("<c");
const CELL_END = pattern("</c>");
const VALUE = pattern("<v>");
const VALUE_END = pattern("</v>");
const SI = pattern("<si");
const SI_END = pattern("</si>");
const T_END = pattern("</t>");

/**
 * Position of `needle` in `bytes` from `from`, or -1. A plain loop: the next match is usually a
 * few bytes away, where this beats the native Buffer#indexOf and its per-call cost by far.
 */
function find(bytes: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  const last = bytes.length - needle.length;
  outer: for (let i = from; i <= last; i++) {
    if (bytes[i] !== first) continue;
    for (let k = 1; k < needle.length; k++) if (bytes[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

function findByte(bytes: Uint8Array, byte: number, from: number): number {
  for (let i = from; i < bytes.length; i++) if (bytes[i] === byte) return i;
  return -1;
}

function isSpace(code: number | undefined): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

function isNameEnd(code: number | undefined): boolean {
  // space, tab, newline, carriage return, `>` and `/`: what may follow an element's name.
  return code === 32 || code === GT || code === SLASH || code === 9 || code === 10 || code === 13;
}

/**
 * Inflates `part` and hands `onUnits` buffers that end right after a `closing` tag, so every
 * element of that kind arrives whole. Memory: one inflated chunk plus an unfinished element.
 */
export async function streamElements(zip: ZipArchive, part: string, closing: string, onUnits: (bytes: Buffer) => void): Promise<void> {
  let pending: Buffer | undefined;
  await zip.read(part, (chunk) => {
    const bytes = pending ? Buffer.concat([pending, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const cut = bytes.lastIndexOf(closing);
    if (cut < 0) {
      pending = bytes;
      return;
    }
    const end = cut + closing.length;
    onUnits(bytes.subarray(0, end));
    pending = end < bytes.length ? Buffer.from(bytes.subarray(end)) : undefined;
  });
  if (pending?.length) onUnits(pending);
}

/** The value of attribute `name` inside the start tag [from, to), as bytes positions, or undefined. */
function attributeRange(bytes: Buffer, from: number, to: number, name: string): [number, number] | undefined {
  const first = name.charCodeAt(0);
  for (let i = from; i < to - name.length - 1; i++) {
    if (bytes[i] !== first || !isSpace(bytes[i - 1])) continue;
    let match = true;
    for (let k = 1; k < name.length; k++) if (bytes[i + k] !== name.charCodeAt(k)) match = false;
    if (!match || bytes[i + name.length] !== 61 || bytes[i + name.length + 1] !== QUOTE) continue;
    const start = i + name.length + 2;
    const end = findByte(bytes, QUOTE, start);
    return end < 0 || end > to ? undefined : [start, end];
  }
  return undefined;
}

/** The text of a `<si>` or inline `<is>`: every `<t>` run, phonetic hints (`<rPh>`) left out. */
export function richText(xml: string): string {
  const body = xml.includes("<rPh") ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "") : xml;
  let out = "";
  const re = /<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) out += m[1] ?? "";
  return decodeXml(out);
}

/** Appends the strings of every complete `<si>` in `bytes` to `into`. */
export function scanSharedStrings(bytes: Buffer, into: string[]): void {
  let p = find(bytes, SI, 0);
  while (p >= 0) {
    const open = findByte(bytes, GT, p);
    const close = find(bytes, SI_END, p);
    if (open < 0 || close < 0) return;
    if (bytes[open - 1] === SLASH && open < close) into.push(""); // `<si/>`
    else {
      // The common shape, `<si><t>text</t></si>`, is decoded straight from its bytes.
      const t = open + 1;
      const textStart = bytes[t] === LT && bytes[t + 1] === 116 && isNameEnd(bytes[t + 2]) ? findByte(bytes, GT, t) + 1 : -1;
      const textEnd = textStart > 0 ? find(bytes, T_END, textStart) : -1;
      if (textStart > 0 && bytes[textStart - 2] !== SLASH && textEnd + 4 === close) into.push(decodeXml(bytes.toString("utf8", textStart, textEnd)));
      else into.push(richText(bytes.toString("utf8", open + 1, close)));
    }
    p = find(bytes, SI, close + 5);
  }
}

function integerAt(bytes: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + (bytes[i]! - 48);
  return n;
}

function cellValue(bytes: Buffer, tagStart: number, tagEnd: number, close: number, shared: string[]): string {
  const type = attributeRange(bytes, tagStart + 2, tagEnd, "t");
  // Read the short type name from its bytes: s, b, e, n, d, str, inlineStr.
  const typeName = !type ? "n" : type[1] - type[0] === 1 ? String.fromCharCode(bytes[type[0]]!) : type[1] - type[0] === 3 ? "str" : "inlineStr";
  if (typeName === "inlineStr") return richText(bytes.toString("utf8", tagEnd + 1, close));
  const v = find(bytes, VALUE, tagEnd);
  if (v < 0 || v > close) return "";
  const vEnd = find(bytes, VALUE_END, v);
  switch (typeName) {
    case "s":
      return shared[integerAt(bytes, v + 3, vEnd)] ?? "";
    case "str":
    case "d":
      return decodeXml(bytes.toString("utf8", v + 3, vEnd));
    case "b":
      return bytes[v + 3] === 49 ? "TRUE" : "FALSE";
    case "e":
      return "";
    default:
      return plainNumber(bytes.toString("latin1", v + 3, vEnd));
  }
}

function columnOf(bytes: Buffer, tagStart: number, tagEnd: number): number | undefined {
  const ref = attributeRange(bytes, tagStart + 2, tagEnd, "r");
  if (!ref) return undefined;
  let n = 0;
  let i = ref[0];
  for (; i < ref[1]; i++) {
    const code = bytes[i]!;
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return i === ref[0] ? undefined : n - 1;
}

/** The cells of the row whose content is [start, end): column i's text at index i. */
function parseRow(bytes: Buffer, start: number, end: number, shared: string[]): string[] {
  const cells: string[] = [];
  let next = 0;
  let p = find(bytes, CELL, start);
  while (p >= 0 && p < end) {
    if (!isNameEnd(bytes[p + 2])) {
      p = find(bytes, CELL, p + 2);
      continue;
    }
    const tagEnd = findByte(bytes, GT, p);
    if (tagEnd < 0 || tagEnd >= end) break;
    const col = columnOf(bytes, p, tagEnd) ?? next;
    next = col + 1;
    if (bytes[tagEnd - 1] === SLASH) {
      p = find(bytes, CELL, tagEnd);
      continue;
    }
    const close = find(bytes, CELL_END, tagEnd);
    if (close < 0 || close > end) break;
    const value = cellValue(bytes, p, tagEnd, close, shared);
    if (value !== "") {
      while (cells.length < col) cells.push("");
      cells[col] = value;
    }
    p = find(bytes, CELL, close + 4);
  }
  return cells;
}

/** Walks the complete `<row>` elements in `bytes`; returns the last row number seen. */
export function scanRows(bytes: Buffer, shared: string[], lastRow: number, onRow: (cells: string[], rowNumber: number) => void): number {
  let rowNumber = lastRow;
  let p = find(bytes, ROW, 0);
  while (p >= 0) {
    if (!isNameEnd(bytes[p + 4])) {
      p = find(bytes, ROW, p + 4);
      continue;
    }
    const tagEnd = findByte(bytes, GT, p);
    if (tagEnd < 0) break;
    const r = attributeRange(bytes, p + 4, tagEnd, "r");
    rowNumber = r ? integerAt(bytes, r[0], r[1]) : rowNumber + 1;
    if (bytes[tagEnd - 1] === SLASH) {
      p = find(bytes, ROW, tagEnd);
      continue;
    }
    const close = find(bytes, ROW_END, tagEnd);
    if (close < 0) break;
    const cells = parseRow(bytes, tagEnd + 1, close, shared);
    if (cells.length > 0) onRow(cells, rowNumber);
    p = find(bytes, ROW, close + 6);
  }
  return rowNumber;
}
