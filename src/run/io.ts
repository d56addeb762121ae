/**
 * Where a run's lines and events go, which signal stops it, which surface it is: the CLI builds
 * this from its flags (the console renderer, the process's interruptions); every other surface
 * from a `RunControl` (`libraryIo`), so nothing of theirs reaches stdout.
 */
import { Logger } from "../log/logger.ts";
import type { EventSink } from "../pipeline/events.ts";
import type { Env, RunControl, Surface } from "./control.ts";

export interface RunIo {
  logger: Logger;
  sinks: EventSink[];
  signal?: AbortSignal;
  surface: Surface;
  env: Env;
  /** True when the command's answer is data on stdout (console spans then go to stderr). */
  machineStdout?: boolean;
}

export function libraryIo(control: RunControl = {}): RunIo {
  return {
    logger: new Logger({ format: "text", onLine: control.log ?? (() => {}) }),
    sinks: control.onEvent ? [control.onEvent] : [],
    signal: control.signal,
    surface: control.surface ?? "library",
    env: control.env ?? process.env,
  };
}
