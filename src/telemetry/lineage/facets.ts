/**
 * Facet builders. Every facet carries `_producer` (this build of Hotpass) and `_schemaURL` (the
 * `$id` of the official facet schema it follows, plus the JSON pointer to its definition), so a
 * consumer can validate each one on its own.
 */
import { pathToFileURL } from "node:url";
import { VERSION } from "../../version.ts";
import type { ExpectationResult } from "../../pipeline/events.ts";
import type { Facet, ParentRef } from "./types.ts";

/** Who produced the events: the source tree of this exact version. */
export const PRODUCER = `https://github.com/hotpass/hotpass/tree/v${VERSION}`;
export const EVENT_SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

const FACETS = "https://openlineage.io/spec/facets";

/** Facet key -> schema URL. The versions are those of the schemas kept in shared/openlineage. */
export const FACET_SCHEMAS = {
  jobType: `${FACETS}/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet`,
  processing_engine: `${FACETS}/1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet`,
  nominalTime: `${FACETS}/1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet`,
  parent: `${FACETS}/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet`,
  errorMessage: `${FACETS}/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet`,
  schema: `${FACETS}/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet`,
  dataSource: `${FACETS}/1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet`,
  inputStatistics: `${FACETS}/1-0-0/InputStatisticsInputDatasetFacet.json#/$defs/InputStatisticsInputDatasetFacet`,
  outputStatistics: `${FACETS}/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet`,
  dataQualityMetrics: `${FACETS}/1-0-0/DataQualityMetricsDatasetFacet.json#/$defs/DataQualityMetricsDatasetFacet`,
  dataQualityAssertions: `${FACETS}/1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet`,
  /** Hotpass's own run facet; the schema lives in this repository (schemas/HotpassRunFacet.json). */
  hotpass:
    "https://raw.githubusercontent.com/hotpass/hotpass/main/src/telemetry/lineage/schemas/HotpassRunFacet.json#/$defs/HotpassRunFacet",
} as const;

export type FacetKey = keyof typeof FACET_SCHEMAS;

function facet(key: FacetKey, body: Record<string, unknown>): Facet {
  return { _producer: PRODUCER, _schemaURL: FACET_SCHEMAS[key], ...body };
}

export function jobTypeFacet(): Facet {
  return facet("jobType", { processingType: "BATCH", integration: "HOTPASS", jobType: "JOB" });
}

export function processingEngineFacet(): Facet {
  return facet("processing_engine", { name: "hotpass", version: VERSION, openlineageAdapterVersion: VERSION });
}

export function nominalTimeFacet(startedAt: number): Facet {
  return facet("nominalTime", { nominalStartTime: new Date(startedAt).toISOString() });
}

export function parentFacet(parent: ParentRef, root?: ParentRef): Facet {
  const body: Record<string, unknown> = {
    run: { runId: parent.runId },
    job: { namespace: parent.namespace, name: parent.job },
  };
  if (root) body.root = { run: { runId: root.runId }, job: { namespace: root.namespace, name: root.job } };
  return facet("parent", body);
}

export function errorMessageFacet(message: string): Facet {
  return facet("errorMessage", { message, programmingLanguage: "TypeScript" });
}

export interface HotpassFacetBody {
  command: "refine" | "enrich";
  runId: string;
  profile: string;
  profileOrigin?: string;
  surface?: string;
  outputPath?: string;
  qualityScoreMean?: number;
  totalRecords?: number;
  invalidRecords?: number;
  expectationsPassed?: boolean;
  durationSeconds?: number;
}

export function hotpassFacet(body: HotpassFacetBody): Facet {
  const clean = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
  return facet("hotpass", { ...clean, version: VERSION });
}

export interface SchemaField {
  name: string;
  type?: string;
  ordinal_position?: number;
  fields?: SchemaField[];
}

export function schemaFacet(fields: SchemaField[]): Facet {
  return facet("schema", { fields });
}

/** The data source of a local file: the host's file system, and the file's own URI. */
export function dataSourceFacet(namespace: string, path: string): Facet {
  return facet("dataSource", { name: namespace, uri: `${namespace}${pathToFileURL(path).pathname}` });
}

export function inputStatisticsFacet(stats: { rowCount: number; size?: number; fileCount?: number }): Facet {
  return facet("inputStatistics", withoutUndefined(stats));
}

export function outputStatisticsFacet(stats: { rowCount: number; size?: number; fileCount?: number }): Facet {
  return facet("outputStatistics", withoutUndefined(stats));
}

export function dataQualityMetricsFacet(rowCount: number, bytes: number | undefined, nullCounts: Record<string, number>): Facet {
  const columnMetrics = Object.fromEntries(Object.entries(nullCounts).map(([column, n]) => [column, { nullCount: n }]));
  return facet("dataQualityMetrics", withoutUndefined({ rowCount, bytes, columnMetrics }));
}

/** Each expectation as an assertion; `success` is whether the rule held (within its `mostly`). */
export function dataQualityAssertionsFacet(results: ExpectationResult[]): Facet {
  const assertions = results.map((r) =>
    withoutUndefined({
      assertion: r.rule,
      success: r.success,
      column: r.column,
      name: r.column ? `${r.rule}:${r.column}` : r.rule,
      description: r.message,
      expected: r.mostly === undefined ? undefined : `mostly ${r.mostly}`,
      actual: `${r.failed} of ${r.total} rows failed`,
      params: { scope: r.scope, failed: r.failed, total: r.total, ...(r.mostly === undefined ? {} : { mostly: r.mostly }) },
    }),
  );
  return facet("dataQualityAssertions", { assertions });
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
