/**
 * The dashboard's one door into the core: every report, table, provenance, lineage, tunnel and
 * refine call goes through here, so moving onto the core's library API (`listRuns`,
 * `readQualityReport`, `runRefine(request, control)`, ...) as it lands is a change to this file
 * alone. Nothing here parses a report or a table itself: it calls the readers the CLI uses.
 */
import type { Explanation } from "../enrich/explain-row.ts";
import type { PipelineEvent } from "../pipeline/events.ts";
import type { QualityReport } from "../pipeline/report.ts";
import type { EnrichReport } from "../enrich/report.ts";
import type { RunSummary as CoreRunSummary } from "../runs/catalog.ts";
import type { RefineResult } from "../pipeline/types.ts";
import type { QaResult } from "../ops/qa/index.ts";
import type { LineageInputs } from "../telemetry/lineage/config.ts";
import type { ResolvedSource } from "../telemetry/lineage/inspect/queries.ts";
import type { TelemetryInputs } from "../telemetry/options.ts";
import type { RunEvent } from "../telemetry/lineage/types.ts";
import type { SpillFile } from "./spill.ts";
import type { ColumnStore } from "./store.ts";
import type { TableSource } from "./table-query.ts";

export type { QualityReport } from "../pipeline/report.ts";
export type { Explanation } from "../enrich/explain-row.ts";
export type { PipelineEvent } from "../pipeline/events.ts";
export type { GraphResult, RunDetail, RunSummary as LineageRun } from "../telemetry/lineage/inspect/model.ts";
export { runsFingerprint } from "./watch.ts";
export type { RunSummary as CoreRunSummary, RunStatus } from "../runs/catalog.ts";

export type Env = Record<string, string | undefined>;

/** The dashboard command's telemetry and lineage flags, for the runs and queries it makes. */
export interface DashboardSettings {
  telemetry: TelemetryInputs;
  lineage: LineageInputs;
  /** Lineage job namespace (default HOTPASS_LINEAGE_NAMESPACE or hotpass.local). */
  namespace?: string;
}

/** A report as read: the data, or why it could not be read (shown as a broken run). */
export type ReportRead<T> = { ok: true; report: T } | { ok: false; error: string };

/** Every run in the dist folders, newest first: the core's catalogue (reports, and failed runs from the lineage log). */
export async function listRuns(distDirs: readonly string[], env: Env): Promise<CoreRunSummary[]> {
  const { listRuns: list } = await import("../runs/catalog.ts");
  return list(distDirs, { env });
}

