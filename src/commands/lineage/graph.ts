import { hostname } from "node:os";
import { resolve } from "node:path";
import { defineHotpassCommand } from "../../cli/command.ts";
import { bool, str } from "../../cli/parse.ts";
import { usageError } from "../../errors.ts";
import type { DatasetRef } from "../../telemetry/lineage/types.ts";
import { inspectArgs, print, resolveSource, withTelemetry } from "./_common.ts";

/** A file path (this host's `file://<host>` namespace) or a Marquez node id `dataset:<ns>:<name>`. */
function datasetOf(arg: string): DatasetRef {
  const id = arg.match(/^dataset:([a-z][\w+.-]*:\/\/[^/:]*|[^:]+):(.+)$/i);
  if (id) return { namespace: id[1]!, name: id[2]! };
  return { namespace: `file://${hostname()}`, name: resolve(arg) };
}

export default defineHotpassCommand({
  meta: { name: "graph", description: "What a dataset was made from (upstream) and what was made from it (downstream)" },
  args: {
    ...inspectArgs,
    dataset: { type: "positional", description: "a workbook path, or a node id dataset:<namespace>:<name>" },
    depth: { type: "string", valueHint: "n", default: "20", description: "how many hops to follow" },
  },
  run: ({ args }) =>
    withTelemetry(args, async (logger) => {
      const depth = Number(str(args, "depth"));
      if (!Number.isInteger(depth) || depth < 1) throw usageError(`--depth must be a whole number above 0, got '${str(args, "depth")}'`);
      const dataset = datasetOf(str(args, "dataset")!);
      const { source, note } = await resolveSource(args);
      if (note) logger.info(note, "lineage.source");
      const graph = await source.graph(dataset, depth);
      if (!graph) throw usageError(`no dataset ${dataset.name} in ${source.describe}`, "pass the workbook path as refine saw it, or dataset:<namespace>:<name>");
      if (bool(args, "json")) print(JSON.stringify({ source: source.describe, ...graph }, null, 2));
      else {
        const { graphTable } = await import("../../telemetry/lineage/inspect/render.ts");
        print(graphTable(graph));
      }
      return 0;
    }),
});
