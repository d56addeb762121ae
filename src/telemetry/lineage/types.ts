/**
 * The OpenLineage 2-0-2 event shapes Hotpass emits (a typed subset of
 * https://openlineage.io/spec/2-0-2/OpenLineage.json). Facets stay open records: each is checked
 * against its own schema in the tests.
 */

export interface Facet {
  _producer: string;
  _schemaURL: string;
  [key: string]: unknown;
}

export type FacetMap = Record<string, Facet>;

export interface DatasetRef {
  namespace: string;
  name: string;
}

export interface InputDataset extends DatasetRef {
  facets?: FacetMap;
  inputFacets?: FacetMap;
}

export interface OutputDataset extends DatasetRef {
  facets?: FacetMap;
  outputFacets?: FacetMap;
}

export type EventType = "START" | "RUNNING" | "COMPLETE" | "ABORT" | "FAIL" | "OTHER";

export interface RunEvent {
  eventType: EventType;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets?: FacetMap };
  job: { namespace: string; name: string; facets?: FacetMap };
  inputs: InputDataset[];
  outputs: OutputDataset[];
}

/** `namespace/job/runId` as passed by an orchestrator in OPENLINEAGE_PARENT_ID. */
export interface ParentRef {
  namespace: string;
  job: string;
  runId: string;
}

/** Narrow an unknown JSON value to a run event (enough for reading logs and spools). */
export function isRunEvent(value: unknown): value is RunEvent {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<RunEvent>;
  return (
    typeof v.eventType === "string" &&
    typeof v.eventTime === "string" &&
    typeof v.run?.runId === "string" &&
    typeof v.job?.namespace === "string" &&
    typeof v.job?.name === "string"
  );
}
