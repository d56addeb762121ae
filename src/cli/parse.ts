/**
 * A strict argument parser for Hotpass commands.
 *
 * citty's own parser keeps only the last value of a repeated flag and accepts unknown flags
 * silently; a CI job that mistypes `--telemetry-exportr` must fail loudly instead. So commands are
 * declared with the shape in `args.ts` (citty's, plus `repeatable` and `keyValues`) and parsed here.
 */
import { commandLineError as usageError } from "../errors.ts";
import { closest } from "../text/distance.ts";
import { camelCase, type ArgsOf, type HotpassArgDef, type HotpassArgsDef } from "./args.ts";

export type { HotpassArgDef, HotpassArgsDef } from "./args.ts";

export type ParsedValue = string | boolean | string[] | undefined;

/** What the parser found, keyed by the declared (kebab-case) names; `typed` turns it into `ArgsOf`. */
export interface ParsedArgs {
  readonly values: Record<string, ParsedValue>;
  /** Positional arguments in order, by declared name. */
  readonly positionals: Record<string, string | undefined>;
  /** Flags the user actually typed (to tell a default from an explicit choice). */
  readonly given: ReadonlySet<string>;
}

const KEY_VALUE = /^[^-=\s][^=\s]*=/;

/** Parse `argv` (the tokens after the command name) against `defs`. Throws a usage error. */
export function parseArgs(argv: readonly string[], defs: HotpassArgsDef): ParsedArgs {
  const values: Record<string, ParsedValue> = {};
  const positionalsOut: Record<string, string | undefined> = {};
  const given = new Set<string>();
  const byName = new Map<string, [string, HotpassArgDef]>();
  const positionalNames: string[] = [];

  for (const [name, def] of Object.entries(defs)) {
    if (def.type === "positional") {
      positionalNames.push(name);
      continue;
    }
    byName.set(name, [name, def]);
    const aliases = "alias" in def && def.alias ? ([] as string[]).concat(def.alias) : [];
    for (const alias of aliases) byName.set(alias, [name, def]);
    if (def.default !== undefined) values[name] = def.default as ParsedValue;
    else if (def.repeatable || def.keyValues) values[name] = [];
  }

  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith("-") || token === "-") {
      positionals.push(token);
      continue;
    }
    const body = token.replace(/^--?/, "");
    const eq = body.indexOf("=");
    let flag = eq >= 0 ? body.slice(0, eq) : body;
    let inline: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined;
    let negated = false;
    if (!byName.has(flag) && flag.startsWith("no-") && byName.get(flag.slice(3))?.[1].type === "boolean") {
      flag = flag.slice(3);
      negated = true;
    }
    const entry = byName.get(flag);
    if (!entry) throw usageError(`unknown option '${token.split("=")[0]}'${suggestion(flag, [...byName.keys()], "--")}`);
    const [name, def] = entry;
    given.add(name);

    if (def.type === "boolean") {
      if (negated) {
        if (inline !== undefined) throw usageError(`option '--no-${flag}' takes no value`);
        values[name] = false;
      } else if (inline === undefined) {
        values[name] = true;
      } else if (/^(true|1|yes)$/i.test(inline)) {
        values[name] = true;
      } else if (/^(false|0|no)$/i.test(inline)) {
        values[name] = false;
      } else {
        throw usageError(`option '--${flag}' expects true or false, got '${inline}'`);
      }
      continue;
    }

    if (inline === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("-") && next !== "-")) {
        throw usageError(`option '--${flag}' needs a value`);
      }
      inline = next;
      i++;
    }
    if (def.type === "enum" && def.options && !def.options.includes(inline)) {
      throw usageError(`option '--${flag}' got '${inline}'; expected one of: ${def.options.join(", ")}`);
    }
    if (def.repeatable || def.keyValues) {
      const list = (values[name] = given.has(name) && Array.isArray(values[name]) ? (values[name] as string[]) : []);
      list.push(inline);
      if (def.keyValues) {
        while (argv[i + 1] !== undefined && KEY_VALUE.test(argv[i + 1]!)) list.push(argv[++i]!);
      }
    } else {
      values[name] = inline;
    }
  }

  for (const name of positionalNames) {
    const def = defs[name]!;
    const value = positionals.shift();
    if (value === undefined && def.required !== false && def.default === undefined) {
      throw usageError(`missing argument ${name.toUpperCase()}`);
    }
    positionalsOut[name] = value ?? (def.default as string | undefined);
  }
  if (positionals.length > 0) throw usageError(`unexpected argument '${positionals[0]}'`);

  for (const [name, def] of Object.entries(defs)) {
    if (def.type !== "positional" && def.required && !given.has(name)) {
      throw usageError(`missing required option '--${name}'`);
    }
  }
  return { values, positionals: positionalsOut, given };
}

/** The parsed values as the command declared them: camelCase keys, typed by `ArgsOf`. */
export function typedArgs<A extends HotpassArgsDef>(parsed: ParsedArgs, defs: A): ArgsOf<A> {
  const out: Record<string, ParsedValue> = {};
  for (const [name, def] of Object.entries(defs)) {
    out[camelCase(name)] = def.type === "positional" ? parsed.positionals[name] : parsed.values[name];
  }
  return out as ArgsOf<A>;
}

/** ` (did you mean --input-dir?)` when something close was declared, else "". */
export function suggestion(typed: string, known: readonly string[], prefix = ""): string {
  const close = closest(typed, known, 2);
  return close.length > 0 ? ` (did you mean ${close.map((name) => prefix + name).join(" or ")}?)` : "";
}
