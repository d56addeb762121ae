/** A file's bytes, or one usage error (exit 2) naming the path and why it could not be read. */
import { usageError } from "../errors.ts";

const WHY: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "it is a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ELOOP: "a loop of symbolic links",
};

export async function readFileBytes(path: string, hint: string): Promise<Uint8Array> {
  try {
    return await Bun.file(path).bytes();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw usageError(`cannot read ${path}: ${WHY[code] ?? (error as Error).message}`, hint);
  }
}
