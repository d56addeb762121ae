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
  /**
   * Further lines, one problem each, printed indented below the first line of the message (the
   * message itself may list them too, for logs; on the console each is escaped on its own).
   */
  details?: readonly string[];
  cause?: unknown;
}

export class HotpassError extends Error {
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly showUsage: boolean;
  readonly details?: readonly string[];

  constructor(message: string, options: HotpassErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "HotpassError";
    this.exitCode = options.exitCode ?? EXIT_RUNTIME;
    this.hint = options.hint;
    this.showUsage = options.showUsage ?? false;
    if (options.details) this.details = options.details;
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

const FILE_ERRORS: Record<string, string> = {
  ENOENT: "no such file or folder",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ELOOP: "a loop of symbolic links",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "a file stands where a folder should be",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is used up",
  EFBIG: "the file is larger than this system allows",
  EMFILE: "too many files open",
  ENAMETOOLONG: "the name is too long",
  EIO: "an input/output error from the device",
};

/**
 * What a file-system error means, in words (`permission denied (EACCES)`), for messages that
 * name the path themselves: the runtime's own text often names no path, or the wrong one.
 */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && FILE_ERRORS[code]) return `${FILE_ERRORS[code]} (${code})`;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** The errno code of a file-system error, if it is one. */
export function fileErrorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : undefined;
}
