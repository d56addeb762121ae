/**
 * The dashboard's one door into the core: every report, table, provenance, lineage, tunnel and
 * refine call goes through here, so moving onto the core's library API (`listRuns`,
 * `readQualityReport`, `runRefine(request, control)`, ...) as it lands is a change to this file
 * alone. Nothing here parses a report or a table itself: it calls the readers the CLI uses.
 */
import type { ParsedArgs } from "../cli/parse.ts";
import type { Explanation } from "../enrich/explain-row.ts";
import type { PipelineEvent } from "../pipeline/events.ts";
import type { QualityReport } from "../pipeline/report.ts";
import type { RefineResult } from "../pipeline/types.ts";
import type { Resolved } from "../commands/lineage/_common.ts";
import type { RunEvent } from "../telemetry/lineage/types.ts";
import type { TableData } from "./table-query.ts";

export type { QualityReport } from "../pipeline/report.ts";
export type { Explanation } from "../enrich/explain-row.ts";
export type { PipelineEvent } from "../pipeline/events.ts";
export type { GraphResult, RunDetail, RunSummary as LineageRun } from "../telemetry/lineage/inspect/model.ts";
export { findReports, fingerprint, type FoundReport } from "./_catalogue.ts";

export type Env = Record<string, string | undefined>;

/** A report as read: the data, or why it could not be read (shown as a broken run). */
export type ReportRead<T> = { ok: true; report: T } | { ok: false; error: string };

export async function readQualityReport(path: string): Promise<ReportRead<QualityReport>> {
  return readJsonReport<QualityReport>(path, ["run_id", "total_records", "data_quality_distribution"]);
}

/** An enrich report (`<output>-enrich-report.json`): its fields are read where present. */
export async function readEnrichReport(path: string): Promise<ReportRead<Record<string, unknown>>> {
  return readJsonReport<Record<string, unknown>>(path, ["run_id"]);
}

