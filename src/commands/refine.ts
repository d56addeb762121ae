import { defineHotpassCommand } from "../cli/command.ts";
import { HotpassError } from "../errors.ts";

export default defineHotpassCommand({
  meta: { name: "refine", description: "(being built)" },
  run() {
    throw new HotpassError("'refine' is not built yet");
  },
});
