/**
 * The shape of a Hotpass command: citty's `meta`/`args`/`subCommands` (so citty renders its
 * usage), with `run` receiving the flags parsed strictly by `parse.ts` and typed from `args`.
 *
 * @example
 * export default defineHotpassCommand({
 *   meta: { name: "hello", description: "Greets" },
 *   args: { name: { type: "string", default: "world" } },
 *   run: ({ args }) => void console.log(`hello ${args.name}`),
 * });
 */
import type { ArgsOf, HotpassArgsDef } from "./args.ts";

export interface CommandContext<A extends HotpassArgsDef = HotpassArgsDef> {
  /** The flags and positionals, camelCase, typed from the declaration. */
  args: ArgsOf<A>;
  /** Flags the user actually typed (to tell a default from an explicit choice). */
  given: ReadonlySet<keyof A & string>;
  /** The tokens after the command name, as typed. */
  rawArgs: readonly string[];
  /** Aborted when the user interrupts (Ctrl+C, SIGTERM): the run stops cleanly. */
  signal: AbortSignal;
}

export interface HotpassCommand<A extends HotpassArgsDef = HotpassArgsDef> {
  meta: { name: string; description: string; version?: string; hidden?: boolean };
  args?: A;
  /** Subcommands load lazily so start-up imports only the command that runs. */
  subCommands?: Record<string, () => Promise<HotpassCommand>>;
  /** Returns the exit code (0 when nothing is returned). A method, so any command fits the lazy maps. */
  run?(ctx: CommandContext<A>): Promise<number | void> | number | void;
}

/** Keeps the literal types of `args` (as citty's `defineCommand<const T>`), so `ctx.args` is typed. */
export function defineHotpassCommand<const A extends HotpassArgsDef>(command: HotpassCommand<A>): HotpassCommand<A> {
  return command;
}

/** Loads a module's default export as a command (for the lazy maps). */
export function lazy<A extends HotpassArgsDef>(load: () => Promise<{ default: HotpassCommand<A> }>): () => Promise<HotpassCommand> {
  return async () => (await load()).default as unknown as HotpassCommand;
}
