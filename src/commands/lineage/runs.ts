import { defineHotpassCommand } from "../../cli/command.ts";
import { bool, str } from "../../cli/parse.ts";
import { usageError } from "../../errors.ts";
import { inspectArgs, print, resolveSource, withTelemetry } from "./_common.ts";

export default defineHotpassCommand({
  meta: { name: "runs", description: "Recent runs: id, state, start, duration, inputs -> outputs" },
  args: {
    ...inspectArgs,
    job: { type: "string", valueHint: "name", description: "only this job, e.g. hotpass.pipeline.aviation (default: every job)" },
    limit: { type: "string", valueHint: "n", default: "20", description: "how many runs (newest first)" },
  },
  run: ({ args }) =>
    withTelemetry(args, async (logger) => {
      const limit = Number(str(args, "limit"));
      if (!Number.isInteger(limit) || limit < 1) throw usageError(`--limit must be a whole number above 0, got '${str(args, "limit")}'`);
      const { source, namespace, note } = await resolveSource(args);
      if (note) logger.info(note, "lineage.source");
      const runs = await source.runs({ namespace, job: str(args, "job"), limit });
      if (bool(args, "json")) print(JSON.stringify({ source: source.describe, namespace, runs }, null, 2));
      else {
        const { runsTable } = await import("../../telemetry/lineage/inspect/render.ts");
        print(runsTable(runs));
      }
      return 0;
    }),
});
