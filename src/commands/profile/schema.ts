/**
 * `hotpass profile schema`: the profile JSON Schema on stdout, e.g.
 * `hotpass profile schema > profile.schema.json`, for an editor's YAML extension.
 */
import { defineHotpassCommand } from "../../cli/command.ts";

export default defineHotpassCommand({
  meta: { name: "schema", description: "Print the profile JSON Schema (draft-07) for editors" },
  args: {
    debug: { type: "boolean", description: "show stack traces" },
  },
  async run() {
    const { profileJsonSchema } = await import("../../profiles/index.ts");
    console.log(JSON.stringify(await profileJsonSchema(), null, 2));
    return 0;
  },
});
