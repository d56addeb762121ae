/**
 * CONTRACT: load every supported workbook in `options.inputDir` as `options.profile` says (spec
 * sections 2, 3 and 9): discover files, read sheets, map columns, join sheets, check source
 * contracts (a missing required column throws a contract error, exit 2), drop duplicate keys.
 * Emits `load.file` progress events; `run.ts` emits `load.started` / `load.completed`.
 */
import { HotpassError } from "../../errors.ts";
import type { EventBus } from "../events.ts";
import type { LoadResult, RefineOptions } from "../types.ts";

export async function loadSources(_options: RefineOptions, _bus: EventBus): Promise<LoadResult> {
  throw new HotpassError("the loader is not built yet");
}
