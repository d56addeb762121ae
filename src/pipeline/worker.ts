/**
 * The worker thread's entry point (an entry of the build, see build.ts). Its first message says
 * what it is for: a share of the load (load/remote.ts), a share of a spilled run's partitions
 * (spill/two-threads.ts), an `.xls`/`.ods` parse (formats/sheetjs-remote.ts), or deflating the output's zip entries
 * (write/deflate-remote.ts), after which every message is for that. The handler is set before
 * anything is imported, so no message can arrive before someone listens for it.
 */
import type { LoadJob } from "./load/remote.ts";
import type { PartitionJob } from "./spill/two-threads.ts";
import type { SheetJsJob } from "../formats/sheetjs-remote.ts";
import { deflateService, type DeflateRequest } from "./write/deflate-remote.ts";

declare const self: Worker & { close(): void };

export type WorkerJob = LoadJob | PartitionJob | SheetJsJob | DeflateRequest;

let deflate: ((request: DeflateRequest) => void) | undefined;

self.onmessage = async (event: MessageEvent<WorkerJob>) => {
  const job = event.data;
  if (job.kind === "load") {
    const { runLoadJob } = await import("./load/remote.ts");
    await runLoadJob(job, (message) => postMessage(message));
    // Its records are sent (messages already posted are still delivered): the thread ends now,
    // so its heap is freed while the main thread is still normalising its own records, instead
    // of once it has taken them all in, which was the run's peak.
    self.close();
    return;
  }
  if (job.kind === "sheetjs") {
    const { runSheetJsJob } = await import("../formats/sheetjs-remote.ts");
    await runSheetJsJob(job, (message) => postMessage(message));
    return;
  }
  if (job.kind === "partitions") {
    const { runPartitionJob } = await import("./spill/two-threads.ts");
    await runPartitionJob(job, (message) => postMessage(message));
    return;
  }
  // Only the input buffers move back; zlib's output chunks are copied, as they may share a
  // buffer zlib still uses.
  deflate ??= deflateService((message, transfer) => postMessage(message, transfer ?? []));
  deflate(job);
};
