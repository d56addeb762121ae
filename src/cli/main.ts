/**
 * Finds the command named on the command line, parses its flags strictly, runs it, and turns
 * every failure into one clear line and the documented exit code (0 ok, 1 runtime, 2 usage).
 */
import { EXIT_RUNTIME, EXIT_USAGE, commandLineError, isHotpassError } from "../errors.ts";
import type { HotpassCommand } from "./command.ts";
import { parseArgs } from "./parse.ts";
import { usageOf } from "./usage.ts";

export async function runCli(root: HotpassCommand, argv: readonly string[]): Promise<number> {
  const debug = argv.includes("--debug");
  const wantsHelp = argv.includes("--help") || argv.includes("-h");
  let command = root;
  let parent: HotpassCommand | undefined;
  let rest = [...argv];

  try {
    // Walk down subcommands: the first bare word after a command with subcommands names the next.
    while (command.subCommands) {
      const index = rest.findIndex((token) => !token.startsWith("-"));
      const name = index >= 0 ? rest[index] : undefined;
      if (name === undefined) {
        if (wantsHelp || command === root) {
          if (wantsHelp) console.log(await usageOf(command, parent, 1));
          else process.stderr.write(`${await usageOf(command, parent, 2)}\n`);
          return wantsHelp ? 0 : EXIT_USAGE;
        }
        throw commandLineError(`'${command.meta.name}' needs a subcommand`);
      }
      const load = command.subCommands[name];
      if (!load) throw commandLineError(`unknown command '${name}'`);
      parent = command;
      command = await load();
      rest = [...rest.slice(0, index), ...rest.slice(index + 1)];
    }

    if (wantsHelp) {
      console.log(await usageOf(command, parent, 1));
      return 0;
    }
    const args = parseArgs(rest, command.args ?? {});
    const code = await command.run?.({ args, rawArgs: rest });
    return typeof code === "number" ? code : 0;
  } catch (error) {
    return report(error, { command, parent, debug });
  }
}

async function report(
  error: unknown,
  where: { command: HotpassCommand; parent?: HotpassCommand; debug: boolean },
): Promise<number> {
  if (isHotpassError(error)) {
    if (error.showUsage) {
      // Not console.error: Bun paints it red under FORCE_COLOR even when NO_COLOR is set.
      process.stderr.write(`${await usageOf(where.command, where.parent, 2)}\n\n`);
    }
    process.stderr.write(`hotpass: error: ${error.message}\n`);
    if (error.hint) process.stderr.write(`hotpass: hint: ${error.hint}\n`);
    if (where.debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`hotpass: error: ${message}\n`);
  if (where.debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write("hotpass: hint: run again with --debug to see where it failed\n");
  return EXIT_RUNTIME;
}
