import { defineHotpassCommand } from "../cli/command.ts";
import { HotpassError } from "../errors.ts";

export default defineHotpassCommand({
  meta: { name: "enrich", description: "(being built)" },
  run() {
    throw new HotpassError("'enrich' is not built yet");
  },
});
