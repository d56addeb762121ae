/**
 * OpenLineage questions, answered from the same place `hotpass lineage` reads: the server's
 * --lineage-url / OPENLINEAGE_URL (Marquez), a live `hotpass net` tunnel to Marquez, else the
 * --lineage-file or the local event log.
 */
import { z } from "zod";
import { usageError } from "../../errors.ts";
import { lineageGraph, lineageRun, lineageRuns } from "../library.ts";
import { defineTool, type Annotations } from "../tool.ts";

/** Reads only, but may ask a Marquez server elsewhere. */
const LINEAGE_READ: Annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };

const dataset = z.object({ namespace: z.string(), name: z.string() });
const state = z.enum(["NEW", "RUNNING", "COMPLETED", "FAILED", "ABORTED"]);
const summary = {
  runId: z.string(),
  namespace: z.string(),
  job: z.string(),
  state,
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  durationMs: z.number().optional(),
};
const detail = z.object({
  ...summary,
  runFacets: z.record(z.string(), z.unknown()),
  jobFacets: z.record(z.string(), z.unknown()),
  inputs: z.array(dataset.extend({ facets: z.record(z.string(), z.unknown()) })),
  outputs: z.array(dataset.extend({ facets: z.record(z.string(), z.unknown()) })),
  events: z.array(z.object({ eventType: z.string(), eventTime: z.string() })),
});

export const lineageShowTool = defineTool({
  name: "hotpass_lineage_show",
  title: "Show a lineage run",
  description:
    "With run_id: one OpenLineage run of a refine or enrich (state, times, events, run facets, inputs and outputs with their " +
    "facets). Without run_id: the most recent runs (id, job, state, inputs -> outputs). A refine's run_id from its report is accepted.",
  role: "observer",
  input: z.strictObject({
    run_id: z.string().min(1).optional().describe("the run id (the report's run_id or the lineage UUID)"),
    job: z.string().min(1).optional().describe("when listing: only this job, e.g. hotpass.pipeline.aviation"),
    limit: z.number().int().min(1).max(200).default(20).describe("when listing: how many runs, newest first"),
  }),
  output: z.object({
    source: z.string().describe("where the answer came from (Marquez at ..., or the local event log)"),
    run: detail.optional(),
    runs: z.array(z.object({ ...summary, inputs: z.array(dataset), outputs: z.array(dataset) })).optional(),
  }),
  annotations: LINEAGE_READ,
  async run(args, context) {
    if (args.run_id !== undefined) {
      const { source, run, text } = await lineageRun(context.settings, args.run_id);
      return { structured: { source, run }, text };
    }
    const { source, runs, text } = await lineageRuns(context.settings, { job: args.job, limit: args.limit });
    return { structured: { source, runs }, text };
  },
});

/** `dataset:<namespace>:<name>`; a namespace may be a URL (`file://host`). */
const NODE_ID = /^dataset:([a-z][\w+.-]*:\/\/[^/:]*|[^:]+):(.+)$/i;

const edge = z.object({ from: z.string(), to: z.string() });

export const lineageGraphTool = defineTool({
  name: "hotpass_lineage_graph",
  title: "Trace a dataset's lineage",
  description:
    "What a dataset was made from (upstream edges) and what was made from it (downstream), following up to depth hops. " +
    "Give path (a workbook or output under the server's folders) or node_id (dataset:<namespace>:<name>, as the edges show).",
  role: "observer",
  input: z.strictObject({
    path: z.string().min(1).optional().describe("a file refine or enrich read or wrote"),
    node_id: z.string().regex(NODE_ID, "expected dataset:<namespace>:<name>").optional().describe("a node id from an earlier answer"),
    depth: z.number().int().min(1).max(100).default(20).describe("how many hops to follow"),
  }),
  output: z.object({ source: z.string(), node: z.string(), upstream: z.array(edge), downstream: z.array(edge) }),
  annotations: LINEAGE_READ,
  async run(args, context) {
    if ((args.path === undefined) === (args.node_id === undefined)) {
      throw usageError("give exactly one of path and node_id", "path names a file under the server's folders");
    }
    let ref: { namespace?: string; name: string };
    if (args.path !== undefined) ref = { name: context.roots.resolve(args.path, "path") };
    else {
      const match = NODE_ID.exec(args.node_id!)!;
      ref = { namespace: match[1]!, name: match[2]! };
    }
    const { source, graph, text } = await lineageGraph(context.settings, ref, args.depth);
    return { structured: { source, ...graph }, text };
  },
});
