import { expect, test } from "bun:test";
import { hasEdgeSpace, isWhiteSpace } from "../../src/text/white-space.ts";

test("isWhiteSpace is exactly what \\s matches, for every UTF-16 code unit", () => {
  const differ: number[] = [];
  for (let code = 0; code <= 0xffff; code++) if (isWhiteSpace(code) !== /\s/.test(String.fromCharCode(code))) differ.push(code);
  expect(differ).toEqual([]);
});

test("hasEdgeSpace agrees with /^\\s|\\s$/", () => {
  for (const text of ["", " ", "a", " a", "a ", "a b", "\u00a0x", "x\u3000", "\ud83d\ude00", "\nx\n", "x\u200b"]) {
    expect(hasEdgeSpace(text)).toBe(/^\s|\s$/.test(text));
  }
});
