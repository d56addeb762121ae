/** What the `hotpass contracts` subcommands share: the profile and format flags, and the contract. */
import { list, str, type HotpassArgsDef, type ParsedArgs } from "../../cli/parse.ts";
import type { TableContract } from "../../contracts/index.ts";
import { profileArgs } from "../_args.ts";

export const contractArgs = {
  ...profileArgs,
  debug: { type: "boolean", description: "show stack traces" },
} satisfies HotpassArgsDef;

export const FORMAT_FLAG = { type: "enum", options: ["frictionless", "jsonschema"] } satisfies HotpassArgsDef[string];

/** The contract of the table refine writes with the chosen profile. */
export async function contractFor(args: ParsedArgs): Promise<TableContract> {
  const { loadProfile } = await import("../../profiles/index.ts");
  const { tableContract } = await import("../../contracts/index.ts");
  return tableContract(await loadProfile(str(args, "profile"), list(args, "profile-search-path")));
}
