import { defineHotpassCommand } from "../cli/command.ts";
import { HotpassError } from "../errors.ts";

export default defineHotpassCommand({
  meta: { name: "lineage", description: "(being built)" },
  run() {
    throw new HotpassError("'lineage' is not built yet");
  },
});