export async function readQualityReport(path: string): Promise<ReportRead<QualityReport>> {
  const { readQualityReport: read } = await import("../runs/reports.ts");
  return read(path).then(
    (report) => ({ ok: true, report }),
    (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
}

export async function readEnrichReport(path: string): Promise<ReportRead<EnrichReport>> {
  const { readEnrichReport: read } = await import("../runs/reports.ts");
  return read(path).then(
    (report) => ({ ok: true, report }),
    (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
}

const COLLECT_EVERY_CELLS = 25_000;

/**
 * A refined or enriched table, streamed by the reader `enrich` and `explain-provenance` use
 * (`scanTable`) into the dashboard's compact column store; its text into `spill` when given
 * (the caller owns the file and removes it).
 */
export async function readTableStore(path: string, spill?: SpillFile): Promise<ColumnStore> {
  const [{ scanTable }, { StoreBuilder }] = await Promise.all([import("../formats/index.ts"), import("./store.ts")]);
  let builder: InstanceType<typeof StoreBuilder> | undefined;
  let cells = 0;
  // Each row is as long as the header, whose names `scanTable` reports at the end.
  const scan = await scanTable(path, (row) => {
    builder ??= new StoreBuilder(row.length, spill);
    builder.add(row);
    // The reader's cells (and an .xlsx reader's inflated XML) are garbage as soon as they are
    // stored; collecting every 25,000 cells keeps the peak near what is kept (bench/dashboard.ts;
    // every 100,000 let the 100,000-row .xlsx read peak some 18 MiB higher, in about the same time).
    cells += row.length;
    if (cells >= COLLECT_EVERY_CELLS) {
      cells = 0;
      Bun.gc(true);
    }
  });
  const store = (builder ?? new StoreBuilder(scan.columns.length, spill)).done(scan.columns);
  // What the read left behind goes before the queries add their own.
  Bun.gc(true);
  return store;
}

let collecting: ReturnType<typeof setTimeout> | undefined;

/**
 * A query over a cached table leaves its keys and matches behind (a sort by name, 100,000
 * strings); collecting once the answer is sent keeps the server near what the tables hold
 * instead of growing by ~10 MiB a query until the collector decides to run (bench/dashboard.ts).
 * A full collection of the small heap left takes a few milliseconds; one at a time.
 */
export function collectSoon(): void {
  collecting ??= setTimeout(() => {
    collecting = undefined;
    Bun.gc(true);
  }, 0);
}

export async function explainTableRow(dataset: string, table: TableSource, index: number): Promise<Explanation | undefined> {
  if (index < 0 || index >= table.rowCount || !Number.isInteger(index)) return undefined;
  // The row is read before waiting: the table may be dropped from the cache meanwhile.
  const cells = table.row(index);
  const { explainCells } = await import("../enrich/explain-row.ts");
  return explainCells(dataset, table.columns, cells);
}

/** Where lineage answers come from: the same order as `hotpass lineage` (flag, env, tunnel, log). */
export async function lineageSource(settings: DashboardSettings, env: Env): Promise<ResolvedSource> {
  const { resolveSource } = await import("../telemetry/lineage/inspect/queries.ts");
  return resolveSource({ lineageUrl: settings.lineage.lineageUrl, lineageFile: settings.lineage.lineageFile, namespace: settings.namespace, env });
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

export async function lineageSpool(settings: DashboardSettings, env: Env, limit = 50): Promise<SpoolState> {
  const [{ statePaths }, { readSpool }] = await Promise.all([import("../telemetry/lineage/config.ts"), import("../telemetry/lineage/spool.ts")]);
  const paths = statePaths(env);
  let events: RunEvent[] = [];
  try {
    events = readSpool(paths);
  } catch {
    events = [];
  }
  const { endpoint } = await lineageSource(settings, env);
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
export async function endpoints(settings: DashboardSettings, env: Env): Promise<Endpoints> {
  const [{ resolveTelemetryOptions, redactUrl }, { statePaths }] = await Promise.all([
    import("../telemetry/options.ts"),
    import("../telemetry/lineage/config.ts"),
  ]);
  let telemetry: Endpoints["telemetry"];
  try {
    const options = resolveTelemetryOptions({ inputs: settings.telemetry, env, machineStdout: true });
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
  const { source, endpoint } = await lineageSource(settings, env);
  return {
    telemetry,
    lineage: { source: source.describe, ...(endpoint ? { url: redactUrl(endpoint.lineageUrl) } : {}), eventLog: statePaths(env).log },
  };
}

export interface DoctorLine {
  name: string;
  status: "pass" | "warn" | "fail";
  message: string;
  fix?: string;
}

/** `hotpass doctor`'s checks for the dashboard's settings (its flags and environment); never throws, never shows a secret. */
export async function doctor(settings: DashboardSettings, env: Env, distDir: string): Promise<DoctorLine[]> {
  const [{ runDoctor }, { join }] = await Promise.all([import("../ops/doctor/index.ts"), import("node:path")]);
  return runDoctor({ outputPath: join(distDir, "refined.xlsx"), distDir, telemetry: settings.telemetry, lineage: settings.lineage, env });
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
  settings: DashboardSettings;
}

/** One refine in this process through the core's run lifecycle (surface "dashboard"), so the run lands in dist/ and the lineage log like any other. */
export async function runRefine(request: RefineRequest, control: RefineControl): Promise<RefineResult> {
  const [{ refine }, { Logger }] = await Promise.all([import("../run/refine.ts"), import("../log/logger.ts")]);
  return refine(
    {
      inputDir: request.inputDir,
      outputPath: request.outputPath,
      profile: request.profile,
      profileSearchPath: request.profileSearchPath,
      telemetry: control.settings.telemetry,
      lineage: control.settings.lineage,
    },
    {
      logger: new Logger({ format: "text", write: (line) => process.stderr.write(line) }),
      sinks: [control.onEvent],
      surface: "dashboard",
      env: process.env,
      machineStdout: true,
    },
  );
}

export interface QaCheckRequest {
  table: string;
  profile: string;
  profileSearchPath: string[];
  qaMode: "default" | "strict";
}

/**
 * `hotpass qa` on a table in this process: the library's qa entry (the one the CLI command and the
 * MCP server call), surface "dashboard", the dashboard's telemetry flags; the report lands beside
 * the table, so the check appears in Runs. `signal` is the request's: qa stops at its next check of it.
 */
export async function runQa(request: QaCheckRequest, control: { signal: AbortSignal; settings: DashboardSettings }): Promise<QaResult> {
  const [{ qa }, { Logger }] = await Promise.all([import("../ops/qa/index.ts"), import("../log/logger.ts")]);
  return qa(
    { table: request.table, profile: request.profile, profileSearchPath: request.profileSearchPath, qaMode: request.qaMode, telemetry: control.settings.telemetry },
    {
      logger: new Logger({ format: "text", write: (line) => process.stderr.write(line) }),
      sinks: [],
      signal: control.signal,
      surface: "dashboard",
      env: process.env,
      machineStdout: true,
    },
  );
}
