/**
 * Finds the command named on the command line, parses its flags strictly, runs it with the
 * process's interruptions as its AbortSignal, and turns every failure into one clear line (the
 * error first, then what to do) and the documented exit code (0 ok, 1 runtime, 2 usage; 130/143
 * after Ctrl+C / SIGTERM).
 */
import { exitCodeOf, isHotpassError, commandLineError } from "../errors.ts";
import type { HotpassCommand } from "./command.ts";
import { escapeControl } from "../log/escape.ts";
import { parseArgs, suggestion, typedArgs } from "./parse.ts";
import { catchInterruptions } from "./signals.ts";
import { usageOf } from "./usage.ts";

export async function runCli(root: HotpassCommand, argv: readonly string[]): Promise<number> {
  const debug = argv.includes("--debug");
  const wantsHelp = argv.includes("--help") || argv.includes("-h");
  let command = root;
  let parent: HotpassCommand | undefined;
  const path = [root.meta.name];
  let rest = [...argv];
  const interruptions = catchInterruptions();

  try {
    // Walk down subcommands: the first bare word after a command with subcommands names the next.
    while (command.subCommands) {
      const index = rest.findIndex((token) => !token.startsWith("-"));
      const name = index >= 0 ? rest[index] : undefined;
      const names = Object.keys(command.subCommands).filter((n) => !n.startsWith("_"));
      if (name === undefined) {
        if (wantsHelp || command === root) {
          if (wantsHelp) console.log(await usageOf(command, parent, 1));
          else process.stderr.write(`${await usageOf(command, parent, 2)}\n`);
          return wantsHelp ? 0 : 2;
        }
        throw commandLineError(`'${path.join(" ")}' needs a subcommand: ${names.join(", ")}`);
      }
      const load = command.subCommands[name];
      if (!load) throw commandLineError(`unknown command '${name}'${suggestion(name, names)}`);
      parent = command;
      command = await load();
      path.push(command.meta.name);
      rest = [...rest.slice(0, index), ...rest.slice(index + 1)];
    }

    if (wantsHelp) {
      console.log(await usageOf(command, parent, 1));
      return 0;
    }
    const defs = command.args ?? {};
    const parsed = parseArgs(rest, defs);
    // A command that ends normally after Ctrl+C (a lease, a foreground tunnel, a server) decides
    // its own exit code; a run that was cut short fails with 130/143 below.
    const code = await command.run?.({ args: typedArgs(parsed, defs), given: parsed.given, rawArgs: rest, signal: interruptions.signal });
    return typeof code === "number" ? code : 0;
  } catch (error) {
    const code = report(error, { path, debug });
    return interruptions.exitCode() ?? code;
  } finally {
    interruptions.release();
  }
}

function report(error: unknown, where: { path: string[]; debug: boolean }): number {
  // Not console.error: Bun paints it red under FORCE_COLOR even when NO_COLOR is set.
  const write = (text: string) => process.stderr.write(text);
  // Messages carry file names and values: escaped, so none can forge a line. An error's own
  // further lines (its details) are printed indented below it, each escaped on its own.
  const message = error instanceof Error ? error.message : String(error);
  const details = isHotpassError(error) ? error.details : undefined;
  write(`hotpass: error: ${escapeControl(details ? message.split("\n")[0]! : message)}\n`);
  for (const detail of details ?? []) write(`  ${escapeControl(detail)}\n`);
  if (isHotpassError(error)) {
    if (error.showUsage) write(`hotpass: hint: run '${where.path.join(" ")} --help' for usage\n`);
    else if (error.hint) write(`hotpass: hint: ${escapeControl(error.hint)}\n`);
  } else if (!where.debug) {
    write("hotpass: hint: run again with --debug to see where it failed\n");
  }
  if (where.debug && error instanceof Error && error.stack) write(`${error.stack}\n`);
  return exitCodeOf(error);
}
