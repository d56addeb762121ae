/**
 * The folders an MCP server may touch (`--root DIR`, default the working folder). Every path a
 * client passes is resolved here, symbolic links included, and refused unless it lands inside one
 * of them: an agent names files, it never chooses where the server may read or write.
 *
 * @example
 * const roots = Roots.of(["/data/crm"]);
 * roots.resolve("refined.xlsx", "output_path"); // "/data/crm/refined.xlsx"
 * roots.resolve("../../etc/passwd", "dataset");   // throws: outside the roots
 */
import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve, sep } from "node:path";
import { usageError } from "../errors.ts";

export interface ResolveOptions {
  /** The path must exist (a file or folder to read). */
  exists?: boolean;
  /** It must be a folder. */
  folder?: boolean;
}

export class Roots {
  /** Real (symlink-free) absolute paths of the root folders. */
  readonly folders: readonly string[];

  private constructor(folders: string[]) {
    this.folders = folders;
  }

  /** Checks each folder exists; throws a usage error (exit 2) naming the one that does not. */
  static of(dirs: readonly string[], cwd = process.cwd()): Roots {
    const given = dirs.length > 0 ? dirs : [cwd];
    const folders: string[] = [];
    for (const dir of given) {
      const absolute = resolve(cwd, dir);
      if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
        throw usageError(`--root ${dir}: no such folder`, "give an existing folder the server may read and write");
      }
      const real = realpathSync(absolute);
      if (!folders.includes(real)) folders.push(real);
    }
    return new Roots(folders);
  }

  /**
   * The real absolute path of `path` (relative paths start at the first root), or a usage error
   * naming the argument when it is outside every root, through a symbolic link or not.
   */
  resolve(path: string, argument: string, options: ResolveOptions = {}): string {
    if (typeof path !== "string" || path.trim() === "" || path.includes("\0")) {
      throw usageError(`${argument}: give a file or folder path`, this.hint());
    }
    const lexical = isAbsolute(path) ? resolve(path) : resolve(this.folders[0]!, path);
    const real = realOrNearest(lexical);
    if (!this.contains(real)) {
      const via = this.contains(lexical) ? ` (it resolves to ${real} through a symbolic link)` : "";
      throw usageError(`${argument} '${path}' is outside the folders this server may use${via}`, this.hint());
    }
    if (options.exists || options.folder) {
      if (!existsSync(real)) throw usageError(`${argument} '${path}': no such file or folder`, `paths are relative to ${this.folders[0]}`);
      if (options.folder && !statSync(real).isDirectory()) throw usageError(`${argument} '${path}' is not a folder`, "give the folder that holds the workbooks");
    }
    return real;
  }

  /**
   * Refuses a folder whose entries lead out of the roots (a symbolic link inside an input folder
   * pointing at a file elsewhere would otherwise be read as one of its workbooks).
   */
  checkEntries(folder: string, argument: string): void {
    for (const name of readdirSync(folder)) {
      const entry = join(folder, name);
      let real: string;
      try {
        real = realpathSync(entry);
      } catch {
        continue; // a dangling link: the loader skips what it cannot open
      }
      if (!this.contains(real)) {
        throw usageError(`${argument}: ${name} in ${folder} is a symbolic link to ${real}, outside the folders this server may use`, this.hint());
      }
    }
  }

  /** True when `real` (already symlink-free) is a root or below one. */
  contains(real: string): boolean {
    return this.folders.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));
  }

  private hint(): string {
    return `use a path inside ${this.folders.join(", ")} (the server's --root folders)`;
  }
}

/**
 * realpath of `path`, or of its nearest existing ancestor joined with the rest (for files still
 * to be written). A dangling symbolic link is followed to where it points: writing through it
 * would create its target.
 */
function realOrNearest(path: string, hops = 0): string {
  const missing: string[] = [];
  let here = path;
  for (;;) {
    try {
      const real = realpathSync(here);
      return missing.length === 0 ? real : join(real, ...missing.reverse());
    } catch {
      if (hops < 40 && isLink(here)) {
        const target = resolve(dirname(here), readlinkSync(here));
        return realOrNearest(missing.length === 0 ? target : join(target, ...missing.reverse()), hops + 1);
      }
      const parent = dirname(here);
      if (parent === here) return path;
      missing.push(basename(here));
      here = parent;
    }
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
