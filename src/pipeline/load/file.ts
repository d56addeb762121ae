/**
 * Reads one input file into `state`: files a profile source claims by `declared.ts`, every other
 * workbook by `generic.ts`. The same on the main thread and in the worker thread.
 */
import { openWorkbook } from "../../formats/index.ts";
import type { Profile, SourceSpec } from "../../profiles/types.ts";
import { loadDeclared } from "./declared.ts";
import { loadGeneric } from "./generic.ts";
import type { LoadState } from "./state.ts";

/** The data rows read from the file. */
export async function loadFile(file: string, source: SourceSpec | undefined, profile: Profile, maxUncompressedBytes: number, state: LoadState): Promise<number> {
  const reader = await openWorkbook(file, maxUncompressedBytes);
  for (const notice of reader.notices ?? []) state.notice("file_encoding", notice);
  return source ? await loadDeclared(reader, source, state) : await loadGeneric(reader, profile, state);
}
