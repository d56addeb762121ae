/**
 * How the Marquez-like test server turns the events it stored into Marquez API bodies (Run, Job,
 * DatasetVersion, LineageGraph), the way Marquez itself derives them from OpenLineage events.
 */
type Facets = Record<string, Record<string, unknown>>;
interface Dataset {
  namespace: string;
  name: string;
  facets?: Facets;
  inputFacets?: Facets;
  outputFacets?: Facets;
}
export interface StoredEvent {
  receivedAt: string;
  event: {
    eventType: string;
    eventTime: string;
    run: { runId: string; facets?: Facets };
    job: { namespace: string; name: string; facets?: Facets };
    inputs?: Dataset[];
    outputs?: Dataset[];
  };
}
type VersionOf = (key: string) => string;

const STATES: Record<string, string> = { START: "RUNNING", RUNNING: "RUNNING", COMPLETE: "COMPLETED", FAIL: "FAILED", ABORT: "ABORTED" };

function ofRun(events: StoredEvent[], runId: string) {
  return events.filter((e) => e.event.run.runId === runId).sort((a, b) => a.event.eventTime.localeCompare(b.event.eventTime));
}

function datasetsOf(evs: StoredEvent[], side: "inputs" | "outputs"): Dataset[] {
  const seen = new Map<string, Dataset>();
  for (const e of evs) for (const d of e.event[side] ?? []) seen.set(`${d.namespace}\u0000${d.name}`, d);
  return [...seen.values()];
}

export function runView(events: StoredEvent[], runId: string, versionOf: VersionOf): Record<string, unknown> {
  const evs = ofRun(events, runId);
  const first = evs[0]!;
  const start = evs.find((e) => e.event.eventType === "START") ?? first;
  const end = [...evs].reverse().find((e) => ["COMPLETE", "FAIL", "ABORT"].includes(e.event.eventType));
  const facets: Facets = Object.assign({}, ...evs.map((e) => e.event.run.facets ?? {}));
  const job = first.event.job;
  const version = (d: Dataset) => ({
    datasetVersionId: { namespace: d.namespace, name: d.name, version: versionOf(`ds:${d.namespace}:${d.name}:${runId}`) },
    facets: {},
  });
  const nominal = facets.nominalTime?.nominalStartTime;
  return {
    id: runId,
    createdAt: first.event.eventTime,
    updatedAt: evs.at(-1)!.event.eventTime,
    ...(typeof nominal === "string" ? { nominalStartTime: nominal } : {}),
    state: STATES[(end ?? evs.at(-1)!).event.eventType] ?? "NEW",
    startedAt: start.event.eventTime,
    ...(end
      ? { endedAt: end.event.eventTime, durationMs: Date.parse(end.event.eventTime) - Date.parse(start.event.eventTime) }
      : {}),
    args: {},
    jobVersion: { namespace: job.namespace, name: job.name, version: versionOf(`job:${job.namespace}:${job.name}`) },
    inputDatasetVersions: datasetsOf(evs, "inputs").map(version),
    outputDatasetVersions: datasetsOf(evs, "outputs").map(version),
    facets,
  };
}

export function jobView(events: StoredEvent[], namespace: string, name: string, versionOf: VersionOf): Record<string, unknown> {
  const evs = events.filter((e) => e.event.job.namespace === namespace && e.event.job.name === name);
  const last = evs.at(-1)!;
  const ids = (ds: Dataset[]) => ds.map((d) => ({ namespace: d.namespace, name: d.name }));
  return {
    id: { namespace, name },
    type: "BATCH",
    name,
    simpleName: name,
    createdAt: evs[0]!.event.eventTime,
    updatedAt: last.event.eventTime,
    namespace,
    inputs: ids(datasetsOf(ofRun(events, last.event.run.runId), "inputs")),
    outputs: ids(datasetsOf(ofRun(events, last.event.run.runId), "outputs")),
    facets: last.event.job.facets ?? {},
    latestRun: runView(events, last.event.run.runId, versionOf),
  };
}

function mergedFacets(evs: StoredEvent[], namespace: string, name: string): { facets: Facets; at: string } {
  let facets: Facets = {};
  let at = "";
  for (const e of evs) {
    for (const d of [...(e.event.inputs ?? []), ...(e.event.outputs ?? [])]) {
      if (d.namespace !== namespace || d.name !== name) continue;
      facets = { ...facets, ...d.facets, ...d.inputFacets, ...d.outputFacets };
      at = e.event.eventTime;
    }
  }
  return { facets, at };
}

