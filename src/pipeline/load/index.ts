/**
 * CONTRACT: load every supported workbook in `options.inputDir` as `options.profile` says (spec
 * sections 2, 3 and 9): discover files, read sheets, map columns, join sheets, check source
 * contracts (a missing required column throws a contract error, exit 2), drop duplicate keys.
 * Emits `load.file` progress events; `run.ts` emits `load.started` / `load.completed`.
 *
 * Files a profile source claims are read by `declared.ts`; every other workbook by `generic.ts`.
 * Bad files (corrupt, encrypted, not a workbook, a zip bomb) stop the run with one usage error
 * naming the file: a half-read input folder would give a silently incomplete table.
 */
import type { EventBus } from "../events.ts";
import type { LoadResult, RefineOptions } from "../types.ts";
import { loadDeclared } from "./declared.ts";
import { claimFiles, discoverFiles } from "./discover.ts";
import { loadGeneric } from "./generic.ts";
import { openWorkbook } from "./open.ts";
import { LoadState } from "./state.ts";

export async function loadSources(options: RefineOptions, bus: EventBus): Promise<LoadResult> {
  const profile = options.profile;
  const { files, notices } = discoverFiles(options.inputDir);
  const state = new LoadState(profile.placeholder_names ?? [], (code, message) => bus.emit("warning", { message, code }));
  for (const notice of notices) state.notice("files_ignored", notice);
  const claims = claimFiles(files, profile.sources);
  for (const source of profile.sources) {
    if (![...claims.values()].includes(source)) {
      state.notice("source_missing", `source ${source.label}: no file in the input folder matches ${source.pattern}`);
    }
  }
  for (const [i, file] of files.entries()) {
    const reader = await openWorkbook(file, options.maxUncompressedBytes);
    const source = claims.get(file);
    const rows = source
      ? await loadDeclared(reader, source, profile.expectations.sources, state)
      : await loadGeneric(reader, profile, state);
    bus.emit("load.file", { file, rows, files_done: i + 1, files_total: files.length });
  }
  return state.result();
}
