/**
 * The bytes of a text file (CSV) as UTF-8, whatever they were saved as. The byte-order mark says
 * UTF-8, UTF-16LE or UTF-16BE; without one, NULs between characters show UTF-16, and bytes that
 * are not valid UTF-8 are a legacy 8-bit save (Excel's "CSV" on Windows), read as Windows-1252
 * with a notice rather than turned silently into U+FFFD. Any other NUL means it is not text.
 */
import { isUtf8 } from "node:buffer";
import { usageError } from "../errors.ts";
import type { ReadAt } from "./types.ts";

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface DecodedText {
  /** The text as UTF-8, byte-order mark removed. */
  utf8: Buffer;
  encoding: TextEncodingName;
  /** Set when the encoding was guessed rather than declared by a byte-order mark. */
  notice?: string;
}

/** How many leading bytes decide whether a BOM-less file is UTF-16. */
const SAMPLE = 64 * 1024;

function transcode(bytes: Uint8Array, from: TextEncodingName, file: string): Buffer {
  const utf8 = Buffer.from(new TextDecoder(from).decode(bytes), "utf8");
  if (utf8.indexOf(0) >= 0) throw notText(file);
  return utf8;
}

function notText(file: string): Error {
  return usageError(
    `${file}: not a text file (it contains NUL characters), so it cannot be read as CSV`,
    "save it from a spreadsheet program as \"CSV UTF-8\", or remove it from the input folder",
  );
}

/** "utf-16le" / "utf-16be" when NULs fill one byte of (nearly) every pair, as in ASCII-range UTF-16. */
function utf16Without(bytes: Uint8Array): TextEncodingName | undefined {
  const n = Math.min(bytes.length, SAMPLE) & ~1;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNuls++;
    if (bytes[i + 1] === 0) oddNuls++;
  }
  const pairs = n / 2;
  if (oddNuls >= pairs / 4 && evenNuls * 10 <= oddNuls) return "utf-16le";
  if (evenNuls >= pairs / 4 && oddNuls * 10 <= evenNuls) return "utf-16be";
  return undefined;
}

/** Throws a usage error (exit 2) naming `file` when the bytes are not text. */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view[0] === 0xff && view[1] === 0xfe) return { utf8: transcode(view.subarray(2), "utf-16le", file), encoding: "utf-16le" };
  if (view[0] === 0xfe && view[1] === 0xff) return { utf8: transcode(view.subarray(2), "utf-16be", file), encoding: "utf-16be" };
  const body = view[0] === 0xef && view[1] === 0xbb && view[2] === 0xbf ? view.subarray(3) : view;
  if (body.indexOf(0) >= 0) {
    const utf16 = utf16Without(body);
    if (!utf16) throw notText(file);
    return { utf8: transcode(body, utf16, file), encoding: utf16, notice: `${file}: no byte-order mark, but the text is ${utf16 === "utf-16le" ? "UTF-16LE" : "UTF-16BE"}; read as such` };
  }
  if (isUtf8(body)) return { utf8: body, encoding: "utf-8" };
  return { utf8: transcode(body, "windows-1252", file), encoding: "windows-1252", notice: `${file}: not valid UTF-8; read as Windows-1252` };
}

/** Whether the text starts with a UTF-16 byte-order mark (either order). */
export function utf16Marked(head: Uint8Array): boolean {
  return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
}

/** Where the last complete UTF-8 sequence of `bytes` ends: a sequence cut by the end is left for the next piece. */
function wholeSequences(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(4, n); back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return back < length ? n - back : n;
  }
  return n;
}

/**
 * Where the text starts (3 past a UTF-8 byte-order mark, else 0) when the file is UTF-8 that can
 * be parsed piece by piece as it is — checked piece by piece, the same decision `decodeText`
 * makes on the whole file. Undefined when `decodeText` must have it whole: a UTF-16 byte-order
 * mark, a NUL, or bytes that are not UTF-8 (all decoded into a UTF-8 copy, or refused).
 */
export async function utf8Start(read: ReadAt, pieceBytes: number): Promise<number | undefined> {
  const head = await read(0, 3);
  if (utf16Marked(head)) return undefined;
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  let carry: Buffer = Buffer.alloc(0);
  for (let position = start; ; ) {
    const piece = await read(position, pieceBytes);
    // A sequence still cut at the end of the file is not UTF-8.
    if (piece.length === 0) return carry.length === 0 ? start : undefined;
    position += piece.length;
    const bytes = carry.length === 0 ? Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength) : Buffer.concat([carry, piece]);
    if (bytes.indexOf(0) >= 0) return undefined;
    const cut = wholeSequences(bytes);
    if (!isUtf8(bytes.subarray(0, cut))) return undefined;
    carry = Buffer.from(bytes.subarray(cut));
  }
}
