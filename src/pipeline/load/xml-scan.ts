/**
 * A streaming, checking XML tokenizer over bytes: fed the inflated chunks of a part as they come,
 * it checks that the part is well-formed (every tag closed in order, attributes quoted, `&` only
 * in a known reference, one root, nothing cut off) and hands its subclass the start tags, end
 * tags and — only while the subclass asks for it — the text. A part that is not well-formed is
 * refused with the byte offset where it breaks: a damaged sheet must never read as a shorter one.
 *
 * Cost: every byte is looked at once; only an unfinished piece of markup or reference is carried
 * from one chunk to the next (bounded by MAX_MARKUP_BYTES), so the work per inflated byte is
 * constant and memory is one chunk. No DTD is accepted (no entity can be defined, so none can be
 * expanded). Not checked, as no reader here depends on them: duplicate attributes, `--` inside
 * comments, `]]>` in text, and the full Unicode name-character classes (any byte from 0x80 is
 * accepted in a name).
 */
import { MAX_DEPTH, MAX_MARKUP_BYTES } from "./limits.ts";

const LT = 60;
const GT = 62;
const AMP = 38;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQUALS = 61;
const QUOTE = 34;
const APOS = 39;
const SEMICOLON = 59;
const HASH = 35;
const COLON = 58;

/** Byte classes: 1 may start a name, 2 may continue one, 4 is white space. */
const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === COLON || c >= 128;
  if (letter) CLASS[c] = 1 | 2;
  else if ((c >= 48 && c <= 57) || c === 45 || c === 46) CLASS[c] = 2;
}
for (const c of [32, 9, 10, 13]) CLASS[c] = 4;

/** How much of a chunk is copied behind a piece carried over from the previous one. */
const BRIDGE_BYTES = 64 * 1024;

const NAMED_REFERENCES = ["amp", "lt", "gt", "quot", "apos"].map((name) => Uint8Array.from(name, (c) => c.charCodeAt(0)));
/** `&#x10FFFF;` is the longest reference there is. */
const LONGEST_REFERENCE = 10;

/**
 * Raised with the byte offset in the part where reading stopped: the XML is not well-formed, or
 * (`limit`) it is, but asks for more than a workbook can hold.
 */
export class XmlSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly offset: number,
    readonly limit = false,
  ) {
    super(`${detail} (at byte ${offset})`);
  }
}

