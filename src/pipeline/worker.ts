/**
 * The worker thread's entry point (an entry of the build, see build.ts). It waits for one job,
 * does it and reports back; the main thread ends it. The handler is set before anything is
 * imported, so the job message cannot arrive before someone listens for it.
 */
import type { WorkerJob } from "./load/remote.ts";

declare const self: Worker;

self.onmessage = async (event: MessageEvent<WorkerJob>) => {
  const { runLoadJob } = await import("./load/remote.ts");
  await runLoadJob(event.data, (message) => postMessage(message));
};
