/**
 * Every text cell of an .xlsx output is escaped and encoded into the sheet in one pass
 * (ByteChunk.putXmlText). It must be exactly what the plain way makes: `& < >` replaced by their
 * entities, the characters XML 1.0 forbids dropped, then UTF-8 as TextEncoder writes it (a lone
 * surrogate as U+FFFD). The plain way is written out here on purpose, and the two are compared on
 * random text made of every kind of character that needs care.
 */
import { expect, test } from "bun:test";
import { ByteChunk } from "../../src/pipeline/write/bytes.ts";

const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function plain(text: string): Uint8Array {
  const escaped = text.replace(FORBIDDEN, "").replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  return new TextEncoder().encode(escaped);
}

function oneByOne(text: string): Uint8Array {
  const chunk = new ByteChunk(16);
  chunk.putXmlText(text);
  return chunk.view().slice();
}

// Each piece is a kind of character the encoder treats apart from the others.
const PIECES = ["a", "Z", " ", "&", "<", ">", '"', "'", "\t", "\n", "\r", "\u0000", "\u0001", "\u000b", "\u001f", "\u007f", "é", "ß", "\u00a0", "\u07ff", "\u0800", "€", "\ud7ff", "\ue000", "\ufffd", "\ufffe", "\uffff", "\ud83d\ude00", "\ud83d", "\ude00", "&amp;"];

let seed = 11;
function random(below: number): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % below;
}

test("a text cell's bytes are exactly the escaped text's UTF-8, on 20,000 random texts", () => {
  for (let n = 0; n < 20_000; n++) {
    let text = "";
    const length = random(n % 10 === 0 ? 400 : 12);
    for (let i = 0; i < length; i++) text += PIECES[random(PIECES.length)];
    expect(oneByOne(text)).toEqual(plain(text));
  }
});

test("plain text, markup and a lone surrogate come out as a reader of the sheet expects", () => {
  const decode = (text: string) => new TextDecoder().decode(oneByOne(text));
  expect(decode("Skyways Aviation (Pty) Ltd")).toBe("Skyways Aviation (Pty) Ltd");
  expect(decode("<b>Tom & Jerry's</b>")).toBe("&lt;b&gt;Tom &amp; Jerry's&lt;/b&gt;");
  expect(decode("bell\u0007 tab\t end\ufffe")).toBe("bell tab\t end");
  expect(decode("half \ud83d pair")).toBe("half \ufffd pair");
});
