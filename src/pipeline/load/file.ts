/**
 * Reads one input file into `state`: files a profile source claims by `declared.ts`, every other
 * workbook by `generic.ts`. The same on the main thread and in the worker thread.
 */
import { openWorkbook, type WorkbookReader } from "../../formats/index.ts";
import type { Profile, SourceSpec } from "../../profiles/types.ts";
import { loadDeclared } from "./declared.ts";
import { loadGeneric } from "./generic.ts";
import type { LoadState } from "./state.ts";
import { collectYoungGarbage } from "../garbage.ts";

/** How often (in rows) `onRows` hears how far a file has got. */
export const PROGRESS_ROWS = 10_000;

/**
 * The data rows read from the file. `onRows` is told every PROGRESS_ROWS rows how many rows of
 * the file were read so far (progress on a terminal); it may throw to stop the read (cancel).
 */
export async function loadFile(
  file: string,
  source: SourceSpec | undefined,
  profile: Profile,
  maxUncompressedBytes: number,
  state: LoadState,
  onRows?: (rows: number) => void,
): Promise<number> {
  const opened = await openWorkbook(file, maxUncompressedBytes);
  for (const notice of opened.notices ?? []) state.notice("file_encoding", notice);
  const reader = counting(opened, onRows);
  return source ? await loadDeclared(reader, source, state) : await loadGeneric(reader, profile, state);
}

/** The reader, telling `onRows` how far it has got and collecting the garbage of the rows read. */
function counting(reader: WorkbookReader, onRows: ((rows: number) => void) | undefined): WorkbookReader {
  let rows = 0;
  return {
    file: reader.file,
    sheetNames: reader.sheetNames,
    sheetless: reader.sheetless,
    notices: reader.notices,
    readSheet: (name, onRow) =>
      reader.readSheet(name, (cells, rowNumber) => {
        onRow(cells, rowNumber);
        if (++rows % PROGRESS_ROWS !== 0) return;
        onRows?.(rows);
        collectYoungGarbage();
      }),
  };
}
