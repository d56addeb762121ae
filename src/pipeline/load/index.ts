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
import { throwIfCancelled, untilCancelled } from "../../run/control.ts";
import { addCounts } from "../counts.ts";
import type { EventBus } from "../events.ts";
import type { LoadResult, RefineOptions } from "../types.ts";
import { claimFiles, discoverFiles } from "./discover.ts";
import { loadFile } from "./file.ts";
import { chooseSplit, LoadWorker, type WorkerLoaded } from "./split.ts";
import { compileLoadRules, LoadState } from "./state.ts";
import { RecordSpill, spilledFor, type Spilled } from "../spill/stages.ts";
import type { SpillStore } from "../spill/store.ts";
import { twoThreadLoadFits } from "../spill/plan.ts";

/**
 * `signal` is checked after every file: an aborted run stops reading (and stops the worker).
 * With `spill`, each file's records go to the store's raw partitions once the file is read (its
 * joins done), or sooner (a sheet nothing joins to), on whichever thread reads it.
 */
export async function loadSources(options: RefineOptions, bus: EventBus, signal?: AbortSignal, spill?: SpillStore): Promise<LoadResult> {
  const profile = options.profile;
  const { files, notices } = discoverFiles(options.inputDir);
  const state = new LoadState(compileLoadRules(profile), (code, message) => bus.emit("warning", { message, code }));
  for (const notice of notices) state.notice("files_ignored", notice);
  const claims = claimFiles(files, profile.sources);
  for (const source of profile.sources) {
    if (![...claims.values()].includes(source)) {
      state.notice("source_missing", `source ${source.label}: no file in the input folder matches ${source.pattern}`);
    }
  }
  // The later files go to a worker thread when that balances the work (split.ts) and, in a
  // spilling run, when two files held at once fit the budget (plan.ts).
  const balanced = chooseSplit(files);
  const split = spill && !twoThreadLoadFits(files, balanced, options.memoryBudgetBytes) ? files.length : balanced;
  const spilled: Spilled | undefined = spill ? spilledFor(spill, options.memoryBudgetBytes) : undefined;
  const writers = spill?.writers("raw", "main");
  if (spilled) state.spill = new RecordSpill(writers!, spilled);
  const worker = split < files.length ? new LoadWorker(files.slice(split), claims, options, spill) : undefined;
  let remote: WorkerLoaded | undefined;
  try {
    for (let i = 0; i < split; i++) {
      const file = files[i]!;
      const rows = await loadFile(file, claims.get(file), profile, options.maxUncompressedBytes, state, (read) => {
        bus.emit("load.progress", { file, rows: read });
        throwIfCancelled(signal);
      });
      bus.emit("load.file", { file, rows, files_done: i + 1, files_total: files.length, thread: "main" });
      state.spill?.flush();
      throwIfCancelled(signal);
    }
    if (worker) {
      // The worker's files are reported after this thread's, as one thread would have read them;
      // when one of them failed, those read before it are still reported, then the error.
      try {
        remote = await untilCancelled(worker.loaded, signal);
      } finally {
        for (const [i, { file, rows, warnings }] of worker.files.entries()) {
          for (const { code, message } of warnings) state.notice(code, message);
          bus.emit("load.file", { file, rows, files_done: split + i + 1, files_total: files.length, thread: "worker" });
        }
      }
    }
  } catch (error) {
    worker?.stop();
    throw error;
  } finally {
    writers?.close();
  }
  const result = state.result();
  if (worker && remote) mergeLoaded(state, remote);
  if (spilled) {
    // The worker's records are in its own raw files; normalise numbers them on from these.
    const worked = remote ? { workerOffset: spilled.records, records: spilled.records + remote.records, maxPriority: Math.max(spilled.maxPriority, remote.maxPriority) } : {};
    return { ...result, total: spilled.records + (remote?.records ?? 0), spilled: { ...spilled, ...worked } };
  }
  if (!worker || !remote) return result;
  // The worker numbered its records from 0; they follow every record read here.
  const offset = state.records.length;
  const normalisedElsewhere = worker.normalised.then((part) => {
    for (const record of part.records) record.input_order += offset;
    return part;
  });
  return { ...result, total: offset + remote.records, normalisedElsewhere };
}

/** The worker's findings, after the main thread's own, as if one thread had read every file. */
function mergeLoaded(state: LoadState, remote: WorkerLoaded): void {
  state.sources.push(...remote.sources);
  state.duplicates.push(...remote.duplicates);
  state.expectations.push(...remote.expectations);
  addCounts(state.dropped, remote.dropped);
}
