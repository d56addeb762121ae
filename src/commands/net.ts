import { defineHotpassCommand } from "../cli/command.ts";
import { HotpassError } from "../errors.ts";

export default defineHotpassCommand({
  meta: { name: "net", description: "(being built)" },
  run() {
    throw new HotpassError("'net' is not built yet");
  },
});
