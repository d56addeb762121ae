/**
 * Whether output may carry ANSI colour: only on a terminal, never with NO_COLOR (any value, as
 * no-color.org says) or TERM=dumb. citty decides by environment alone and colours pipes, so its
 * usage text is passed through `plain` when colour is off.
 */
import { isatty } from "node:tty";

/** `fd` 1 is stdout, 2 is stderr (a file descriptor, because touching process.stdout is slow in Bun). */
export function colourEnabled(fd: 1 | 2 = 2): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.env.TERM === "dumb") return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== "0") return true;
  return isatty(fd);
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;]*[A-Za-z]/g;

export function plain(text: string): string {
  return text.replace(ANSI, "");
}
