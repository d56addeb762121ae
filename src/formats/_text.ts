/**
 * The bytes of a text file (CSV) as UTF-8, whatever they were saved as. The byte-order mark says
 * UTF-8, UTF-16LE or UTF-16BE; without one, NULs between characters show UTF-16, and bytes that
 * are not valid UTF-8 are a legacy 8-bit save (Excel's "CSV" on Windows), read as Windows-1252
 * with a notice rather than turned silently into U+FFFD. Any other NUL means it is not text.
 */
import { isUtf8 } from "node:buffer";
import { usageError } from "../errors.ts";

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
