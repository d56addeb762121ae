/**
 * `hotpass lineage` answers from a JSON-lines file of OpenLineage events: the local event log
 * every run appends to, or a --lineage-file.
 */
import { readFileSync, statSync } from "node:fs";
import { usageError } from "../../../errors.ts";
import { readLog } from "../spool.ts";
import { isRunEvent, type DatasetRef, type FacetMap, type RunEvent } from "../types.ts";
import { datasetNode, jobNode, traverse, type DatasetDetail, type Edge, type LineageSource, type RunDetail, type RunState, type RunSummary } from "./model.ts";

const STATES: Record<string, RunState> = { START: "RUNNING", RUNNING: "RUNNING", COMPLETE: "COMPLETED", FAIL: "FAILED", ABORT: "ABORTED" };
const TERMINAL = new Set(["COMPLETE", "FAIL", "ABORT"]);

function byRun(events: RunEvent[]): Map<string, RunEvent[]> {
  const runs = new Map<string, RunEvent[]>();
  for (const event of events) {
    const list = runs.get(event.run.runId) ?? [];
    list.push(event);
    runs.set(event.run.runId, list);
  }
  for (const list of runs.values()) list.sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  return runs;
}

function datasets(events: RunEvent[], side: "inputs" | "outputs"): DatasetDetail[] {
  const found = new Map<string, DatasetDetail>();
  for (const event of events) {
    for (const d of event[side] ?? []) {
      const key = datasetNode(d);
      const previous = found.get(key)?.facets ?? {};
      const extra = side === "inputs" ? (d as { inputFacets?: FacetMap }).inputFacets : (d as { outputFacets?: FacetMap }).outputFacets;
      found.set(key, { namespace: d.namespace, name: d.name, facets: { ...previous, ...d.facets, ...extra } });
    }
  }
  return [...found.values()];
}

function summary(events: RunEvent[]): RunSummary {
  const first = events[0]!;
  const start = events.find((e) => e.eventType === "START") ?? first;
  const end = [...events].reverse().find((e) => TERMINAL.has(e.eventType));
  const ref = (d: DatasetRef): DatasetRef => ({ namespace: d.namespace, name: d.name });
  return {
    runId: first.run.runId,
    namespace: first.job.namespace,
    job: first.job.name,
    state: STATES[(end ?? events.at(-1)!).eventType] ?? "NEW",
    startedAt: start.eventTime,
    endedAt: end?.eventTime,
    durationMs: end ? Date.parse(end.eventTime) - Date.parse(start.eventTime) : undefined,
    inputs: datasets(events, "inputs").map(ref),
    outputs: datasets(events, "outputs").map(ref),
  };
}

const LOG_HINT = "pass the JSON-lines file of OpenLineage events a run wrote (--lineage-file), or leave it out to read the local event log";

/**
 * A file the user named: it must exist and hold events. A line that is not an event is skipped
 * (a torn last line), but a file with none at all is not a lineage log, and saying "no runs"
 * would hide that.
 */
function namedFileEvents(path: string): RunEvent[] {
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw usageError(`${path}: it is a folder, not a lineage log`, LOG_HINT);
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw usageError(`${path}: no such file`, LOG_HINT);
    if (code === "EACCES" || code === "EPERM") throw usageError(`${path}: permission denied`, "give the user running hotpass read access to it");
    throw error;
  }
  const events: RunEvent[] = [];
  let firstBad = 0;
  text.split("\n").forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (isRunEvent(value)) events.push(value);
    else firstBad ||= index + 1;
  });
  if (events.length === 0 && firstBad) throw usageError(`${path}: no OpenLineage run event in it (line ${firstBad} is not one)`, LOG_HINT);
  return events;
}

/** `rotated`: the file is the local event log, whose previous generation is read too. */
export function localSource(path: string, rotated = false): LineageSource {
  const load = () => (rotated ? readLog(path) : namedFileEvents(path));
  return {
    describe: `the local event log ${path}`,
    async runs({ namespace, job, limit }) {
      const runs = [...byRun(load()).values()]
        .filter((events) => events[0]!.job.namespace === namespace && (job === undefined || events[0]!.job.name === job))
        .map(summary);
      return runs.sort((a, b) => String(b.startedAt).localeCompare(String(a.startedAt))).slice(0, limit);
    },
    async show(runId) {
      const events = byRun(load()).get(runId.toLowerCase());
      if (!events) return undefined;
      const base = summary(events);
      const detail: RunDetail = {
        ...base,
        runFacets: Object.assign({}, ...events.map((e) => e.run.facets ?? {})),
        jobFacets: Object.assign({}, ...events.map((e) => e.job.facets ?? {})),
        inputs: datasets(events, "inputs"),
        outputs: datasets(events, "outputs"),
        events: events.map((e) => ({ eventType: e.eventType, eventTime: e.eventTime })),
      };
      return detail;
    },
    async graph(dataset, depth) {
      const events = load();
      const edges: Edge[] = [];
      const add = (edge: Edge) => {
        if (!edges.some((e) => e.from === edge.from && e.to === edge.to)) edges.push(edge);
      };
      let known = false;
      // Namespaces differ between machines; a name alone still finds the file's dataset.
      const matches = (d: DatasetRef) => d.name === dataset.name && (d.namespace === dataset.namespace || !dataset.namespace);
      let node = datasetNode(dataset);
      for (const event of events) {
        const job = jobNode(event.job.namespace, event.job.name);
        for (const d of event.inputs ?? []) add({ from: datasetNode(d), to: job });
        for (const d of event.outputs ?? []) add({ from: job, to: datasetNode(d) });
        const hit = [...(event.inputs ?? []), ...(event.outputs ?? [])].find(matches);
        if (hit) {
          known = true;
          node = datasetNode(hit);
        }
      }
      return known ? traverse(node, edges, depth) : undefined;
    },
  };
}
