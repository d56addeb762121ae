/**
 * The error for a profile that was found but cannot be used (bad syntax, unknown keys, wrong
 * types): a usage error (exit 2) that also keeps the file and the problem lines, so the dashboard
 * and the MCP server can show them one by one.
 */
import { EXIT_USAGE, HotpassError } from "../errors.ts";

const HINT = "fix the profile file (run 'hotpass profile schema' for every key, or see the README section 'Profiles')";

export class InvalidProfileError extends HotpassError {
  constructor(
    /** The file path, or `bundled:<name>`. */
    readonly origin: string,
    /** One line per problem: `<key path>: <what was expected>`. */
    readonly problems: readonly string[],
    message = invalidMessage(origin, problems),
    hint = HINT,
  ) {
    super(message, { exitCode: EXIT_USAGE, hint, details: shownProblems(problems) });
    this.name = "InvalidProfileError";
  }
}

/** The first 12 problems (and how many more): the lines printed below the message. */
function shownProblems(problems: readonly string[]): string[] {
  const shown = problems.slice(0, 12);
  if (problems.length > 12) shown.push(`… and ${problems.length - 12} more`);
  return shown;
}

/** `invalid profile <origin>:` and the first 12 problems, one per line. */
function invalidMessage(origin: string, problems: readonly string[]): string {
  return `invalid profile ${origin}:\n${shownProblems(problems).map((line) => `  ${line}`).join("\n")}`;
}
