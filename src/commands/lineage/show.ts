import { defineHotpassCommand } from "../../cli/command.ts";
import { inspectArgs, print, queryOf, withTelemetry } from "./_common.ts";

export default defineHotpassCommand({
  meta: { name: "show", description: "One run: state, times, events, run facets, inputs and outputs with their facets" },
  args: {
    ...inspectArgs,
    run_id: { type: "positional", description: "the run id (the report's and telemetry's hotpass.run_id)" },
  },
  run: ({ args, given, signal }) =>
    withTelemetry(args, given, signal, async (logger) => {
      const { lineageRun } = await import("../../telemetry/lineage/inspect/queries.ts");
      const { note, ...answer } = await lineageRun(args.run_id, queryOf(args));
      if (note) logger.info(note, "lineage.source");
      if (args.json) print(JSON.stringify(answer, null, 2));
      else {
        const { runText } = await import("../../telemetry/lineage/inspect/render.ts");
        print(runText(answer.run));
      }
      return 0;
    }),
});
