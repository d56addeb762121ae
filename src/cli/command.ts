/**
 * The shape of a Hotpass command: citty's `meta`/`args`/`subCommands` (so citty renders its
 * usage), with `run` receiving arguments parsed strictly by `parse.ts`.
 */
import type { HotpassArgsDef, ParsedArgs } from "./parse.ts";

export interface CommandContext {
  args: ParsedArgs;
  /** The tokens after the command name, as typed. */
  rawArgs: readonly string[];
}

export interface HotpassCommand {
  meta: { name: string; description: string; version?: string; hidden?: boolean };
  args?: HotpassArgsDef;
  /** Subcommands load lazily so start-up imports only the command that runs. */
  subCommands?: Record<string, () => Promise<HotpassCommand>>;
  /** Returns the exit code (0 when nothing is returned). */
  run?: (ctx: CommandContext) => Promise<number | void> | number | void;
}

/** Identity helper that keeps the literal types of `args`. */
export function defineHotpassCommand(command: HotpassCommand): HotpassCommand {
  return command;
}

/** Loads a module's default export as a command (for the lazy maps). */
export function lazy(load: () => Promise<{ default: HotpassCommand }>): () => Promise<HotpassCommand> {
  return async () => (await load()).default;
}
