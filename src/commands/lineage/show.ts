import { defineHotpassCommand } from "../../cli/command.ts";
import { bool, str } from "../../cli/parse.ts";
import { usageError } from "../../errors.ts";
import { inspectArgs, print, resolveSource, withTelemetry } from "./_common.ts";

export default defineHotpassCommand({
  meta: { name: "show", description: "One run: state, times, events, run facets, inputs and outputs with their facets" },
  args: {
    ...inspectArgs,
    run_id: { type: "positional", description: "the run id (the report's and telemetry's hotpass.run_id)" },
  },
  run: ({ args }) =>
    withTelemetry(args, async (logger) => {
      const { lineageRunId } = await import("../../telemetry/lineage/runid.ts");
      // A non-UUID --run-id given to refine is found under the UUID its events carry.
      const runId = lineageRunId(str(args, "run_id")!);
      const { source, note } = await resolveSource(args);
      if (note) logger.info(note, "lineage.source");
      const run = await source.show(runId);
      if (!run) throw usageError(`no run ${runId} in ${source.describe}`, "list the runs with 'hotpass lineage runs'");
      if (bool(args, "json")) print(JSON.stringify({ source: source.describe, run }, null, 2));
      else {
        const { runText } = await import("../../telemetry/lineage/inspect/render.ts");
        print(runText(run));
      }
      return 0;
    }),
});
