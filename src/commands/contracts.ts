/**
 * `hotpass contracts`: the refined table's contract as a Frictionless Table Schema or a JSON
 * Schema, and a check of any table against it.
 */
import { defineHotpassCommand, lazy } from "../cli/command.ts";

export default defineHotpassCommand({
  meta: { name: "contracts", description: "The refined table's contract: emit it as a schema, validate a table against it (emit, validate)" },
  subCommands: {
    emit: lazy(() => import("./contracts/emit.ts")),
    validate: lazy(() => import("./contracts/validate.ts")),
  },
});
