/**
 * A reused byte buffer that text is UTF-8 encoded into and flushed from in chunks. Writers build
 * their output here instead of in strings: at 100,000 rows, strings made the table's size in
 * short-lived garbage several times over, which the collector let pile up to over a GiB of RSS.
 */
export const encoder = new TextEncoder();
export const CHUNK_BYTES = 1 << 20;

export class ByteChunk {
  private buffer: Uint8Array;
  length = 0;

  /** `capacity`: the bytes it starts with (it grows when a piece needs more). */
  constructor(capacity = CHUNK_BYTES * 2) {
    this.buffer = new Uint8Array(capacity);
  }

  put(text: string): void {
    const n = text.length;
    this.reserve(n * 3);
    if (n > 64) {
      this.length += encoder.encodeInto(text, this.buffer.subarray(this.length)).written;
      return;
    }
    // Short text: copied by hand while it is ASCII (a native call and a view per cell cost more).
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        this.length = at;
        this.length += encoder.encodeInto(text.slice(i), buffer.subarray(at)).written;
        return;
      }
      buffer[at++] = code;
    }
    this.length = at;
  }

  /**
   * UTF-8 of `text` with every `"` doubled (a quoted CSV field's body), encoded by hand so that no
   * escaped copy of the string is ever made.
   */
  putDoublingQuotes(text: string): void {
    const n = text.length;
    this.reserve(n * 6);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        buffer[at++] = code;
        if (code === 0x22) buffer[at++] = code;
      } else if (code >= 0xd800 && code < 0xdc00 && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        at = putAstral(buffer, at, code, text.charCodeAt(++i));
      } else at = putBmp(buffer, at, code);
    }
    this.length = at;
  }

  /**
   * UTF-8 of `text` as XML character data, escaped and encoded in one pass (no escaped copy is
   * made): `& < >` as entities; the characters XML 1.0 forbids (C0 controls other than tab, line
   * feed and carriage return, U+FFFE, U+FFFF) dropped; a lone surrogate as U+FFFD, as
   * TextEncoder writes it. The xlsx writer puts every text cell through here.
   */
  putXmlText(text: string): void {
    const n = text.length;
    this.reserve(n * 5);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        if (code >= 0x20) {
          if (code === 0x26) at = putEntity(buffer, at, AMP_ENTITY);
          else if (code === 0x3c) at = putEntity(buffer, at, LT_ENTITY);
          else if (code === 0x3e) at = putEntity(buffer, at, GT_ENTITY);
          else buffer[at++] = code;
        } else if (code === 0x09 || code === 0x0a || code === 0x0d) buffer[at++] = code;
      } else if (code >= 0xd800 && code < 0xdc00 && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        at = putAstral(buffer, at, code, text.charCodeAt(++i));
      } else if (code < 0xfffe) at = putBmp(buffer, at, code);
    }
    this.length = at;
  }

  /**
   * UTF-8 of `JSON.stringify(text)`, quotes included, encoded by hand (no escaped copy made): `"`
   * and `\\` escaped, \b \t \n \f \r by their short forms, other control characters and lone
   * surrogates as lower-case `\\u` escapes, everything else as it is.
   */
  putJsonString(text: string): void {
    const n = text.length;
    this.reserve(n * 6 + 2);
    const buffer = this.buffer;
    let at = this.length;
    buffer[at++] = 0x22;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x20 && code < 0x80) {
        if (code === 0x22 || code === 0x5c) buffer[at++] = 0x5c;
        buffer[at++] = code;
      } else if (code < 0x20) {
        const short = SHORT_ESCAPES[code]!;
        buffer[at++] = 0x5c;
        if (short) buffer[at++] = short;
        else at = putUnicodeEscape(buffer, at, code);
      } else if (code < 0x800) {
        buffer[at++] = 0xc0 | (code >> 6);
        buffer[at++] = 0x80 | (code & 0x3f);
      } else if (code < 0xd800 || code >= 0xe000) {
        buffer[at++] = 0xe0 | (code >> 12);
        buffer[at++] = 0x80 | ((code >> 6) & 0x3f);
        buffer[at++] = 0x80 | (code & 0x3f);
      } else if (code < 0xdc00 && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        at = putAstral(buffer, at, code, text.charCodeAt(++i));
      } else {
        buffer[at++] = 0x5c; // a lone surrogate
        at = putUnicodeEscape(buffer, at, code);
      }
    }
    buffer[at++] = 0x22;
    this.length = at;
  }

  raw(data: Uint8Array): void {
    this.reserve(data.length);
    const buffer = this.buffer;
    let at = this.length;
    // A native copy pays for its call only on longer pieces (markup pieces are a few bytes).
    if (data.length > 64) buffer.set(data, at);
    else for (let i = 0; i < data.length; i++) buffer[at + i] = data[i]!;
    this.length = at + data.length;
  }

  /** UTF-8 `data` with every `"` doubled (a quoted CSV field's body). */
  rawDoublingQuotes(data: Uint8Array): void {
    this.reserve(data.length * 2);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < data.length; i++) {
      const b = data[i]!;
      buffer[at++] = b;
      if (b === 0x22) buffer[at++] = b;
    }
    this.length = at;
  }

  /** Appends `from[start..end)` (bytes from another buffer). */
  copy(from: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    const buffer = this.buffer;
    let at = this.length;
    // A view to copy from costs an object: below ~200 bytes the loop is faster (100 against 260 ns for 80).
    if (end - start > 192) buffer.set(from.subarray(start, end), at);
    else for (let i = start; i < end; i++) buffer[at++] = from[i]!;
    this.length += end - start;
  }

  /** A non-negative integer as an unsigned LEB128 varint (7 bits a byte, low bits first). */
  varint(value: number): void {
    this.reserve(8);
    while (value >= 0x80) {
      this.buffer[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buffer[this.length++] = value;
  }

  /** Reserves one byte for a varint written later (`fill`); returns where it is. */
  slot(): number {
    this.reserve(1);
    return this.length++;
  }

  /**
   * Writes `value` as a varint at `slot`: in its byte when under 128 (nearly always), else moving
   * what was written after the slot along to make room.
   */
  fill(slot: number, value: number): void {
    if (value < 0x80) {
      this.buffer[slot] = value;
      return;
    }
    const after = this.length;
    this.varint(value);
    const size = this.length - after;
    this.buffer.copyWithin(slot + size, slot + 1, after);
    let at = slot;
    while (value >= 0x80) {
      this.buffer[at++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buffer[at] = value;
    this.length = after + size - 1;
  }

  /** The bytes so far (a view, valid until the chunk is next written to). */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const bigger = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    bigger.set(this.buffer.subarray(0, this.length));
    this.buffer = bigger;
  }

  /** Like `flushTo`, for a sink that writes before it returns (a file descriptor). */
  flushSync(sink: (data: Uint8Array) => void): void {
    sink(this.buffer.subarray(0, this.length));
    this.length = 0;
  }

  /** Hands the bytes so far to `sink` (which must be done with them when it returns) and empties the buffer. */
  async flushTo(sink: (data: Uint8Array) => Promise<void> | void): Promise<void> {
    await sink(this.buffer.subarray(0, this.length));
    this.length = 0;
  }
}

/** JSON's short escapes for control characters (0 where it writes `\\u00xx`). */
const SHORT_ESCAPES = new Uint8Array(0x20);
SHORT_ESCAPES[0x08] = 0x62; // b
SHORT_ESCAPES[0x09] = 0x74; // t
SHORT_ESCAPES[0x0a] = 0x6e; // n
SHORT_ESCAPES[0x0c] = 0x66; // f
SHORT_ESCAPES[0x0d] = 0x72; // r
const HEX = encoder.encode("0123456789abcdef");

const AMP_ENTITY = encoder.encode("&amp;");
const LT_ENTITY = encoder.encode("&lt;");
const GT_ENTITY = encoder.encode("&gt;");

function putEntity(buffer: Uint8Array, at: number, entity: Uint8Array): number {
  for (let i = 0; i < entity.length; i++) buffer[at++] = entity[i]!;
  return at;
}

/**
 * The two or three bytes of a non-ASCII character below U+10000 at `at` (a lone surrogate as
 * U+FFFD, as TextEncoder writes it); returns the next position.
 */
function putBmp(buffer: Uint8Array, at: number, code: number): number {
  if (code < 0x800) {
    buffer[at++] = 0xc0 | (code >> 6);
    buffer[at++] = 0x80 | (code & 0x3f);
    return at;
  }
  if (code >= 0xd800 && code < 0xe000) code = 0xfffd;
  buffer[at++] = 0xe0 | (code >> 12);
  buffer[at++] = 0x80 | ((code >> 6) & 0x3f);
  buffer[at++] = 0x80 | (code & 0x3f);
  return at;
}

/** The four bytes of the character a surrogate pair stands for, at `at`; returns the next position. */
function putAstral(buffer: Uint8Array, at: number, high: number, low: number): number {
  const code = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
  buffer[at++] = 0xf0 | (code >> 18);
  buffer[at++] = 0x80 | ((code >> 12) & 0x3f);
  buffer[at++] = 0x80 | ((code >> 6) & 0x3f);
  buffer[at++] = 0x80 | (code & 0x3f);
  return at;
}

/** `u` and four lower-case hex digits of `code` at `at` (after a backslash); returns the next position. */
function putUnicodeEscape(buffer: Uint8Array, at: number, code: number): number {
  buffer[at++] = 0x75;
  buffer[at++] = HEX[code >> 12]!;
  buffer[at++] = HEX[(code >> 8) & 15]!;
  buffer[at++] = HEX[(code >> 4) & 15]!;
  buffer[at++] = HEX[code & 15]!;
  return at;
}