async function readJsonReport<T>(path: string, required: string[]): Promise<ReportRead<T>> {
  let text: string;
  try {
    text = await Bun.file(path).text();
  } catch (error) {
    return { ok: false, error: `cannot read: ${(error as Error).message}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON (half-written?): ${(error as Error).message}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { ok: false, error: "not a report object" };
  const missing = required.filter((key) => !(key in value));
  if (missing.length > 0) return { ok: false, error: `not a report: missing ${missing.join(", ")}` };
  return { ok: true, report: value as T };
}

/** A refined or enriched table, read by the same reader `enrich` and `explain-provenance` use. */
export async function readTable(path: string): Promise<TableData> {
  const { readTable: read } = await import("../formats/index.ts");
  const table = await read(path);
  return { columns: table.columns, rows: table.rows };
}

export async function explainTableRow(dataset: string, table: TableData, index: number): Promise<Explanation | undefined> {
  const row = table.rows[index];
  if (!row) return undefined;
  const { explainCells } = await import("../enrich/explain-row.ts");
  return explainCells(dataset, table.columns, row);
}

/** Where lineage answers come from: the same order as `hotpass lineage` (flag, env, tunnel, log). */
export async function lineageSource(args: ParsedArgs, env: Env): Promise<Resolved> {
  const { resolveSource } = await import("../commands/lineage/_common.ts");
  return resolveSource(args, env as NodeJS.ProcessEnv);
}

/** The lineage run id a report's run id is recorded under (non-UUID ids are hashed). */
export async function lineageRunId(runId: string): Promise<string> {
  const { lineageRunId: id } = await import("../telemetry/lineage/runid.ts");
  return id(runId);
}

export interface TunnelRow {
  label: string;
  target: string;
  pid: number;
  alive: boolean;
  state: string;
  createdAt: string;
  uptimeSeconds: number | null;
  reconnects: number;
  forwards: { name: string; local: string; remote: string }[];
}

/** What `hotpass net status` lists, read without taking the store's lock. */
export async function tunnels(env: Env): Promise<{ path: string; rows: TunnelRow[] }> {
  const [{ tunnelsFile }, { peekTunnels, isAlive }] = await Promise.all([import("../net/paths.ts"), import("../net/store.ts")]);
  const path = tunnelsFile(env);
  const now = Date.now();
  const rows = peekTunnels(path).sessions.map((s): TunnelRow => {
    const alive = isAlive(s);
    return {
      label: s.label,
      target: `${s.user}@${s.host}:${s.port}`,
      pid: s.pid,
      alive,
      state: alive ? (s.state ?? "connected") : "stale",
      createdAt: s.created_at,
      uptimeSeconds: alive ? Math.max(0, Math.round((now - Date.parse(s.created_at)) / 1000)) : null,
      reconnects: s.reconnects ?? 0,
      forwards: s.forwards.map((f) => ({ name: f.name, local: `127.0.0.1:${f.local_port}`, remote: `${f.remote_host}:${f.remote_port}` })),
    };
  });
  return { path, rows };
}

export interface SpoolState {
  path: string;
  waiting: number;
  /** Where `hotpass lineage replay` would send them, when anywhere (credentials removed). */
  destination?: string;
  events: { eventType: string; eventTime: string; job: string; runId: string }[];
}

export async function lineageSpool(args: ParsedArgs, env: Env, limit = 50): Promise<SpoolState> {
  const [{ statePaths }, { readSpool }] = await Promise.all([import("../telemetry/lineage/config.ts"), import("../telemetry/lineage/spool.ts")]);
  const paths = statePaths(env);
  let events: RunEvent[] = [];
  try {
    events = readSpool(paths);
  } catch {
    events = [];
  }
  const { endpoint } = await lineageSource(args, env);
  const { redactUrl } = await import("../telemetry/options.ts");
  return {
    path: paths.spool,
    waiting: events.length,
    ...(endpoint ? { destination: redactUrl(endpoint.lineageUrl) } : {}),
    events: events.slice(0, limit).map((e) => ({ eventType: e.eventType, eventTime: e.eventTime, job: `${e.job.namespace}/${e.job.name}`, runId: e.run.runId })),
  };
}

export interface Endpoints {
  telemetry: { exporters: string[]; traces?: string; metrics?: string; headerNames: string[]; serviceName: string; problem?: string };
  lineage: { source: string; url?: string; eventLog: string };
}

/** The telemetry and lineage endpoints configured (flags, then environment): URLs without credentials, header names only. */
export async function endpoints(args: ParsedArgs, env: Env): Promise<Endpoints> {
  const [{ inputsFromArgs, resolveTelemetryOptions, redactUrl }, { statePaths }] = await Promise.all([
    import("../telemetry/options.ts"),
    import("../telemetry/lineage/config.ts"),
  ]);
  let telemetry: Endpoints["telemetry"];
  try {
    const options = resolveTelemetryOptions({ inputs: inputsFromArgs(args), env, machineStdout: true });
    const exporters = [...(options.console ? ["console"] : []), ...(options.otlp ? ["otlp"] : [])];
    telemetry = {
      exporters: exporters.length ? exporters : ["noop"],
      ...(options.otlp ? { traces: redactUrl(options.otlp.tracesUrl), metrics: redactUrl(options.otlp.metricsUrl) } : {}),
      headerNames: options.otlp ? Object.keys(options.otlp.headers) : [],
      serviceName: options.serviceName,
    };
  } catch (error) {
    telemetry = { exporters: [], headerNames: [], serviceName: "", problem: (error as Error).message };
  }
  const { source, endpoint } = await lineageSource(args, env);
  return {
    telemetry,
    lineage: { source: source.describe, ...(endpoint ? { url: redactUrl(endpoint.lineageUrl) } : {}), eventLog: statePaths(env).log },
  };
}

export async function profileNames(searchPath: string[]): Promise<string[]> {
  const { availableProfiles } = await import("../profiles/loader.ts");
  return availableProfiles(searchPath);
}

export interface RefineRequest {
  inputDir: string;
  outputPath: string;
  profile: string;
  profileSearchPath: string[];
}

export interface RefineControl {
  onEvent: (event: PipelineEvent) => void;
  /** The dashboard's own flags: telemetry and lineage for the run are configured as for refine. */
  args: ParsedArgs;
}

/**
 * One refine in this process, with the CLI's telemetry and lineage sessions, so the run lands in
 * dist/ and the lineage log like any other. Becomes `runRefine(request, { onEvent, surface:
 * "dashboard" })` once the core's library API is there.
 */
export async function runRefine(request: RefineRequest, control: RefineControl): Promise<RefineResult> {
  const [{ dirname }, { randomUUID }, { loadProfile }, { EventBus }, pipeline, { startTelemetry }, { startLineage }, { Logger }] = await Promise.all([
    import("node:path"),
    import("node:crypto"),
    import("../profiles/loader.ts"),
    import("../pipeline/events.ts"),
    import("../pipeline/run.ts"),
    import("../telemetry/session.ts"),
    import("../telemetry/lineage/session.ts"),
    import("../log/logger.ts"),
  ]);
  const profile = await loadProfile(request.profile, request.profileSearchPath);
  const runId = randomUUID();
  const logger = new Logger({ format: "text", runId });
  const telemetry = await startTelemetry({ command: "refine", args: control.args, profile, runId, logger });
  const lineage = await startLineage({ command: "refine", args: control.args, profile, runId, distDir: dirname(request.outputPath), logger });
  const bus = new EventBus([control.onEvent, telemetry.sink, lineage.sink]);
  let failure: unknown;
  try {
    return await pipeline.runRefine(
      {
        inputDir: request.inputDir,
        outputPath: request.outputPath,
        profile,
        runId,
        distDir: dirname(request.outputPath),
        countryCode: (profile.country_code ?? "ZA").toUpperCase(),
        qaMode: "default",
        archive: false,
        reportFormats: [],
        maxUncompressedBytes: 1024 * 1024 * 1024,
      },
      bus,
    );
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    await lineage.end();
    await telemetry.end(failure === undefined ? { exitCode: 0 } : { error: failure, exitCode: (failure as { exitCode?: number }).exitCode ?? 1 });
  }
}
