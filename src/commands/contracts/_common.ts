/** What the `hotpass contracts` subcommands share: the profile and format flags, and the contract. */
import { defineArgs, type ArgsOf } from "../../cli/args.ts";
import type { TableContract } from "../../contracts/index.ts";
import { profileArgs } from "../_args.ts";

export const contractArgs = defineArgs({
  ...profileArgs,
  debug: { type: "boolean", description: "show stack traces" },
});

export const FORMATS = ["frictionless", "jsonschema"] as const;

/** The contract of the table refine writes with the chosen profile. */
export async function contractFor(args: ArgsOf<typeof profileArgs>): Promise<TableContract> {
  const { loadProfile } = await import("../../profiles/index.ts");
  const { tableContract } = await import("../../contracts/index.ts");
  return tableContract(await loadProfile(args.profile, args.profileSearchPath));
}
