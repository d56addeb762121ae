/** A file's bytes, or one usage error (exit 2) naming the path and why it could not be read. */
import { describeFileError, usageError } from "../errors.ts";

export async function readFileBytes(path: string, hint: string): Promise<Uint8Array> {
  try {
    return await Bun.file(path).bytes();
  } catch (error) {
    throw usageError(`cannot read ${path}: ${describeFileError(error)}`, hint);
  }
}
