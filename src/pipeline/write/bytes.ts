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
      let code = text.charCodeAt(i);
      if (code < 0x80) {
        buffer[at++] = code;
        if (code === 0x22) buffer[at++] = code;
      } else if (code < 0x800) {
        buffer[at++] = 0xc0 | (code >> 6);
        buffer[at++] = 0x80 | (code & 0x3f);
      } else if (code >= 0xd800 && code < 0xdc00 && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        code = 0x10000 + ((code - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
        buffer[at++] = 0xf0 | (code >> 18);
        buffer[at++] = 0x80 | ((code >> 12) & 0x3f);
        buffer[at++] = 0x80 | ((code >> 6) & 0x3f);
        buffer[at++] = 0x80 | (code & 0x3f);
      } else {
        if (code >= 0xd800 && code < 0xe000) code = 0xfffd; // a lone surrogate
        buffer[at++] = 0xe0 | (code >> 12);
        buffer[at++] = 0x80 | ((code >> 6) & 0x3f);
        buffer[at++] = 0x80 | (code & 0x3f);
      }
    }
    this.length = at;
  }

  raw(data: Uint8Array): void {
    this.reserve(data.length);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < data.length; i++) buffer[at++] = data[i]!;
    this.length = at;
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
