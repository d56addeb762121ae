/** A file's bytes, whole or piece by piece, or one usage error (exit 2) naming the path and why it could not be read. */
import { open, type FileHandle } from "node:fs/promises";
import { describeFileError, usageError } from "../errors.ts";
import type { InputFile } from "./types.ts";

export async function readFileBytes(path: string, hint: string): Promise<Uint8Array> {
  try {
    return await Bun.file(path).bytes();
  } catch (error) {
    throw usageError(`cannot read ${path}: ${describeFileError(error)}`, hint);
  }
}

/** A table's file for its format's reader; `close` releases what piece-by-piece reads opened. */
export function tableFile(path: string, hint: string): InputFile {
  let handle: Promise<FileHandle> | undefined;
  const failed = (error: unknown) => usageError(`cannot read ${path}: ${describeFileError(error)}`, hint);
  return {
    path,
    bytes: () => readFileBytes(path, hint),
    async read(position, length) {
      try {
        handle ??= open(path, "r");
        const into = Buffer.allocUnsafe(length);
        const { bytesRead } = await (await handle).read(into, 0, length, position);
        return bytesRead === length ? into : into.subarray(0, bytesRead);
      } catch (error) {
        throw failed(error);
      }
    },
    async size() {
      try {
        handle ??= open(path, "r");
        return (await (await handle).stat()).size;
      } catch (error) {
        throw failed(error);
      }
    },
    async close() {
      const opened = await handle?.catch(() => undefined);
      handle = undefined;
      await opened?.close();
    },
  };
}
