import { defineHotpassCommand } from "../cli/command.ts";
import { HotpassError } from "../errors.ts";

export default defineHotpassCommand({
  meta: { name: "explain-provenance", description: "(being built)" },
  run() {
    throw new HotpassError("'explain-provenance' is not built yet");
  },
});
