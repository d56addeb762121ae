import { defineHotpassCommand } from "../../cli/command.ts";
import { instrumented, upArgs } from "./_common.ts";
import { startTunnel } from "./_start.ts";

export default defineHotpassCommand({
  meta: { name: "up", description: "Open a tunnel through the bastion (detached unless --foreground)" },
  args: {
    ...upArgs,
    foreground: { type: "boolean", description: "keep the tunnel in this terminal until Ctrl+C" },
  },
  run: ({ args, given, signal }) =>
    instrumented(args, given, signal, async (logger) => {
      await startTunnel(args, logger, { foreground: args.foreground === true, signal });
      return 0;
    }),
});
