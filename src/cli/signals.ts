/**
 * The process's signals, owned by the CLI entry alone: the first SIGINT or SIGTERM aborts the
 * running command's AbortSignal (the run stops cleanly: temporary files removed, lineage FAIL,
 * telemetry flushed) and the process then exits 130 or 143; a second one exits at once.
 */
import { CancelledError } from "../run/control.ts";

const EXIT_BY_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;
type Caught = keyof typeof EXIT_BY_SIGNAL;

export interface Interruptions {
  readonly signal: AbortSignal;
  /** The exit code for the signal received (130, 143), if one was. */
  exitCode(): number | undefined;
  /** Removes the handlers (after the command is done). */
  release(): void;
}

export function catchInterruptions(): Interruptions {
  const controller = new AbortController();
  let caught: Caught | undefined;
  const handlers = (Object.keys(EXIT_BY_SIGNAL) as Caught[]).map((name) => {
    const handler = () => {
      if (caught) process.exit(EXIT_BY_SIGNAL[caught]);
      caught = name;
      controller.abort(new CancelledError(`interrupted by ${name}`, name));
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    exitCode: () => (caught ? EXIT_BY_SIGNAL[caught] : undefined),
    release: () => {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
