/**
 * Spilled partitions on both cores. The main thread and one worker each take the next partition
 * from a shared counter until none is left (so a slow partition never leaves a core idle) and
 * run the same function on it (partition.ts). Results are kept by partition number and combined
 * in that order, so the output is the same as on one thread (`HOTPASS_WORKERS=0`).
 */
import { HotpassError } from "../../errors.ts";
import { throwIfCancelled, untilCancelled } from "../../run/control.ts";
import { rebuildError, serialiseError, startWorker, workersAllowed, type SerialisedError } from "../threads.ts";
import { refinePartition, type PartitionAggregate, type PartitionRules } from "./partition.ts";
import { MemoryGuard } from "./memory.ts";
import type { Spilled } from "./stages.ts";
import { SpillStore } from "./store.ts";


export interface PartitionJob {
  kind: "partitions";
  dir: string;
  partitions: number;
  budgetBytes: number;
  /** One Int32: the next partition to take. */
  counter: SharedArrayBuffer;
  rules: PartitionRules;
}

type PartitionReply = { kind: "partition"; p: number; result: PartitionAggregate } | { kind: "done" } | { kind: "failed"; error: SerialisedError };

/**
 * Refines every partition of `store` (partition.ts), on both threads when workers are allowed;
 * `onResult` hears of each partition as it is done (in no particular order), the result lists
 * them in order.
 */
export async function onBothThreads(spilled: Spilled, rules: PartitionRules, onResult: (result: PartitionAggregate) => void, signal?: AbortSignal): Promise<PartitionAggregate[]> {
  const { store, budgetBytes } = spilled;
  const memory = new MemoryGuard(budgetBytes);
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const results = new Array<PartitionAggregate>(store.partitions);
  const worker = store.partitions > 1 && workersAllowed() ? startWorker() : undefined;
  let workerDone: Promise<void> = Promise.resolve();
  if (worker) {
    workerDone = new Promise<void>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<PartitionReply>) => {
        const reply = event.data;
        try {
          if (reply.kind === "partition") {
            results[reply.p] = reply.result;
            onResult(reply.result);
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
    const job: PartitionJob = { kind: "partitions", dir: store.dir, partitions: store.partitions, budgetBytes, counter, rules };
    worker.postMessage(job);
  }
  try {
    for (let p = Atomics.add(next, 0, 1); p < store.partitions; p = Atomics.add(next, 0, 1)) {
      const result = await refinePartition(store, p, rules);
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
      reply({ kind: "partition", p, result: await refinePartition(store, p, job.rules) });
      memory.check();
    }
    reply({ kind: "done" });
  } catch (error) {
    reply({ kind: "failed", error: serialiseError(error) });
  }
}
