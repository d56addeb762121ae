import { defineHotpassCommand } from "../../cli/command.ts";
import { numberArg } from "../_args.ts";
import { inspectArgs, print, queryOf, withTelemetry } from "./_common.ts";

export default defineHotpassCommand({
  meta: { name: "runs", description: "Recent runs: id, state, start, duration, inputs -> outputs" },
  args: {
    ...inspectArgs,
    job: { type: "string", valueHint: "name", description: "only this job, e.g. hotpass.pipeline.aviation (default: every job)" },
    limit: { type: "string", valueHint: "n", default: "20", description: "how many runs (newest first)" },
  },
  run: ({ args, given, signal }) =>
    withTelemetry(args, given, signal, async (logger) => {
      const { lineageRuns } = await import("../../telemetry/lineage/inspect/queries.ts");
      const { note, ...answer } = await lineageRuns({ ...queryOf(args), job: args.job, limit: numberArg(args.limit, "--limit", { min: 1 }) });
      if (note) logger.info(note, "lineage.source");
      if (args.json) print(JSON.stringify(answer, null, 2));
      else {
        const { runsTable } = await import("../../telemetry/lineage/inspect/render.ts");
        print(runsTable(answer.runs));
      }
      return 0;
    }),
});
