/**
 * The only way the dashboard turns a name from a request into a file: a folder index plus a
 * relative path, checked before and after the file system has had its say. Refused: `..` and `.`
 * segments, absolute paths, backslashes, NUL and other control characters, percent-encoded
 * separators or dots that survived decoding, and anything whose real path (symlinks followed)
 * is not inside the folder the user named.
 */
import { realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";

/** Folders the user named on the command line, resolved to real paths once at start-up. */
export class Folders {
  readonly real: string[];

  constructor(readonly given: string[]) {
    this.real = given.map((folder) => realpathSync(folder));
  }

  /** The real path of `rel` inside folder `index`, or undefined when the request is refused. */
  resolve(index: number, rel: string, kind: "file" | "dir" | "any" = "file"): string | undefined {
    const root = this.real[index];
    if (root === undefined || !isSafeRelative(rel)) return undefined;
    let real: string;
    try {
      real = realpathSync(join(root, rel));
    } catch {
      return undefined;
    }
    if (!isInside(root, real)) return undefined;
    if (kind === "any") return real;
    try {
      const stat = statSync(real);
      if (kind === "file" ? !stat.isFile() : !stat.isDirectory()) return undefined;
    } catch {
      return undefined;
    }
    return real;
  }

  /** `{folder index, relative path}` of a real path inside one of the folders. */
  locate(path: string): { index: number; rel: string } | undefined {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      return undefined;
    }
    for (let index = 0; index < this.real.length; index++) {
      const root = this.real[index]!;
      if (isInside(root, real) && real !== root) return { index, rel: relative(root, real).split(sep).join("/") };
    }
    return undefined;
  }
}

export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** A relative path of plain segments separated by `/`; decided on the decoded text. */
export function isSafeRelative(rel: string): boolean {
  if (rel === "" || rel.length > 4096) return false;
  if (isAbsolute(rel) || rel.startsWith("/") || /^[a-z]:/i.test(rel)) return false;
  // Backslashes, NUL/control characters and any '%' left after decoding (double encoding).
  if (/[\\\u0000-\u001f\u007f%]/.test(rel)) return false;
  return rel.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

/** Decodes one URL path tail exactly once; undefined when the encoding itself is malformed. */
export function decodeTail(raw: string): string | undefined {
  // Encoded separators and dots are refused outright rather than decoded into a meaning.
  if (/%(2e|2f|5c|00)/i.test(raw)) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
