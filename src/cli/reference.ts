/**
 * The command reference, generated from the command definitions themselves: every command path
 * the binary accepts with every flag it declares. The README carries it between
 * `<!-- cli-reference -->` markers (`bun run scripts/cli-reference.ts --write` refreshes it) and a
 * test fails when the two differ, so the documentation cannot go stale.
 */
import type { HotpassArgsDef } from "./args.ts";
import type { HotpassCommand } from "./command.ts";

export interface CommandEntry {
  /** `["net", "up"]` */
  path: string[];
  description: string;
  args: HotpassArgsDef;
}

/** Every command with a `run`, depth first, in declaration order; hidden ones and `_name` ones left out. */
export async function commandTree(root: HotpassCommand): Promise<CommandEntry[]> {
  const out: CommandEntry[] = [];
  const walk = async (command: HotpassCommand, path: string[]) => {
    if (command.run) out.push({ path, description: command.meta.description, args: command.args ?? {} });
    for (const [name, load] of Object.entries(command.subCommands ?? {})) {
      if (name.startsWith("_")) continue;
      const sub = await load();
      if (!sub.meta.hidden) await walk(sub, [...path, name]);
    }
  };
  await walk(root, []);
  return out;
}

/** The flags a command accepts on the command line (`--name`, and `--no-name` for booleans). */
export function acceptedFlags(args: HotpassArgsDef): Set<string> {
  const flags = new Set(["--help", "--debug"]);
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    flags.add(`--${name}`);
    if (def.type === "boolean") flags.add(`--no-${name}`);
    for (const alias of def.alias === undefined ? [] : ([] as string[]).concat(def.alias)) flags.add(alias.length === 1 ? `-${alias}` : `--${alias}`);
  }
  return flags;
}

/** Shared flag groups, named once instead of repeated in every row. */
export type FlagGroups = Record<string, HotpassArgsDef>;

function flagText(name: string, def: HotpassArgsDef[string]): string {
  if (def.type === "positional") return def.required === false || def.default !== undefined ? `[${name.toUpperCase()}]` : name.toUpperCase();
  if (def.type === "boolean") return def.default === true ? `\`--no-${name}\`` : `\`--${name}\``;
  const value = def.type === "enum" ? ` ${def.options.join("\\|")}` : ` ${(def.valueHint ?? "value").toUpperCase()}`;
  const more = def.repeatable || def.keyValues ? "…" : "";
  return `\`--${name}${value}\`${more}`;
}

/** One Markdown table: each command, its positionals and flags, shared groups named by group. */
export function renderReference(entries: CommandEntry[], groups: FlagGroups): string {
  const lines = ["| command | arguments and flags |", "|---|---|"];
  for (const entry of entries) {
    const names = new Set(Object.keys(entry.args));
    const used: string[] = [];
    for (const [group, defs] of Object.entries(groups)) {
      const members = Object.keys(defs);
      if (members.length > 0 && members.every((name) => names.has(name) && entry.args[name]!.description === defs[name]!.description)) {
        used.push(group);
        for (const name of members) names.delete(name);
      }
    }
    // Positionals first, as they are typed.
    const ordered = [...names].sort((a, b) => Number(entry.args[b]!.type === "positional") - Number(entry.args[a]!.type === "positional"));
    const own = ordered.map((name) => flagText(name, entry.args[name]!));
    const shared = used.length > 0 ? [`the ${used.join(", ")} flags`] : [];
    lines.push(`| \`hotpass ${entry.path.join(" ")}\` | ${[...own, ...shared].join(", ") || "—"} |`);
  }
  return `${lines.join("\n")}\n`;
}

export const REFERENCE_START = "<!-- cli-reference -->";
export const REFERENCE_END = "<!-- /cli-reference -->";

/** The text between the markers of `readme`, or undefined when they are missing. */
export function referenceIn(readme: string): string | undefined {
  const start = readme.indexOf(REFERENCE_START);
  const end = readme.indexOf(REFERENCE_END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + REFERENCE_START.length, end).replace(/^\n/, "");
}
