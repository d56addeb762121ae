/**
 * The one place the MCP server reaches into Hotpass. Every tool and resource calls these
 * functions and nothing else of the pipeline, so moving onto the library API (`src/index.ts`:
 * `runRefine(request, control)`, `runEnrich`, `listRuns`, the lineage queries, the profile
 * registry, doctor) changes this file alone.
 *
 * Settings that belong to the server, not to a call (telemetry and lineage flags, the profile
 * search path) arrive as `ServerSettings`, resolved once when the server starts.
 */
import { usageError } from "../errors.ts";
import type { Explanation } from "../enrich/explain.ts";
import type { EnrichResult } from "../enrich/types.ts";
import type { Table } from "../formats/index.ts";
import { Logger, type LogFormat } from "../log/logger.ts";
import type { PipelineEvent } from "../pipeline/events.ts";
import type { QualityReport } from "../pipeline/report.ts";
import type { QaMode, RefineResult, ReportFormat } from "../pipeline/types.ts";
import type { RunIo } from "../run/io.ts";
import type { LineageInputs } from "../telemetry/lineage/config.ts";
import type { GraphResult, RunDetail, RunSummary as LineageRunSummary } from "../telemetry/lineage/inspect/model.ts";
import type { TelemetryInputs } from "../telemetry/options.ts";

export type { Explanation, EnrichResult, GraphResult, LineageRunSummary, PipelineEvent, QualityReport, RefineResult, RunDetail, Table };

/** A run found under the roots, as the tools and resources show it. */
export interface RunSummary {
  run_id: string;
  /** qa: a `hotpass qa` check of a table (it wrote a quality report, not the table). */
  kind: "refine" | "enrich" | "qa";
  /** passed, warning (expectations failed), failed (strict or a lineage FAIL), broken (unreadable report). */
  status: "passed" | "warning" | "failed" | "broken";
  profile: string | null;
  started_at: string | null;
  finished_at: string | null;
  output_path: string | null;
  /** Absent for a run known only from its lineage FAIL (it wrote no report). */
  report_path: string | null;
  records: number | null;
  quality_score_mean: number | null;
  expectations_failed: number | null;
  /** Why a report could not be read, or the error of a failed run. */
  problem: string | null;
}

export interface ServerSettings {
  /** The server's telemetry and lineage flags, for every run it starts. */
  telemetry: TelemetryInputs;
  lineage: LineageInputs;
  logFormat: LogFormat;
  debug: boolean;
  env: Record<string, string | undefined>;
  profileSearchPath: string[];
  /** Where `.hotpass/lookups/` is looked for by enrich (the first root). */
  home: string;
}

export interface RunControl {
  signal?: AbortSignal;
  onEvent?: (event: PipelineEvent) => void;
  /** Warnings of the run (they are part of the tool's answer, not of stdout). */
  onWarning?: (message: string) => void;
}

export interface RefineRequest {
  inputDir: string;
  outputPath: string;
  distDir?: string;
  profile?: string;
  countryCode?: string;
  qaMode?: QaMode;
  archive?: boolean;
  reportFormats?: ReportFormat[];
}

export interface EnrichRequest {
  inputPath: string;
  outputPath: string;
  profile?: string;
  allowNetwork: boolean;
  confidenceThreshold?: number;
  lookupPath?: string;
}

/** How a run started by a tool reports: every line on stderr, its events to the tool. */
function runIo(settings: ServerSettings, control: RunControl): RunIo {
  const forward = (event: PipelineEvent): void => {
    control.onEvent?.(event);
    if (event.name === "warning") control.onWarning?.(event.data.message);
  };
  return {
    logger: new Logger({ format: settings.logFormat, debug: settings.debug, write: (line) => process.stderr.write(line) }),
    sinks: [forward],
    signal: control.signal,
    surface: "mcp",
    env: settings.env,
    machineStdout: true,
  };
}

export async function runRefine(request: RefineRequest, control: RunControl, settings: ServerSettings): Promise<RefineResult> {
  const { refine } = await import("../run/refine.ts");
  return refine(
    {
      inputDir: request.inputDir,
      outputPath: request.outputPath,
      distDir: request.distDir,
      profile: request.profile,
      profileSearchPath: settings.profileSearchPath,
      countryCode: request.countryCode,
      qaMode: request.qaMode,
      archive: request.archive,
      reportFormats: request.reportFormats,
      telemetry: settings.telemetry,
      lineage: settings.lineage,
    },
    runIo(settings, control),
  );
}