function fieldsOf(facets: Facets) {
  const fields = (facets.schema?.fields ?? []) as { name: string; type?: string; description?: string }[];
  return fields.map((f) => ({ name: f.name, type: f.type ?? "UNKNOWN", tags: [], ...(f.description ? { description: f.description } : {}) }));
}

export function datasetVersionView(
  events: StoredEvent[],
  namespace: string,
  name: string,
  version: string,
  versions: Map<string, string>,
  versionOf: VersionOf,
): Record<string, unknown> | undefined {
  const key = [...versions.entries()].find(([k, v]) => v === version && k.startsWith(`ds:${namespace}:${name}:`))?.[0];
  if (!key) return undefined;
  const runId = key.slice(`ds:${namespace}:${name}:`.length);
  const { facets, at } = mergedFacets(ofRun(events, runId), namespace, name);
  return {
    id: { namespace, name, version },
    type: "DB_TABLE",
    name,
    physicalName: name,
    createdAt: at,
    version,
    namespace,
    sourceName: namespace,
    fields: fieldsOf(facets),
    description: "",
    createdByRun: runView(events, runId, versionOf),
    facets,
  };
}

/** `dataset:<ns>:<name>` where ns may be a URI such as `file://host`; `job:<ns>:<name>`. */
export function parseNodeId(nodeId: string): { type: "DATASET" | "JOB"; namespace: string; name: string } | undefined {
  const m = nodeId.match(/^(dataset|job):(.*)$/);
  if (!m) return undefined;
  const rest = m[2]!;
  const uri = rest.match(/^([a-zA-Z][\w+.-]*:\/\/[^/:]*):(.*)$/);
  const [namespace, name] = uri ? [uri[1]!, uri[2]!] : [rest.slice(0, rest.indexOf(":")), rest.slice(rest.indexOf(":") + 1)];
  if (!namespace || !name) return undefined;
  return { type: m[1] === "dataset" ? "DATASET" : "JOB", namespace, name };
}

export function graphView(events: StoredEvent[], nodeId: string, depth: number, versionOf: VersionOf): { graph: unknown[] } | undefined {
  const edges = new Set<string>();
  const jobs = new Map<string, { namespace: string; name: string }>();
  const datasets = new Map<string, Dataset>();
  for (const e of events) {
    const jobId = `job:${e.event.job.namespace}:${e.event.job.name}`;
    jobs.set(jobId, e.event.job);
    for (const d of e.event.inputs ?? []) {
      datasets.set(`dataset:${d.namespace}:${d.name}`, d);
      edges.add(`dataset:${d.namespace}:${d.name}\u0000${jobId}`);
    }
    for (const d of e.event.outputs ?? []) {
      datasets.set(`dataset:${d.namespace}:${d.name}`, d);
      edges.add(`${jobId}\u0000dataset:${d.namespace}:${d.name}`);
    }
  }
  if (!jobs.has(nodeId) && !datasets.has(nodeId)) return undefined;
  const pairs = [...edges].map((e) => e.split("\u0000") as [string, string]);
  const keep = new Set([nodeId]);
  let frontier = [nodeId];
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const [from, to] of pairs) {
      for (const [a, b] of [[from, to], [to, from]] as const) {
        if (frontier.includes(a) && !keep.has(b)) {
          keep.add(b);
          next.push(b);
        }
      }
    }
    frontier = next;
  }
  const graph = [...keep].map((id) => {
    const node = parseNodeId(id)!;
    const inEdges = pairs.filter(([, to]) => to === id).map(([origin, destination]) => ({ origin, destination }));
    const outEdges = pairs.filter(([from]) => from === id).map(([origin, destination]) => ({ origin, destination }));
    if (node.type === "JOB") return { id, type: "JOB", data: jobView(events, node.namespace, node.name, versionOf), inEdges, outEdges };
    const { facets, at } = mergedFacets(events, node.namespace, node.name);
    const data = {
      id: { namespace: node.namespace, name: node.name },
      type: "DB_TABLE",
      name: node.name,
      physicalName: node.name,
      createdAt: at,
      updatedAt: at,
      namespace: node.namespace,
      sourceName: node.namespace,
      fields: fieldsOf(facets),
      tags: [],
      facets,
    };
    return { id, type: "DATASET", data, inEdges, outEdges };
  });
  return { graph };
}
