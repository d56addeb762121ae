/**
 * Builds the OpenLineage run events of one Hotpass run from what the run has reported so far.
 * Pure functions: the recorder gathers the facts from the event stream, these shape them.
 *
 * @example
 * const start = buildRunEvent("START", facts, Date.now());
 */
import type { ExpectationResult } from "../../pipeline/events.ts";
import {
  EVENT_SCHEMA_URL,
  PRODUCER,
  dataQualityAssertionsFacet,
  dataQualityMetricsFacet,
  dataSourceFacet,
  errorMessageFacet,
  hotpassFacet,
  inputStatisticsFacet,
  jobTypeFacet,
  nominalTimeFacet,
  outputStatisticsFacet,
  parentFacet,
  processingEngineFacet,
  schemaFacet,
  type SchemaField,
} from "./facets.ts";
import type { EventType, FacetMap, InputDataset, OutputDataset, ParentRef, RunEvent } from "./types.ts";

export interface InputFile {
  /** Absolute path of the workbook. */
  path: string;
  /** Sheets read from it, in order (a CSV has one, named after the file). */
  sheets: { sheet: string; rows: number; columns: string[] }[];
  /** A single table read as a whole (enrich's input): its columns and rows, no sheet level. */
  table?: { rows: number; columns: string[] };
  /** Size on disk, when it could be read. */
  bytes?: number;
  /** Source expectations checked on this workbook's sheets. */
  assertions: ExpectationResult[];
}

export interface OutputFile {
  path: string;
  format: string;
  rows: number;
  bytes?: number;
  columns: string[];
  nullCounts: Record<string, number>;
  assertions: ExpectationResult[];
}

export interface RunFacts {
  command: "refine" | "enrich";
  /** The OpenLineage run id (a UUID). */
  runId: string;
  /** The run id as hotpass knows it (equal to runId unless --run-id was not a UUID). */
  hotpassRunId: string;
  /** Job namespace (HOTPASS_LINEAGE_NAMESPACE). */
  namespace: string;
  jobName: string;
  /** Namespace of local-file datasets, `file://<host>`. */
  datasetNamespace: string;
  profile: string;
  profileOrigin?: string;
  /** Where the run was started: cli, dashboard, mcp or library. */
  surface?: string;
  /** The output the run writes (absolute), known from its start, so a FAIL names it too. */
  outputPath?: string;
  /** When the run started (ms since the epoch): the nominal start time. */
  startedAt: number;
  parent?: ParentRef;
  root?: ParentRef;
  inputs: InputFile[];
  output?: OutputFile;
  summary?: {
    qualityScoreMean?: number;
    totalRecords?: number;
    invalidRecords?: number;
    expectationsPassed?: boolean;
    durationSeconds?: number;
  };
  error?: string;
}

export function buildRunEvent(eventType: EventType, facts: RunFacts, at: number): RunEvent {
  const runFacets: FacetMap = {
    processing_engine: processingEngineFacet(),
    nominalTime: nominalTimeFacet(facts.startedAt),
    hotpass: hotpassFacet({
      command: facts.command,
      runId: facts.hotpassRunId,
      profile: facts.profile,
      profileOrigin: facts.profileOrigin,
      surface: facts.surface,
      outputPath: facts.outputPath,
      ...(eventType === "START" ? {} : facts.summary),
    }),
  };
  if (facts.parent) runFacets.parent = parentFacet(facts.parent, facts.root);
  if (eventType === "FAIL") runFacets.errorMessage = errorMessageFacet(facts.error ?? "the run failed");

  const finished = eventType === "COMPLETE" || eventType === "FAIL";
  return {
    eventType,
    eventTime: new Date(at).toISOString(),
    producer: PRODUCER,
    schemaURL: EVENT_SCHEMA_URL,
    run: { runId: facts.runId, facets: runFacets },
    job: { namespace: facts.namespace, name: facts.jobName, facets: { jobType: jobTypeFacet() } },
    inputs: facts.inputs.map((input) => inputDataset(facts.datasetNamespace, input, finished)),
    // A failed run wrote nothing (writes are atomic), so only a completed run names its output.
    outputs: eventType === "COMPLETE" && facts.output ? [outputDataset(facts.datasetNamespace, facts.output)] : [],
  };
}

function inputDataset(namespace: string, input: InputFile, withAssertions: boolean): InputDataset {
  const facets: FacetMap = { dataSource: dataSourceFacet(namespace, input.path) };
  if (input.table) facets.schema = schemaFacet(input.table.columns.map((name, i) => ({ name, ordinal_position: i + 1 })));
  else if (input.sheets.length > 0) facets.schema = schemaFacet(sheetFields(input));
  if (withAssertions && input.assertions.length > 0) facets.dataQualityAssertions = dataQualityAssertionsFacet(input.assertions);
  const rowCount = input.table?.rows ?? input.sheets.reduce((sum, s) => sum + s.rows, 0);
  return {
    namespace,
    name: input.path,
    facets,
    inputFacets: { inputStatistics: inputStatisticsFacet({ rowCount, size: input.bytes, fileCount: 1 }) },
  };
}

/** A workbook's schema: one struct field per sheet, its header cells as nested fields. */
function sheetFields(input: InputFile): SchemaField[] {
  return input.sheets.map((sheet, i) => ({
    name: sheet.sheet,
    type: "SHEET",
    ordinal_position: i + 1,
    fields: sheet.columns.map((column, j) => ({ name: column === "" ? `(column ${j + 1})` : column, ordinal_position: j + 1 })),
  }));
}

function outputDataset(namespace: string, output: OutputFile): OutputDataset {
  const facets: FacetMap = {
    dataSource: dataSourceFacet(namespace, output.path),
    schema: schemaFacet(output.columns.map((name, i) => ({ name, ordinal_position: i + 1 }))),
    dataQualityMetrics: dataQualityMetricsFacet(output.rows, output.bytes, output.nullCounts),
  };
  if (output.assertions.length > 0) facets.dataQualityAssertions = dataQualityAssertionsFacet(output.assertions);
  return {
    namespace,
    name: output.path,
    facets,
    outputFacets: { outputStatistics: outputStatisticsFacet({ rowCount: output.rows, size: output.bytes, fileCount: 1 }) },
  };
}