export async function runEnrich(request: EnrichRequest, control: RunControl, settings: ServerSettings): Promise<EnrichResult> {
  const { enrich } = await import("../run/enrich.ts");
  return enrich(
    {
      input: request.inputPath,
      output: request.outputPath,
      profile: request.profile,
      profileSearchPath: settings.profileSearchPath,
      allowNetwork: request.allowNetwork,
      confidenceThreshold: request.confidenceThreshold,
      lookup: request.lookupPath,
      telemetry: settings.telemetry,
      lineage: settings.lineage,
      cwd: settings.home,
    },
    runIo(settings, control),
  );
}

export interface QaRequest {
  table: string;
  profile?: string;
  qaMode?: QaMode;
  reportFormats?: ReportFormat[];
}

/** `hotpass qa` on an existing table: refine's expectations and contract, a quality report beside it. */
export async function runQa(request: QaRequest, control: RunControl, settings: ServerSettings) {
  const { qa } = await import("../ops/qa/index.ts");
  return qa(
    { table: request.table, profile: request.profile, profileSearchPath: settings.profileSearchPath, qaMode: request.qaMode, reportFormats: request.reportFormats, telemetry: settings.telemetry, cwd: settings.home },
    runIo(settings, control),
  );
}

/** Reads a table (the server keeps what it read in its own cache). */
export async function readTable(path: string): Promise<Table> {
  return (await import("../formats/index.ts")).readTable(path);
}

/** The IANA media type of a table file, and whether it is UTF-8 text (from the format registry). */
export async function mediaTypeOf(path: string): Promise<{ mediaType: string; textual: boolean }> {
  const format = (await import("../formats/index.ts")).formatOf(path);
  return format ? { mediaType: format.mediaType, textual: format.textual } : { mediaType: "application/octet-stream", textual: false };
}

/** One organisation's provenance from a table already read, with its text rendering. */
export async function explainProvenance(table: Table, slug: string): Promise<{ explanation: Explanation; text: string }> {
  const { explainRow, renderExplanation } = await import("../enrich/explain.ts");
  const explanation = explainRow(table, slug);
  return { explanation, text: renderExplanation(explanation) };
}

/** A quality report; a usage error (exit 2) naming the file when it is missing or not one. */
export async function readQualityReport(path: string): Promise<QualityReport> {
  return (await import("../runs/reports.ts")).readQualityReport(path);
}

/** The refine, enrich and qa runs whose reports (or lineage FAILs) lie under `folders`, newest first. */
export async function listRuns(folders: readonly string[], env: Record<string, string | undefined>): Promise<RunSummary[]> {
  const runs = await (await import("../runs/catalog.ts")).listRuns(folders, { env });
  return runs.map((run) => ({
    run_id: run.runId,
    kind: run.command,
    status: run.status,
    profile: run.profile ?? null,
    started_at: run.startedAt ?? null,
    finished_at: run.finishedAt ?? null,
    output_path: run.outputPath ?? null,
    report_path: run.reportPath ?? null,
    records: run.records ?? null,
    quality_score_mean: run.qualityMean ?? null,
    expectations_failed: run.expectationsFailed ?? null,
    problem: run.problem ?? null,
  }));
}

const query = (settings: ServerSettings) => ({ lineageUrl: settings.lineage.lineageUrl, lineageFile: settings.lineage.lineageFile, env: settings.env });

export async function lineageRuns(settings: ServerSettings, options: { job?: string; limit: number }): Promise<{ source: string; runs: LineageRunSummary[]; text: string }> {
  const { lineageRuns: runs } = await import("../telemetry/lineage/inspect/queries.ts");
  const answer = await runs({ ...query(settings), job: options.job, limit: options.limit });
  const { runsTable } = await import("../telemetry/lineage/inspect/render.ts");
  return { source: answer.source, runs: answer.runs, text: runsTable(answer.runs) };
}

