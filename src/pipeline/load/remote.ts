/**
 * The worker thread's side of a split load (see split.ts): it reads its share of the workbooks
 * exactly as the main thread would, reports what the load stage needs (or the error that
 * stopped it), then normalises its records and sends them back as JSON — parsing JSON is
 * several times cheaper for the main thread than receiving the objects by structured clone — in
 * batches of BATCH_RECORDS, each let go once sent. One string of all of them (about 80 MB at
 * 100,000 organisations), held on both sides while the main thread parsed it, was the run's peak.
 */
import type { ExpectationResult, SourceRead } from "../events.ts";
import type { Profile } from "../../profiles/types.ts";
import { serialiseError, type SerialisedError } from "../threads.ts";
import type { DuplicateKeys } from "../types.ts";
import { collectYoungGarbage } from "../garbage.ts";
import { normaliseRecords } from "../normalise.ts";
import { loadFile } from "./file.ts";
import { compileLoadRules, LoadState } from "./state.ts";
import { RecordSpill, spilledFor } from "../spill/stages.ts";
import { SpillStore } from "../spill/store.ts";

export interface LoadJob {
  kind: "load";
  /** The files to read, in order, with the index of the profile source that claims each (-1: none). */
  files: { file: string; source: number }[];
  profile: Profile;
  maxUncompressedBytes: number;
  countryCode: string;
  /** A spilling run's store: records go to its `raw/worker-<p>` files, not back to the main thread. */
  spill?: { dir: string; partitions: number; budgetBytes: number };
}

/** One file read, with the notices it gave, so the main thread can replay them in order. */
export interface FileRead {
  file: string;
  rows: number;
  warnings: { code: string; message: string }[];
}

export type LoadReply =
  | ({ kind: "file" } & FileRead)
  | {
      kind: "loaded";
      /** Records loaded (before normalise drops any). */
      records: number;
      /** The highest source priority among them. */
      maxPriority: number;
      sources: SourceRead[];
      dropped: Record<string, number>;
      duplicates: DuplicateKeys[];
      expectations: ExpectationResult[];
    }
  | { kind: "normalised"; records: string; last: boolean }
  | { kind: "failed"; error: SerialisedError };

const BATCH_RECORDS = 10_000;

export async function runLoadJob(job: LoadJob, reply: (message: LoadReply) => void): Promise<void> {
  try {
    const warnings: { code: string; message: string }[] = [];
    const state = new LoadState(compileLoadRules(job.profile), (code, message) => warnings.push({ code, message }));
    const spill = job.spill && spillTo(job.spill, state);
    for (const { file, source } of job.files) {
      const rows = await loadFile(file, job.profile.sources[source], job.profile, job.maxUncompressedBytes, state);
      spill?.settle();
      reply({ kind: "file", file, rows, warnings: warnings.splice(0) });
    }
    spill?.close();
    const { sources, dropped, duplicates, expectations } = state;
    const records = spill ? spill.spilled.records : state.records.length;
    const maxPriority = spill ? spill.spilled.maxPriority : state.records.reduce((max, r) => Math.max(max, r.source_priority), 1);
    reply({ kind: "loaded", records, maxPriority, sources, dropped, duplicates, expectations });
    if (spill) return;
    const { records: normalised } = normaliseRecords(state.records, { countryCode: job.countryCode });
    do {
      const batch = normalised.splice(0, BATCH_RECORDS);
      reply({ kind: "normalised", records: JSON.stringify(batch), last: normalised.length === 0 });
      collectYoungGarbage();
    } while (normalised.length > 0);
  } catch (error) {
    reply({ kind: "failed", error: serialiseError(error) });
  }
}

/** The worker's records going to the spill store's `raw/worker-<p>` files as they settle. */
function spillTo(spill: NonNullable<LoadJob["spill"]>, state: LoadState) {
  const store = SpillStore.open(spill.dir, spill.partitions);
  const writers = store.writers("raw", "worker");
  const sink = new RecordSpill(writers, spilledFor(store, spill.budgetBytes));
  state.spill = sink;
  return { spilled: sink.spilled, settle: () => sink.flush(), close: () => writers.close() };
}
