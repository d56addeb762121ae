/**
 * What `hotpass lineage` shows, whichever source it reads (the Marquez API or the local event
 * log): runs, one run in detail, and the edges around a dataset.
 */
import type { DatasetRef } from "../types.ts";

export type RunState = "NEW" | "RUNNING" | "COMPLETED" | "FAILED" | "ABORTED";

export interface RunSummary {
  runId: string;
  namespace: string;
  job: string;
  state: RunState;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  inputs: DatasetRef[];
  outputs: DatasetRef[];
}

export interface DatasetDetail extends DatasetRef {
  facets: Record<string, unknown>;
}

export interface RunDetail extends Omit<RunSummary, "inputs" | "outputs"> {
  runFacets: Record<string, unknown>;
  jobFacets: Record<string, unknown>;
  inputs: DatasetDetail[];
  outputs: DatasetDetail[];
  /** The events of the run, when the source keeps them (the local log does). */
  events: { eventType: string; eventTime: string }[];
}

/** A node id as Marquez writes it: `dataset:<namespace>:<name>` or `job:<namespace>:<name>`. */
export type NodeId = string;

export interface Edge {
  from: NodeId;
  to: NodeId;
}

export interface GraphResult {
  node: NodeId;
  /** Edges leading into the node, transitively (what it was made from). */
  upstream: Edge[];
  /** Edges leading out of it, transitively (what was made from it). */
  downstream: Edge[];
}

export interface LineageSource {
  /** Where the answers come from, for one line on stderr. */
  describe: string;
  runs(options: { namespace: string; job?: string; limit: number }): Promise<RunSummary[]>;
  show(runId: string): Promise<RunDetail | undefined>;
  graph(dataset: DatasetRef, depth: number): Promise<GraphResult | undefined>;
}

export const datasetNode = (d: DatasetRef): NodeId => `dataset:${d.namespace}:${d.name}`;
export const jobNode = (namespace: string, name: string): NodeId => `job:${namespace}:${name}`;

/** Walks `edges` from `node` backwards (upstream) and forwards (downstream), `depth` hops at most. */
export function traverse(node: NodeId, edges: Edge[], depth: number): GraphResult {
  const walk = (forward: boolean): Edge[] => {
    const found: Edge[] = [];
    const seen = new Set([node]);
    let frontier = [node];
    for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
      const next: NodeId[] = [];
      for (const edge of edges) {
        const [here, there] = forward ? [edge.from, edge.to] : [edge.to, edge.from];
        if (!frontier.includes(here)) continue;
        if (!found.some((e) => e.from === edge.from && e.to === edge.to)) found.push(edge);
        if (!seen.has(there)) {
          seen.add(there);
          next.push(there);
        }
      }
      frontier = next;
    }
    return found;
  };
  return { node, upstream: walk(false), downstream: walk(true) };
}
