/**
 * `hotpass lineage` answers from the Marquez API (openapi.yml): runs of a job, one run, and the
 * lineage graph around a dataset.
 */
import { HotpassError } from "../../../errors.ts";
import type { Endpoint } from "../config.ts";
import type { DatasetRef } from "../types.ts";
import { datasetNode, traverse, type DatasetDetail, type Edge, type LineageSource, type RunDetail, type RunState, type RunSummary } from "./model.ts";

interface MarquezDatasetVersion {
  datasetVersionId: { namespace: string; name: string; version?: string };
}
interface MarquezRun {
  id: string;
  state?: RunState;
  startedAt?: string | null;
  endedAt?: string | null;
  durationMs?: number | null;
  jobVersion?: { namespace: string; name: string };
  inputDatasetVersions?: MarquezDatasetVersion[];
  outputDatasetVersions?: MarquezDatasetVersion[];
  facets?: Record<string, unknown>;
}
interface MarquezGraph {
  graph: { id: string; inEdges?: { origin: string; destination: string }[]; outEdges?: { origin: string; destination: string }[] }[];
}

const enc = encodeURIComponent;

export function marquezSource(endpoint: Endpoint, describe: string): LineageSource {
  async function get<T>(path: string, allow404 = false): Promise<T | undefined> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
    let response: Response;
    try {
      response = await fetch(`${endpoint.apiBase}${path}`, { headers, signal: AbortSignal.timeout(endpoint.timeoutMs) });
    } catch (error) {
      throw new HotpassError(`cannot reach Marquez at ${endpoint.apiBase}: ${(error as Error).message}`, {
        hint: "check OPENLINEAGE_URL / --lineage-url, or the hotpass net tunnel",
      });
    }
    if (response.status === 404 && allow404) return undefined;
    if (!response.ok) {
      throw new HotpassError(`Marquez answered HTTP ${response.status} for ${path}: ${(await response.text()).slice(0, 300)}`);
    }
    return (await response.json()) as T;
  }

  const ref = (v: MarquezDatasetVersion): DatasetRef => ({ namespace: v.datasetVersionId.namespace, name: v.datasetVersionId.name });
  const summary = (run: MarquezRun, fallback?: { namespace: string; job: string }): RunSummary => ({
    runId: run.id,
    namespace: run.jobVersion?.namespace ?? fallback?.namespace ?? "",
    job: run.jobVersion?.name ?? fallback?.job ?? "",
    state: run.state ?? "NEW",
    startedAt: run.startedAt ?? undefined,
    endedAt: run.endedAt ?? undefined,
    durationMs: run.durationMs ?? undefined,
    inputs: (run.inputDatasetVersions ?? []).map(ref),
    outputs: (run.outputDatasetVersions ?? []).map(ref),
  });

  async function detail(v: MarquezDatasetVersion): Promise<DatasetDetail> {
    const { namespace, name, version } = v.datasetVersionId;
    const found = version
      ? await get<{ facets?: Record<string, unknown> }>(`/namespaces/${enc(namespace)}/datasets/${enc(name)}/versions/${enc(version)}`, true)
      : undefined;
    return { namespace, name, facets: found?.facets ?? {} };
  }

  /** The run's events: Marquez lists events by time only, so ask for the run's window and filter. */
  async function eventsOf(run: MarquezRun): Promise<RunDetail["events"]> {
    const from = Date.parse(run.startedAt ?? run.endedAt ?? "");
    if (Number.isNaN(from)) return [];
    const to = Date.parse(run.endedAt ?? "") || Date.now();
    const after = new Date(from - 1000).toISOString();
    const before = new Date(to + 1000).toISOString();
    const list = await get<{ events?: { eventType?: string; eventTime?: string; run?: { runId?: string } }[] }>(
      `/events/lineage?after=${enc(after)}&before=${enc(before)}&sortDirection=asc&limit=1000`,
      true,
    );
    return (list?.events ?? [])
      .filter((e) => e.run?.runId === run.id && e.eventType && e.eventTime)
      .map((e) => ({ eventType: e.eventType!, eventTime: e.eventTime! }))
      .sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  }

  return {
    describe,
    async runs({ namespace, job, limit }) {
      const jobs = job
        ? [job]
        : ((await get<{ jobs: { name: string }[] }>(`/namespaces/${enc(namespace)}/jobs`, true))?.jobs ?? []).map((j) => j.name);
      const all: RunSummary[] = [];
      for (const name of jobs) {
        const list = await get<{ runs: MarquezRun[] }>(`/namespaces/${enc(namespace)}/jobs/${enc(name)}/runs?limit=${limit}`, true);
        all.push(...(list?.runs ?? []).map((r) => summary(r, { namespace, job: name })));
      }
      return all.sort((a, b) => String(b.startedAt).localeCompare(String(a.startedAt))).slice(0, limit);
    },
    async show(runId) {
      const run = await get<MarquezRun>(`/jobs/runs/${enc(runId)}`, true);
      if (!run) return undefined;
      const base = summary(run);
      const result: RunDetail = {
        ...base,
        runFacets: run.facets ?? {},
        jobFacets: {},
        inputs: await Promise.all((run.inputDatasetVersions ?? []).map(detail)),
        outputs: await Promise.all((run.outputDatasetVersions ?? []).map(detail)),
        events: await eventsOf(run),
      };
      return result;
    },
    async graph(dataset, depth) {
      const node = datasetNode(dataset);
      const graph = await get<MarquezGraph>(`/lineage?nodeId=${enc(node)}&depth=${depth}`, true);
      if (!graph) return undefined;
      const edges: Edge[] = [];
      for (const n of graph.graph ?? []) {
        for (const e of [...(n.inEdges ?? []), ...(n.outEdges ?? [])]) {
          if (!edges.some((x) => x.from === e.origin && x.to === e.destination)) edges.push({ from: e.origin, to: e.destination });
        }
      }
      return traverse(node, edges, depth);
    },
  };
}
