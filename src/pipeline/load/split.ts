/**
 * Loading on two threads. With several workbooks, the main thread reads the first files while a
 * worker thread reads (and then normalises) the rest; the worker's records come back in file
 * order after the main thread's own, numbered as if one thread had read everything, so the
 * refined output is identical either way (`HOTPASS_WORKERS=0` to compare). In a spilling run the
 * worker writes its records to the spill store itself (`raw/worker-<p>`), and normalise reads
 * them after the main thread's, numbered on from them.
 */
import { statSync } from "node:fs";
import { HotpassError } from "../../errors.ts";
import { formatOf } from "../../formats/index.ts";
import type { SourceSpec } from "../../profiles/types.ts";
import { rebuildError, startWorker, workersAllowed, workersForced } from "../threads.ts";
import type { RawRecord, RefineOptions } from "../types.ts";
import type { FileRead, LoadJob, LoadReply } from "./remote.ts";
import type { SpillStore } from "../spill/store.ts";

/**
 * Below this much estimated work for the worker, one thread is faster. Reading a packed workbook
 * on the main thread already keeps a second core busy (zlib inflates beside it), and a worker
 * warms its code up from cold; measured with `aviation-dense` workbooks, the worker cost time at
 * 10,000 and 30,000 organisations (a 5 and 15 MiB share: 0.95 vs 1.06 s, 2.79 vs 2.94 s), broke
 * even at 60,000 (31 MiB) and saved 8 % at 100,000; with generic CSV exports at 10,000 (an
 * 8 MiB share) one thread took 1.45 s against 1.65 s.
 */
const MIN_WORKER_SHARE = 24 << 20;
/** Packed workbooks (zipped XML, or .xls records) unpack to about five times their size; csv is read as it is. */
const PACKED_COST = 5;

/**
 * The index from which the worker reads the files (`files.length`: no worker): the split that
 * balances the estimated work best, when the worker's share is worth a thread.
 */
export function chooseSplit(files: string[]): number {
  if (files.length < 2 || !workersAllowed()) return files.length;
  const cost = files.map((file) => statSync(file).size * (formatOf(file)?.workbook?.packed ? PACKED_COST : 1));
  const total = cost.reduce((a, b) => a + b, 0);
  let best = files.length;
  let bestLongest = total;
  let prefix = 0;
  for (let k = 1; k < files.length; k++) {
    prefix += cost[k - 1]!;
    const longest = Math.max(prefix, total - prefix);
    if (longest < bestLongest) {
      best = k;
      bestLongest = longest;
    }
  }
  const minimum = workersForced() ? 0 : MIN_WORKER_SHARE;
  return best < files.length && total - bestLongest >= minimum ? best : files.length;
}

export type WorkerLoaded = Extract<LoadReply, { kind: "loaded" }>;
export interface WorkerNormalised {
  records: RawRecord[];
}

/**
 * The worker's half of a load: `files` grows as each file is read, `loaded` settles when all are
 * (or with the error that stopped them), `normalised` after that.
 */
export class LoadWorker {
  readonly files: FileRead[] = [];
  readonly loaded: Promise<WorkerLoaded>;
  readonly normalised: Promise<WorkerNormalised>;
  private readonly worker: Worker;

  /** With `spill`, the worker writes its records to the store and is done once they are loaded. */
  constructor(files: string[], claims: Map<string, SourceSpec | undefined>, options: RefineOptions, spill?: SpillStore) {
    const profile = options.profile;
    const job: LoadJob = {
      kind: "load",
      files: files.map((file) => ({ file, source: profile.sources.indexOf(claims.get(file)!) })),
      profile,
      maxUncompressedBytes: options.maxUncompressedBytes,
      countryCode: options.countryCode,
      spill: spill && { dir: spill.dir, partitions: spill.partitions, budgetBytes: options.memoryBudgetBytes },
    };
    let onLoaded!: (reply: WorkerLoaded) => void;
    let onNormalised!: (part: WorkerNormalised) => void;
    let fail!: (error: Error) => void;
    this.loaded = new Promise((resolve, reject) => {
      onLoaded = resolve;
      fail = reject;
    });
    let failNormalised!: (error: Error) => void;
    this.normalised = new Promise((resolve, reject) => {
      onNormalised = resolve;
      failNormalised = reject;
    });
    // The worker may fail before anyone awaits these (the main thread is still reading its own
    // files); the failure is seen when they are awaited, and must not count as unhandled before.
    this.loaded.catch(() => {});
    this.normalised.catch(() => {});
    const failBoth = (error: Error) => {
      fail(error);
      failNormalised(error);
      this.stop();
    };
    const received: RawRecord[] = [];
    this.worker = startWorker();
    this.worker.onmessage = (event: MessageEvent<LoadReply>) => {
      const reply = event.data;
      if (reply.kind === "file") this.files.push(reply);
      else if (reply.kind === "loaded") {
        onLoaded(reply);
        if (spill) this.stop();
      }
      else if (reply.kind === "normalised") {
        for (const record of JSON.parse(reply.records) as RawRecord[]) received.push(record);
        if (!reply.last) return;
        onNormalised({ records: received });
        this.stop();
      } else failBoth(rebuildError(reply.error));
    };
    this.worker.onerror = (event: ErrorEvent) => failBoth(new HotpassError(`the worker thread reading ${files.length} workbook(s) stopped: ${event.message}`, { hint: "run again with HOTPASS_WORKERS=0 to read every workbook on one thread" }));
    this.worker.postMessage(job);
  }

  stop(): void {
    this.worker.terminate();
  }
}