function validCodePoint(code: number): boolean {
  return code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** An element name for a message (cut, and never more than 40 bytes of a hostile file). */
function shortName(b: Buffer, start: number, end: number): string {
  return b.toString("latin1", start, Math.min(end, start + 40)).replace(/[^\x21-\x7e]/g, "?");
}

export abstract class XmlScanner {
  /** Set by the subclass (in `open`) while it wants the text of the current element. */
  protected capturing = false;
  /** Attributes of the start tag passed to `open`: [nameStart, nameEnd, valueStart, valueEnd] each. */
  protected readonly attrs = new Int32Array(4 * 32);
  protected attrCount = 0;
  protected depth = 0;
  private readonly openHashes = new Int32Array(MAX_DEPTH);
  private readonly openLengths = new Int32Array(MAX_DEPTH);
  private readonly openOffsets = new Float64Array(MAX_DEPTH);
  private carry: Buffer | undefined;
  /** Offset in the part of the first byte of the buffer being scanned. */
  private offset = 0;
  private started = false;
  private rootSeen = false;
  private rootClosed = false;

  /** A start tag: the name is [nameStart, nameEnd), its local part (after any prefix) from localStart. */
  protected abstract open(b: Buffer, nameStart: number, nameEnd: number, localStart: number, selfClosing: boolean): void;
  protected abstract close(b: Buffer, nameStart: number, nameEnd: number, localStart: number): void;
  /** Text (raw: references not yet decoded) while `capturing`; may come in several pieces. */
  protected abstract text(b: Buffer, start: number, end: number): void;
  /** A CDATA section's content while `capturing` (taken literally). */
  protected abstract cdata(b: Buffer, start: number, end: number): void;

  /** The value range [start, end) of the attribute whose local name is `local`, or undefined. */
  protected attributeByLocalName(b: Buffer, local: string): [number, number] | undefined {
    outer: for (let k = 0; k < this.attrCount * 4; k += 4) {
      const end = this.attrs[k + 1]!;
      const start = end - local.length;
      if (start < this.attrs[k]! || (start > this.attrs[k]! && b[start - 1] !== COLON)) continue;
      for (let i = 0; i < local.length; i++) if (b[start + i] !== local.charCodeAt(i)) continue outer;
      return [this.attrs[k + 2]!, this.attrs[k + 3]!];
    }
    return undefined;
  }

  /** The offset in the part of position `p` of the buffer handed to the hooks. */
  protected at(p: number): number {
    return this.offset + p;
  }

  protected fail(detail: string, p: number): never {
    throw new XmlSyntaxError(detail, this.offset + p);
  }

  /** Well-formed, but past one of the readers' bounds (`limits.ts`). */
  protected refuse(detail: string, p: number): never {
    throw new XmlSyntaxError(detail, this.offset + p, true);
  }

  feed(chunk: Uint8Array): void {
    let b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let p = 0;
    if (this.carry) {
      const carry = this.carry;
      this.carry = undefined;
      if (this.started) {
        // Finish the carried piece on a short bridge rather than copying the whole chunk behind it.
        const bridge = Buffer.concat([carry, b.subarray(0, Math.min(b.length, BRIDGE_BYTES))]);
        const end = this.finishCarried(bridge);
        if (end >= 0) {
          this.offset += carry.length;
          p = end - carry.length;
        } else b = bridge.length === carry.length + b.length ? bridge : Buffer.concat([carry, b]);
      } else b = Buffer.concat([carry, b]);
    }
    if (!this.started) {
      if (b.length < 3) {
        this.carry = Buffer.from(b);
        return;
      }
      this.started = true;
      if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) this.fail("the part is UTF-16 encoded; only UTF-8 is read", 0);
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) p = 3;
    }
    this.scan(b, p);
  }

  /** Completes the reference or markup that starts `bridge`; its end, or -1 if still unfinished. */
  private finishCarried(bridge: Buffer): number {
    if (bridge[0] !== AMP) return this.markup(bridge, 0, bridge.length);
    const end = this.reference(bridge, 0, bridge.length);
    if (end >= 0 && this.depth === 0) this.fail("a reference outside the root element", 0);
    if (end >= 0 && this.capturing) this.text(bridge, 0, end);
    return end;
  }

  /** Scans `b` from `p`, keeping what is unfinished at its end for the next chunk. */
  private scan(b: Buffer, p: number): void {
    const n = b.length;
    // A text run may hold references; it ends at markup (or the chunk's end), where it is handed on whole.
    let runStart = p;
    for (;;) {
      let q = p;
      let c = 0;
      while (q < n && (c = b[q]!) !== LT && c !== AMP) q++;
      if (q < n && c === AMP) {
        const end = this.reference(b, q, n);
        if (end >= 0) {
          if (this.depth === 0) this.fail("a reference outside the root element", q);
          p = end;
          continue;
        }
      }
      if (q > runStart) {
        if (this.capturing) this.text(b, runStart, q);
        else if (this.depth === 0) this.outsideRoot(b, runStart, q);
      }
      p = q;
      if (q === n || c === AMP) break;
      const end = this.markup(b, q, n);
      if (end < 0) break;
      p = runStart = end;
    }
    if (p < n) {
      if (n - p > MAX_MARKUP_BYTES) this.refuse(`a tag, comment or CDATA section longer than ${MAX_MARKUP_BYTES / 1024 / 1024} MiB`, p);
      this.carry = Buffer.from(b.subarray(p));
    }
    this.offset += p;
  }

  /** The part has ended: anything unfinished means it was cut off. */
  end(): void {
    if (!this.started && this.carry) {
      this.started = true;
      const rest = this.carry;
      this.carry = undefined;
      this.feed(rest);
    }
    if (this.carry?.length) this.fail(this.carry[0] === AMP ? "cut off inside a reference" : "cut off inside a tag", 0);
    if (this.depth > 0) this.fail(`cut off: ${this.depth} element(s) not closed`, 0);
    if (!this.rootSeen) this.fail("no XML element at all", 0);
  }

  private outsideRoot(b: Buffer, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      if (CLASS[b[i]!] !== 4) this.fail(this.rootClosed ? "text after the root element" : "text before the root element", i);
    }
  }

  /** The end of the reference at `q` (checked), or -1 when it continues in the next chunk. */
  private reference(b: Buffer, q: number, n: number): number {
    let i = q + 1;
    const limit = Math.min(n, q + LONGEST_REFERENCE + 1);
    while (i < limit && b[i] !== SEMICOLON) i++;
    if (i >= n && n - q <= LONGEST_REFERENCE) return -1;
    if (b[i] !== SEMICOLON) this.fail("a stray '&' (write it as &amp;)", q);
    if (b[q + 1] === HASH) {
      const hex = b[q + 2] === 120;
      let code = 0;
      let digits = 0;
      for (let k = q + (hex ? 3 : 2); k < i; k++, digits++) {
        const d = b[k]!;
        const value = d >= 48 && d <= 57 ? d - 48 : hex && d >= 97 && d <= 102 ? d - 87 : hex && d >= 65 && d <= 70 ? d - 55 : -1;
        if (value < 0) this.fail("a malformed character reference", q);
        code = code * (hex ? 16 : 10) + value;
      }
      if (digits === 0 || !validCodePoint(code)) this.fail("a character reference to a character XML does not allow", q);
      return i + 1;
    }
    const length = i - q - 1;
    outer: for (const name of NAMED_REFERENCES) {
      if (name.length !== length) continue;
      for (let k = 0; k < length; k++) if (b[q + 1 + k] !== name[k]) continue outer;
      return i + 1;
    }
    return this.fail("a reference to an undefined entity", q);
  }

  /** Scans the markup at `q` (a `<`); returns its end, or -1 when it continues in the next chunk. */
  private markup(b: Buffer, q: number, n: number): number {
    if (q + 1 >= n) return -1;
    const next = b[q + 1]!;
    if (next === SLASH) return this.endTag(b, q, n);
    if (next === QUESTION) {
      const end = b.indexOf("?>", q + 2);
      return end < 0 ? -1 : end + 2;
    }
    if (next === BANG) return this.declaration(b, q, n);
    if ((CLASS[next]! & 1) === 0) this.fail("a stray '<' (write it as &lt;)", q);
    return this.startTag(b, q, n);
  }

  private declaration(b: Buffer, q: number, n: number): number {
    if (n - q < 9) return -1;
    if (b[q + 2] === 45 && b[q + 3] === 45) {
      const end = b.indexOf("-->", q + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (b.toString("latin1", q, q + 9) === "<![CDATA[") {
      if (this.depth === 0) this.fail("a CDATA section outside the root element", q);
      const end = b.indexOf("]]>", q + 9);
      if (end < 0) return -1;
      if (this.capturing) this.cdata(b, q + 9, end);
      return end + 3;
    }
    if (b.toString("latin1", q, q + 9) === "<!DOCTYPE") this.fail("a DOCTYPE declaration (a workbook part has none; it could define entities)", q);
    return this.fail("a stray '<!'", q);
  }

  private startTag(b: Buffer, q: number, n: number): number {
    let i = q + 1;
    let hash = 0x811c9dc5 | 0;
    let local = i;
    while (i < n && (CLASS[b[i]!]! & 2) !== 0) {
      if (b[i] === COLON) local = i + 1;
      hash = Math.imul(hash ^ b[i]!, 16777619);
      i++;
    }
    const nameEnd = i;
    let count = 0;
    for (;;) {
      if (i >= n) return -1;
      let c = b[i]!;
      const spaced = CLASS[c] === 4;
      while (CLASS[c] === 4) {
        if (++i >= n) return -1;
        c = b[i]!;
      }
      if (c === GT || c === SLASH) {
        if (c === SLASH) {
          if (i + 1 >= n) return -1;
          if (b[i + 1] !== GT) this.fail("'/' inside a tag not followed by '>'", i);
        }
        const selfClosing = c === SLASH;
        if (this.depth === 0) {
          if (this.rootClosed) this.fail("a second root element", q);
          this.rootSeen = true;
        }
        this.attrCount = count < 32 ? count : 32;
        this.open(b, q + 1, nameEnd, local, selfClosing);
        if (selfClosing) {
          if (this.depth === 0) this.rootClosed = true;
          return i + 2;
        }
        const depth = this.depth;
        if (depth >= MAX_DEPTH) this.refuse(`elements nested more than ${MAX_DEPTH} deep`, q);
        this.openHashes[depth] = hash;
        this.openLengths[depth] = nameEnd - q - 1;
        this.openOffsets[depth] = this.offset + q;
        this.depth = depth + 1;
        return i + 1;
      }
      if (!spaced || (CLASS[c]! & 1) === 0) this.fail("a malformed attribute (expected name=\"value\")", i);
      const attrName = i;
      while (i < n && (CLASS[b[i]!]! & 2) !== 0) i++;
      const attrNameEnd = i;
      while (i < n && CLASS[b[i]!] === 4) i++;
      if (i >= n) return -1;
      if (b[i] !== EQUALS) this.fail("an attribute without '=' and a value", i);
      i++;
      while (i < n && CLASS[b[i]!] === 4) i++;
      if (i >= n) return -1;
      const quote = b[i]!;
      if (quote !== QUOTE && quote !== APOS) this.fail("an attribute value without quotes", i);
      const valueStart = ++i;
      while (i < n && b[i] !== quote) {
        const v = b[i]!;
        if (v === LT) this.fail("a '<' inside an attribute value", i);
        if (v === AMP) {
          const end = this.reference(b, i, n);
          if (end < 0) return -1;
          i = end;
        } else i++;
      }
      if (i >= n) return -1;
      if (count < 32) {
        const k = count * 4;
        this.attrs[k] = attrName;
        this.attrs[k + 1] = attrNameEnd;
        this.attrs[k + 2] = valueStart;
        this.attrs[k + 3] = i;
      }
      count++;
      i++;
    }
  }

  private endTag(b: Buffer, q: number, n: number): number {
    let i = q + 2;
    let hash = 0x811c9dc5 | 0;
    let local = i;
    if (i < n && (CLASS[b[i]!]! & 1) === 0) this.fail("a malformed end tag", q);
    while (i < n && (CLASS[b[i]!]! & 2) !== 0) {
      if (b[i] === COLON) local = i + 1;
      hash = Math.imul(hash ^ b[i]!, 16777619);
      i++;
    }
    const nameEnd = i;
    while (i < n && CLASS[b[i]!] === 4) i++;
    if (i >= n) return -1;
    if (b[i] !== GT) this.fail("a malformed end tag", q);
    if (this.depth === 0) this.fail(`an end tag </${shortName(b, q + 2, nameEnd)}> with no element open`, q);
    const top = this.depth - 1;
    if (this.openHashes[top] !== hash || this.openLengths[top] !== nameEnd - q - 2) {
      this.fail(`an end tag </${shortName(b, q + 2, nameEnd)}> that does not match the element opened at byte ${this.openOffsets[top]}`, q);
    }
    this.depth--;
    if (this.depth === 0) this.rootClosed = true;
    this.close(b, q + 2, nameEnd, local);
    return i + 1;
  }
}
