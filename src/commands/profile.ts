/**
 * `hotpass profile`: the profiles a user can reach, whether one is valid, and the JSON Schema
 * editors use to complete and check profile files.
 */
import { defineHotpassCommand, lazy } from "../cli/command.ts";

export default defineHotpassCommand({
  meta: { name: "profile", description: "List profiles, validate one, print the profile JSON Schema (list, validate, schema)" },
  subCommands: {
    list: lazy(() => import("./profile/list.ts")),
    validate: lazy(() => import("./profile/validate.ts")),
    schema: lazy(() => import("./profile/schema.ts")),
  },
});
