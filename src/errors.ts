/**
 * Errors a user can act on. Commands print `message` (and `hint`) as one clear line and exit
 * with `exitCode`; the stack is shown only with `--debug`.
 *
 * @example
 * throw new HotpassError("input folder not found: data", { exitCode: 2, hint: "pass --input-dir" });
 */
export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;

export type ExitCode = typeof EXIT_OK | typeof EXIT_RUNTIME | typeof EXIT_USAGE;

export interface HotpassErrorOptions {
  /** 2 for usage, configuration or data-contract failures; 1 for failures at run time. */
  exitCode?: ExitCode;
  /** What the user can do about it, printed after the message. */
  hint?: string;
  /** A mistake in the command line itself: the command's usage is printed before the message. */
  showUsage?: boolean;
  cause?: unknown;
}

export class HotpassError extends Error {
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly showUsage: boolean;

  constructor(message: string, options: HotpassErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "HotpassError";
    this.exitCode = options.exitCode ?? EXIT_RUNTIME;
    this.hint = options.hint;
    this.showUsage = options.showUsage ?? false;
  }
}

/** A usage or configuration mistake (exit 2). */
export function usageError(message: string, hint?: string): HotpassError {
  return new HotpassError(message, { exitCode: EXIT_USAGE, hint });
}

/** A mistake in the command line (unknown flag, missing value): usage is shown, exit 2. */
export function commandLineError(message: string): HotpassError {
  return new HotpassError(message, { exitCode: EXIT_USAGE, showUsage: true });
}

/** A source or output broke its data contract (exit 2). */
export function contractError(message: string, hint?: string): HotpassError {
  return new HotpassError(message, { exitCode: EXIT_USAGE, hint });
}

export function isHotpassError(error: unknown): error is HotpassError {
  return error instanceof HotpassError;
}

/** The documented exit code of a failure: a HotpassError's own, 1 for anything unexpected. */
export function exitCodeOf(error: unknown): ExitCode {
  return isHotpassError(error) ? error.exitCode : EXIT_RUNTIME;
}
