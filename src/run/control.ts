/**
 * What a caller hands a run besides its options: a signal to cancel it, a listener for its
 * events, where its human lines go, which surface started it and which environment it reads.
 * Every surface (CLI, dashboard, MCP server, library) passes the same shape.
 *
 * @example
 * const controller = new AbortController();
 * await runRefine({ inputDir: "data", outputPath: "dist/refined.xlsx" }, {
 *   signal: controller.signal,
 *   onEvent: (event) => event.name === "load.file" && console.error(event.data.file),
 * });
 */
import { HotpassError, EXIT_RUNTIME } from "../errors.ts";
import type { LogLine } from "../log/logger.ts";
import type { EventSink } from "../pipeline/events.ts";

/** Where a run was started from: `hotpass.surface` on its telemetry resource and lineage facet. */
export type Surface = "cli" | "dashboard" | "mcp" | "library";

export type Env = Record<string, string | undefined>;

export interface RunControl {
  /** Aborting stops the run: temporary files removed, `pipeline.failed` (reason "cancelled"), lineage FAIL. */
  signal?: AbortSignal;
  /** Every event of the run, in order (progress included: `load.file`, `aggregate.progress`, ...). */
  onEvent?: EventSink;
  /** The run's human lines (warnings, notices); dropped when not given. */
  log?: (line: LogLine) => void;
  surface?: Surface;
  /** Where OTEL_*, OPENLINEAGE_* and HOTPASS_* settings are read from (default `process.env`). */
  env?: Env;
}

/** A run stopped through its AbortSignal. */
export class CancelledError extends HotpassError {
  readonly cancelled = true;
  /** The process signal behind it (SIGINT, SIGTERM), when there was one. */
  readonly signal?: string;

  constructor(reason?: unknown, signal?: string) {
    const why = typeof reason === "string" ? reason : reason instanceof CancelledError ? reason.message : "the run was cancelled";
    super(why, { exitCode: EXIT_RUNTIME, hint: "nothing was written: the previous outputs are untouched" });
    this.name = "CancelledError";
    this.signal = signal ?? (reason instanceof CancelledError ? reason.signal : undefined);
  }
}

export function isCancelled(error: unknown): error is CancelledError {
  return error instanceof CancelledError;
}

/** Throws a CancelledError when `signal` has been aborted (cheap enough for a loop). */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof CancelledError ? signal.reason : new CancelledError(signal.reason instanceof Error ? undefined : signal.reason);
}

/** Waits for `work`, or rejects with a CancelledError as soon as `signal` is aborted. */
export function untilCancelled<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  throwIfCancelled(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      try {
        throwIfCancelled(signal);
      } catch (error) {
        reject(error);
      }
    };
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
