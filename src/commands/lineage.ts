/**
 * `hotpass lineage`: inspect the OpenLineage runs of refine and enrich (from Marquez or the local
 * event log) and send the spooled events.
 */
import { defineHotpassCommand, lazy } from "../cli/command.ts";

export default defineHotpassCommand({
  meta: { name: "lineage", description: "Inspect lineage runs (runs, show, graph) and send spooled events (replay)" },
  subCommands: {
    runs: lazy(() => import("./lineage/runs.ts")),
    show: lazy(() => import("./lineage/show.ts")),
    graph: lazy(() => import("./lineage/graph.ts")),
    replay: lazy(() => import("./lineage/replay.ts")),
  },
});
