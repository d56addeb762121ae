/**
 * Spilled partitions on both cores. The main thread and one worker each take the next partition
 * from a shared counter until none is left (so a slow partition never leaves a core idle) and
 * run the same function on it (partition.ts). Results are kept by partition number and combined
 * in that order, so the output is the same as on one thread (`HOTPASS_WORKERS=0`).
 */
import { HotpassError } from "../../errors.ts";
import { throwIfCancelled, untilCancelled } from "../../run/control.ts";
import { rebuildError, serialiseError, startWorker, workersAllowed, type SerialisedError } from "../threads.ts";
import { aggregatePartition, normalisePartition, type PartitionAggregate, type PartitionRules } from "./partition.ts";
import { MemoryGuard } from "./memory.ts";
import type { Spilled } from "./stages.ts";
import { SpillStore } from "./store.ts";

export type PartitionTask = { stage: "normalise"; countryCode: string; workerOffset: number | undefined } | { stage: "aggregate"; rules: PartitionRules };
type ResultOf<T extends PartitionTask> = T extends { stage: "normalise" } ? number : PartitionAggregate;

export interface PartitionJob {
  kind: "partitions";
  dir: string;
  partitions: number;
  budgetBytes: number;
  /** One Int32: the next partition to take. */
  counter: SharedArrayBuffer;
  task: PartitionTask;
}

type PartitionReply = { kind: "partition"; p: number; result: number | PartitionAggregate } | { kind: "done" } | { kind: "failed"; error: SerialisedError };

function run(store: SpillStore, p: number, task: PartitionTask): Promise<number | PartitionAggregate> {
  return task.stage === "normalise" ? normalisePartition(store, p, task.countryCode, task.workerOffset) : aggregatePartition(store, p, task.rules);
}

/**
 * Runs `task` on every partition of `store`, on both threads when workers are allowed; `onResult`
 * hears of each partition as it is done (in no particular order), the result lists them in order.
 */
export async function onBothThreads<T extends PartitionTask>(spilled: Spilled, task: T, onResult: (result: ResultOf<T>) => void, signal?: AbortSignal): Promise<ResultOf<T>[]> {
  const { store, budgetBytes } = spilled;
  const memory = new MemoryGuard(budgetBytes);
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const results = new Array<ResultOf<T>>(store.partitions);
  const worker = store.partitions > 1 && workersAllowed() ? startWorker() : undefined;
  let workerDone: Promise<void> = Promise.resolve();
  if (worker) {
    workerDone = new Promise<void>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<PartitionReply>) => {
        const reply = event.data;
        try {
          if (reply.kind === "partition") {
            results[reply.p] = reply.result as ResultOf<T>;
            onResult(reply.result as ResultOf<T>);
          } else if (reply.kind === "done") resolve();
          else reject(rebuildError(reply.error));
        } catch (error) {
          reject(error);
        }
      };
      worker.onerror = (event: ErrorEvent) => reject(new HotpassError(`the worker thread refining spilled partitions stopped: ${event.message}`, { hint: "run again with HOTPASS_WORKERS=0 to refine on one thread" }));
    });
    // Seen when awaited below; the main thread may fail first and never await it.
    workerDone.catch(() => {});
    const job: PartitionJob = { kind: "partitions", dir: store.dir, partitions: store.partitions, budgetBytes, counter, task };
    worker.postMessage(job);
  }
  try {
    for (let p = Atomics.add(next, 0, 1); p < store.partitions; p = Atomics.add(next, 0, 1)) {
      const result = (await run(store, p, task)) as ResultOf<T>;
      results[p] = result;
      onResult(result);
      throwIfCancelled(signal);
      memory.check();
    }
    await untilCancelled(workerDone, signal);
  } finally {
    worker?.terminate();
  }
  return results;
}

/** The worker's side: partitions from the shared counter until none is left. */
export async function runPartitionJob(job: PartitionJob, reply: (message: PartitionReply) => void): Promise<void> {
  try {
    const store = SpillStore.open(job.dir, job.partitions);
    const next = new Int32Array(job.counter);
    const memory = new MemoryGuard(job.budgetBytes);
    for (let p = Atomics.add(next, 0, 1); p < job.partitions; p = Atomics.add(next, 0, 1)) {
      reply({ kind: "partition", p, result: await run(store, p, job.task) });
      memory.check();
    }
    reply({ kind: "done" });
  } catch (error) {
    reply({ kind: "failed", error: serialiseError(error) });
  }
}
