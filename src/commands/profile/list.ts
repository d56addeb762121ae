/** `hotpass profile list [--profile-search-path DIR]... [--json]`: name, origin, display name. */
import { defineHotpassCommand } from "../../cli/command.ts";
import { profileArgs } from "../_args.ts";

export default defineHotpassCommand({
  meta: { name: "list", description: "Every profile --profile NAME can reach: name, where it comes from, display name" },
  args: {
    "profile-search-path": profileArgs["profile-search-path"],
    json: { type: "boolean", description: "print JSON for scripts instead of a table" },
    debug: { type: "boolean", description: "show stack traces" },
  },
  async run({ args }) {
    const { listProfiles } = await import("../../profiles/index.ts");
    const profiles = await listProfiles(args.profileSearchPath);
    if (args.json) {
      console.log(JSON.stringify({ profiles }, null, 2));
      return 0;
    }
    const rows = profiles.map((p) => [
      p.name,
      p.origin,
      p.problem !== undefined ? `(invalid: ${p.problem})` : `${p.display_name}${p.shadowed_by ? ` (not used: ${p.shadowed_by} comes first)` : ""}`,
    ]);
    const header = ["NAME", "ORIGIN", "DISPLAY NAME"];
    const widths = [0, 1].map((i) => Math.max(header[i]!.length, ...rows.map((row) => row[i]!.length)));
    const line = (row: string[]) => `${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padEnd(widths[1]!)}  ${row[2]}`;
    console.log([header, ...rows].map(line).join("\n"));
    return 0;
  },
});
