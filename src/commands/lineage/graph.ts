import { defineHotpassCommand } from "../../cli/command.ts";
import { numberArg } from "../_args.ts";
import { inspectArgs, print, queryOf, withTelemetry } from "./_common.ts";

export default defineHotpassCommand({
  meta: { name: "graph", description: "What a dataset was made from (upstream) and what was made from it (downstream)" },
  args: {
    ...inspectArgs,
    dataset: { type: "positional", description: "a workbook path, or a node id dataset:<namespace>:<name>" },
    depth: { type: "string", valueHint: "n", default: "20", description: "how many hops to follow" },
  },
  run: ({ args, given, signal }) =>
    withTelemetry(args, given, signal, async (logger) => {
      const { lineageGraph } = await import("../../telemetry/lineage/inspect/queries.ts");
      const graph = await lineageGraph(args.dataset, { ...queryOf(args), depth: numberArg(args.depth, "--depth", { min: 1 }) });
      if (graph.note) logger.info(graph.note, "lineage.source");
      const { note: _, ...answer } = graph;
      if (args.json) print(JSON.stringify(answer, null, 2));
      else {
        const { graphTable } = await import("../../telemetry/lineage/inspect/render.ts");
        print(graphTable(graph));
      }
      return 0;
    }),
});
