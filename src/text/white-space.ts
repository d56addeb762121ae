/**
 * JavaScript's white space (what `\s` matches: WhiteSpace and LineTerminator) tested on a
 * character code, with no regular expression: the xlsx writer asks this of both ends of every
 * text cell, and /^\s|\s$/ tried `\s$` at every position of the text.
 */
export function isWhiteSpace(code: number): boolean {
  if (code < 0x80) return code === 32 || (code >= 9 && code <= 13);
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** True when `text` starts or ends with white space. */
export function hasEdgeSpace(text: string): boolean {
  return text.length > 0 && (isWhiteSpace(text.charCodeAt(0)) || isWhiteSpace(text.charCodeAt(text.length - 1)));
}
