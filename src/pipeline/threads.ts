/**
 * The second core. Refine hands independent work (reading the later workbooks, deflating the
 * output) to one worker thread while the main thread carries on, when the work is large enough
 * to pay for it. `HOTPASS_WORKERS=0` keeps everything on the main thread (the output is the same
 * either way), as does a machine with one core; `HOTPASS_WORKERS=1` uses the worker whenever it
 * can, however small the work (the tests compare the two on small inputs).
 */
import { availableParallelism } from "node:os";
import { HotpassError, isHotpassError } from "../errors.ts";

/** True when a worker thread may be used for this run. */
export function workersAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.HOTPASS_WORKERS === "0") return false;
  return availableParallelism() > 1;
}

/** True when the worker is to be used whatever the size of its share (`HOTPASS_WORKERS=1`). */
export function workersForced(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.HOTPASS_WORKERS === "1" && workersAllowed(env);
}

/**
 * Starts `src/pipeline/worker.ts`. In the compiled binary the worker is an extra entry point of
 * the build (build.ts), found by its path under `src/`; run from source it sits beside this file.
 * The worker never keeps the process alive on its own (after a failure elsewhere, say).
 */
export function startWorker(): Worker {
  const compiled = import.meta.url.includes("$bunfs") || import.meta.url.includes("~BUN");
  // Bun's Worker has unref(); the DOM typing the dashboard client's type check sees has not.
  const worker = new Worker(compiled ? "./pipeline/worker.ts" : new URL("./worker.ts", import.meta.url).href) as Worker & { unref(): void };
  worker.unref();
  return worker;
}

/** What crosses the thread boundary for a failure: enough to rebuild a HotpassError. */
export interface SerialisedError {
  message: string;
  exitCode?: 1 | 2;
  hint?: string;
  stack?: string;
}

export function serialiseError(error: unknown): SerialisedError {
  if (isHotpassError(error)) return { message: error.message, exitCode: error.exitCode === 2 ? 2 : 1, hint: error.hint, stack: error.stack };
  if (error instanceof Error) return { message: error.message, stack: error.stack };
  return { message: String(error) };
}

/** The error a worker reported, as the main thread throws it. */
export function rebuildError(serialised: SerialisedError): Error {
  const error = serialised.exitCode ? new HotpassError(serialised.message, { exitCode: serialised.exitCode, hint: serialised.hint }) : new Error(serialised.message);
  if (serialised.stack) error.stack = serialised.stack;
  return error;
}
