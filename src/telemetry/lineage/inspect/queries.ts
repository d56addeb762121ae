/**
 * The lineage questions every surface asks (`hotpass lineage`, the dashboard, the MCP server),
 * answered from one place in one order: `--lineage-file` when given, else the Marquez API at
 * `--lineage-url` / OPENLINEAGE_URL, else Marquez through the most recent live `hotpass net`
 * tunnel, else the local event log.
 *
 * @example
 * const { runs } = await lineageRuns({ job: "hotpass.pipeline.aviation", limit: 10 });
 */
import { hostname } from "node:os";
import { resolve } from "node:path";
import { usageError } from "../../../errors.ts";
import { configuredEndpoint, DEFAULT_NAMESPACE, endpointFromUrl, statePaths, type Endpoint, type Env } from "../config.ts";
import { lineageRunId } from "../runid.ts";
import type { DatasetRef } from "../types.ts";
import type { GraphResult, LineageSource, RunDetail, RunSummary } from "./model.ts";

export interface LineageQuery {
  lineageUrl?: string;
  lineageFile?: string;
  /** Job namespace (default HOTPASS_LINEAGE_NAMESPACE or hotpass.local). */
  namespace?: string;
  env?: Env;
}

export interface ResolvedSource {
  source: LineageSource;
  endpoint?: Endpoint;
  namespace: string;
  /** One line saying where the answers come from when it is not the obvious place. */
  note?: string;
}

export async function resolveSource(query: LineageQuery = {}): Promise<ResolvedSource> {
  const env = query.env ?? process.env;
  const namespace = query.namespace ?? (env.HOTPASS_LINEAGE_NAMESPACE?.trim() || DEFAULT_NAMESPACE);
  const { localSource } = await import("./local.ts");
  if (query.lineageFile) return { source: localSource(resolve(query.lineageFile)), namespace };
  const { marquezSource } = await import("./marquez.ts");
  const endpoint = configuredEndpoint({ lineageUrl: query.lineageUrl }, env);
  if (endpoint) return { source: marquezSource(endpoint, `Marquez at ${endpoint.apiBase}`), endpoint, namespace };
  // The net module owns tunnels.json and knows a live holder (pid and its start time).
  const { findLiveForward } = await import("../../../net/live.ts");
  const tunnel = findLiveForward("marquez", env);
  if (tunnel) {
    const viaTunnel = endpointFromUrl(tunnel.url, "tunnel", env);
    return {
      source: marquezSource(viaTunnel, `Marquez at ${viaTunnel.apiBase}`),
      endpoint: viaTunnel,
      namespace,
      note: `lineage: using Marquez through the '${tunnel.session.label}' tunnel at ${tunnel.url}`,
    };
  }
  const log = statePaths(env).log;
  return { source: localSource(log, true), namespace, note: `lineage: no Marquez configured; reading the local event log ${log}` };
}

/** The recent runs (newest first) of one job, or of every job. */
export async function lineageRuns(query: LineageQuery & { job?: string; limit?: number } = {}): Promise<{ source: string; namespace: string; runs: RunSummary[]; note?: string }> {
  const limit = query.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1) throw usageError(`--limit must be a whole number above 0, got '${limit}'`);
  const { source, namespace, note } = await resolveSource(query);
  const runs = await source.runs({ namespace, job: query.job, limit });
  return { source: source.describe, namespace, runs, ...(note ? { note } : {}) };
}

/** One run in detail; `runId` may be hotpass's own run id (a non-UUID maps to its events' UUID). */
export async function lineageRun(runId: string, query: LineageQuery = {}): Promise<{ source: string; run: RunDetail; note?: string }> {
  const id = lineageRunId(runId);
  const { source, note } = await resolveSource(query);
  const run = await source.show(id);
  if (!run) throw usageError(`no run ${id} in ${source.describe}`, "list the runs with 'hotpass lineage runs'");
  return { source: source.describe, run, ...(note ? { note } : {}) };
}

/** The graph around a dataset: a file path (this host's `file://<host>` namespace) or `dataset:<ns>:<name>`. */
export async function lineageGraph(dataset: string, query: LineageQuery & { depth?: number } = {}): Promise<{ source: string; note?: string } & GraphResult> {
  const depth = query.depth ?? 20;
  if (!Number.isInteger(depth) || depth < 1) throw usageError(`--depth must be a whole number above 0, got '${depth}'`);
  const ref = datasetOf(dataset);
  const { source, note } = await resolveSource(query);
  const graph = await source.graph(ref, depth);
  if (!graph) throw usageError(`no dataset ${ref.name} in ${source.describe}`, "pass the workbook path as refine saw it, or dataset:<namespace>:<name>");
  return { source: source.describe, ...(note ? { note } : {}), ...graph };
}

export function datasetOf(arg: string): DatasetRef {
  const id = arg.match(/^dataset:([a-z][\w+.-]*:\/\/[^/:]*|[^:]+):(.+)$/i);
  if (id) return { namespace: id[1]!, name: id[2]! };
  return { namespace: `file://${hostname()}`, name: resolve(arg) };
}
