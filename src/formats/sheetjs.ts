/**
 * SheetJS parses an `.xls` or `.ods` whole, and some damaged files send it into a loop or past
 * gigabytes (the fuzzer found both: a 4 KB `.xls` that never finished, others that grew without
 * bound). So the parse runs on a worker thread (sheetjs-remote.ts), watched from here: one that
 * takes longer, or makes the process grow more, than any honest file of that size needs is
 * stopped, and the file refused (exit 2) like any other damaged workbook. This holds with
 * `HOTPASS_WORKERS=0` too: it is a guard, not a speed-up.
 */
import { usageError } from "../errors.ts";
import { corruptError } from "../pipeline/load/zip.ts";
import { startWorker } from "../pipeline/threads.ts";
import type { SheetJsJob, SheetJsReply } from "./sheetjs-remote.ts";

const MIB = 1024 * 1024;
/** How long a parse may take: 2 s, and 2 s more per MiB of file (a 64 MiB .xls: about 2 minutes). */
const BASE_MS = 2_000;
const MS_PER_MIB = 2_000;
/** How far the process may grow meanwhile: 128 MiB, and 16 times the file. */
const BASE_GROWTH = 128 * MIB;
const GROWTH_PER_BYTE = 16;
const WATCH_MS = 50;

export type SheetJsResult = Exclude<SheetJsReply, { kind: "failed" }>;

export function encryptedError(file: string): ReturnType<typeof usageError> {
  return usageError(
    `${file}: the workbook is encrypted (password-protected), so it cannot be read`,
    "open it in a spreadsheet program, remove the password (File > Info > Protect Workbook) and save it again",
  );
}

/** Parses `bytes` (the file `file`) on a worker thread under the bounds above. */
export async function parseWithSheetJs(file: string, bytes: Uint8Array, request: Pick<SheetJsJob, "mode" | "sheet" | "preferred">): Promise<SheetJsResult> {
  const copy = bytes.slice();
  const job: SheetJsJob = { kind: "sheetjs", bytes: copy, ...request };
  const worker = startWorker();
  const deadline = BASE_MS + (bytes.length / MIB) * MS_PER_MIB;
  const growth = BASE_GROWTH + bytes.length * GROWTH_PER_BYTE;
  const startRss = process.memoryUsage.rss();
  const started = performance.now();
  let watch: ReturnType<typeof setInterval> | undefined;
  try {
    const reply = await new Promise<SheetJsReply>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<SheetJsReply>) => resolve(event.data);
      worker.onerror = (event: ErrorEvent) => reject(corruptError(file, `the reader stopped: ${event.message}`));
      watch = setInterval(() => {
        const seconds = (performance.now() - started) / 1000;
        if (seconds * 1000 > deadline) reject(gaveUp(file, `did not finish within ${Math.round(seconds)} s`));
        else if (process.memoryUsage.rss() - startRss > growth) reject(gaveUp(file, `needed more than ${Math.round(growth / MIB)} MiB`));
      }, WATCH_MS);
      worker.postMessage(job, [copy.buffer]);
    });
    if (reply.kind !== "failed") return reply;
    if (/password|encrypt/i.test(reply.message)) throw encryptedError(file);
    // A TypeError or RangeError is SheetJS tripping over the damage, not a reason a user can read.
    throw corruptError(file, reply.internal ? "its records or sectors do not hold together" : reply.message);
  } finally {
    clearInterval(watch);
    worker.terminate();
  }
}

function gaveUp(file: string, what: string) {
  return usageError(
    `${file}: the workbook is damaged or more than the .xls/.ods reader can take (reading it ${what})`,
    "open it in a spreadsheet program and save it as .xlsx, which is read as a stream",
  );
}
