/**
 * Text from files (names, sheet names, headers, cell values) reaches the console inside messages.
 * A newline in a file name must not start a line that looks like Hotpass's own, and an escape
 * sequence must not repaint the terminal: every human line goes through `escapeControl` on its
 * way out (the logger's text lines, the CLI's error and hint lines, progress, rendered tables).
 * JSON logs need nothing more: JSON encoding already escapes control characters.
 *
 * @example
 * escapeControl("bad\nhotpass: info: all fine.xlsx"); // "bad\\nhotpass: info: all fine.xlsx"
 */

/** C0 controls, DEL, C1 controls, the Unicode line and paragraph separators, bidi overrides. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escape(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `text` with every control character written as a visible escape (`\n`, `\x1b`, `\u2028`). */
export function escapeControl(text: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, escape) : text;
}