/** One lineage run; a usage error when the source does not know it. */
export async function lineageRun(settings: ServerSettings, runId: string): Promise<{ source: string; run: RunDetail; text: string }> {
  const { lineageRun: show } = await import("../telemetry/lineage/inspect/queries.ts");
  const answer = await show(runId, query(settings)).catch((error: unknown) => {
    throw usageError(`unknown run '${runId}': ${error instanceof Error ? error.message : String(error)}`, "call hotpass_lineage_show without run_id to list the recent runs");
  });
  const { runText } = await import("../telemetry/lineage/inspect/render.ts");
  return { source: answer.source, run: answer.run, text: runText(answer.run) };
}

/** What a dataset was made from and what was made from it; a usage error when it is unknown. */
export async function lineageGraph(settings: ServerSettings, dataset: { namespace?: string; name: string }, depth: number): Promise<{ source: string; graph: GraphResult; text: string }> {
  const { lineageGraph: graphOf } = await import("../telemetry/lineage/inspect/queries.ts");
  const id = dataset.namespace ? `dataset:${dataset.namespace}:${dataset.name}` : dataset.name;
  const { source, note: _, ...graph } = await graphOf(id, { ...query(settings), depth });
  const { graphTable } = await import("../telemetry/lineage/inspect/render.ts");
  return { source, graph, text: graphTable(graph) };
}

export type { ProfileListing } from "../profiles/index.ts";

/** Every profile reachable from the search path and the bundle (an invalid one is listed with its problem). */
export async function listProfiles(searchPath: string[]) {
  return (await import("../profiles/index.ts")).listProfiles(searchPath);
}

/** A profile file or name checked: never throws for a missing or invalid profile, the verdict says why. */
export async function validateProfile(nameOrPath: string, searchPath: string[]) {
  return (await import("../profiles/index.ts")).validateProfile(nameOrPath, searchPath);
}

export interface DoctorRequest {
  profile?: string;
  inputDir: string;
  outputPath: string;
  distDir?: string;
}

/** `hotpass doctor`'s checks, with the server's own telemetry and lineage settings. */
export async function runDoctor(request: DoctorRequest, settings: ServerSettings) {
  const { runDoctor: doctor, summarise } = await import("../ops/doctor/index.ts");
  const checks = await doctor({
    profile: request.profile,
    profileSearchPath: settings.profileSearchPath,
    inputDir: request.inputDir,
    outputPath: request.outputPath,
    distDir: request.distDir,
    telemetry: settings.telemetry,
    lineage: settings.lineage,
    env: settings.env,
    cwd: settings.home,
  });
  return { checks, ...summarise(checks) };
}

/** The bundled profiles' YAML text, by name. */
export async function bundledProfiles(): Promise<Readonly<Record<string, string>>> {
  return (await import("../profiles/bundled/index.ts")).BUNDLED_PROFILES;
}

export interface TunnelStatus {
  label: string;
  host: string;
  port: number;
  user: string;
  pid: number;
  alive: boolean;
  state: string;
  created_at: string;
  reconnects: number;
  forwards: { name: string; local_port: number; remote_host: string; remote_port: number }[];
}

/** The tunnels `hotpass net` holds (read only: nothing is pruned). */
export async function netStatus(env: Record<string, string | undefined>): Promise<{ path: string; tunnels: TunnelStatus[] }> {
  const [{ tunnelsFile }, { isAlive, TunnelStore }] = await Promise.all([import("../net/paths.ts"), import("../net/store.ts")]);
  const warnings: string[] = [];
  const store = new TunnelStore(tunnelsFile(env), (message) => warnings.push(message));
  const doc = await store.read();
  const tunnels = doc.sessions.map((s) => {
    const alive = isAlive(s);
    return {
      label: s.label,
      host: s.host,
      port: s.port,
      user: s.user,
      pid: s.pid,
      alive,
      state: alive ? (s.state ?? "connected") : "stale",
      created_at: s.created_at,
      reconnects: s.reconnects ?? 0,
      forwards: s.forwards.map((f) => ({ name: f.name, local_port: f.local_port, remote_host: f.remote_host, remote_port: f.remote_port })),
    };
  });
  return { path: store.path, tunnels };
}
