/**
 * The one place the MCP server reaches into Hotpass. Every tool and resource calls these
 * functions and nothing else of the pipeline, so moving onto the library API (`src/index.ts`:
 * `runRefine(request, control)`, `runEnrich`, `listRuns`, the lineage queries, the profile
 * registry) changes this file alone.
 *
 * Settings that belong to the server, not to a call (telemetry and lineage flags, the profile
 * search path) arrive as `ServerSettings`, resolved once when the server starts.
 */
import { randomUUID } from "node:crypto";
import { dirname } from "node:path";
import type { ParsedArgs } from "../cli/parse.ts";
import { HotpassError, usageError } from "../errors.ts";
import type { Explanation } from "../enrich/explain.ts";
import type { EnrichResult } from "../enrich/types.ts";
import type { Table } from "../formats/index.ts";
import { Logger, type LogFormat } from "../log/logger.ts";
import type { PipelineEvent } from "../pipeline/events.ts";
import type { QualityReport } from "../pipeline/report.ts";
import type { QaMode, RefineResult, ReportFormat } from "../pipeline/types.ts";
import type { GraphResult, RunDetail, RunSummary as LineageRunSummary } from "../telemetry/lineage/inspect/model.ts";

export type { Explanation, EnrichResult, GraphResult, LineageRunSummary, PipelineEvent, QualityReport, RefineResult, RunDetail, Table };
export type { RunSummary } from "./runs.ts";

export interface ServerSettings {
  /** The server's own parsed flags: telemetry, lineage, logging. */
  args: ParsedArgs;
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

const cancelled = () => new HotpassError("the run was cancelled", { exitCode: 1, hint: "nothing was written; call the tool again to rerun" });

/** A logger for one run: every line on stderr, in the server's --log-format. */
function runLogger(settings: ServerSettings, runId: string): Logger {
  const format = (settings.args.values["log-format"] ?? "text") as LogFormat;
  return new Logger({ format, debug: settings.args.values.debug === true, runId, write: (line) => process.stderr.write(line) });
}

/** The server's flags plus `hotpass.surface=mcp` on the telemetry resource. */
function surfaceArgs(args: ParsedArgs): ParsedArgs {
  const attrs = args.values["telemetry-resource-attr"];
  return { ...args, values: { ...args.values, "telemetry-resource-attr": [...(Array.isArray(attrs) ? attrs : []), "hotpass.surface=mcp"] } };
}

/**
 * One run with telemetry and lineage as the CLI wires them (the lifecycle core is making one
 * helper of), the run's events forwarded to `control`.
 */
async function instrumentedRun<T>(
  command: "refine" | "enrich",
  settings: ServerSettings,
  profile: import("../profiles/types.ts").Profile,
  runId: string,
  distDir: string,
  control: RunControl,
  work: (bus: import("../pipeline/events.ts").EventBus) => Promise<T>,
): Promise<T> {
  if (control.signal?.aborted) throw cancelled();
  const [{ EventBus }, { startTelemetry }, { startLineage }] = await Promise.all([
    import("../pipeline/events.ts"),
    import("../telemetry/session.ts"),
    import("../telemetry/lineage/session.ts"),
  ]);
  const logger = runLogger(settings, runId);
  const args = surfaceArgs(settings.args);
  const telemetry = await startTelemetry({ command, args, profile, runId, logger, env: settings.env, machineStdout: true });
  logger.traceId = () => telemetry.traceId();
  const lineage = await startLineage({ command, args, profile, runId, distDir, logger, env: settings.env });
  const forward = (event: PipelineEvent): void => {
    control.onEvent?.(event);
    if (event.name === "warning") control.onWarning?.((event.data as { message: string }).message);
  };
  const bus = new EventBus([telemetry.sink, lineage.sink, forward]);
  let failure: { error: unknown; exitCode: number } | undefined;
  try {
    return await work(bus);
  } catch (error) {
    failure = { error, exitCode: (error as { exitCode?: number }).exitCode ?? 1 };
    if (command === "enrich") bus.emit("enrich.failed", { error: error instanceof Error ? error.message : String(error), exit_code: failure.exitCode });
    throw error;
  } finally {
    await lineage.end(failure);
    await telemetry.end(failure ?? { exitCode: 0 });
  }
}

export async function runRefine(request: RefineRequest, control: RunControl, settings: ServerSettings): Promise<RefineResult> {
  const [{ loadProfile }, { runRefine: refine }, { isSupportedCountry }] = await Promise.all([
    import("../profiles/loader.ts"),
    import("../pipeline/run.ts"),
    import("libphonenumber-js/max"),
  ]);
  const profile = await loadProfile(request.profile, settings.profileSearchPath);
  const countryCode = (request.countryCode ?? profile.country_code ?? "ZA").toUpperCase();
  if (!isSupportedCountry(countryCode)) throw usageError(`unknown country_code '${countryCode}'`, "give an ISO 3166 two-letter region such as ZA, GB or US");
  const runId = randomUUID();
  const distDir = request.distDir ?? dirname(request.outputPath);
  const options = {
    inputDir: request.inputDir,
    outputPath: request.outputPath,
    profile,
    runId,
    distDir,
    countryCode,
    qaMode: request.qaMode ?? "default",
    archive: request.archive ?? false,
    reportFormats: request.reportFormats ?? [],
    maxUncompressedBytes: 1024 * 1024 * 1024,
  } as const;
  return instrumentedRun("refine", settings, profile, runId, distDir, control, (bus) => refine({ ...options, reportFormats: [...options.reportFormats] }, bus));
}

export async function runEnrich(request: EnrichRequest, control: RunControl, settings: ServerSettings): Promise<EnrichResult> {
  const [{ loadProfile }, { runEnrich: enrich }, { cacheDir }] = await Promise.all([
    import("../profiles/loader.ts"),
    import("../enrich/run.ts"),
    import("../commands/enrich.ts"),
  ]);
  const profile = await loadProfile(request.profile, settings.profileSearchPath);
  const runId = randomUUID();
  const distDir = dirname(request.inputPath);
  return instrumentedRun("enrich", settings, profile, runId, distDir, control, (bus) =>
    enrich(
      {
        inputPath: request.inputPath,
        outputPath: request.outputPath,
        profile,
        runId,
        distDir,
        cwd: settings.home,
        confidenceThreshold: request.confidenceThreshold ?? 0.7,
        lookupPath: request.lookupPath,
        allowNetwork: request.allowNetwork,
        network: {
          timeoutMs: 5000,
          hostIntervalMs: 1000,
          cacheDir: cacheDir(settings.env as NodeJS.ProcessEnv),
          cacheTtlSeconds: 86_400,
          dnsServer: settings.env.HOTPASS_DNS_SERVER || undefined,
        },
        now: new Date(),
      },
      bus,
    ),
  );
}

/** Reads a table (the server keeps what it read in its own cache). */
export async function readTable(path: string): Promise<Table> {
  return (await import("../formats/index.ts")).readTable(path);
}

/** One organisation's provenance from a table already read, with its text rendering. */
export async function explainProvenance(table: Table, slug: string): Promise<{ explanation: Explanation; text: string }> {
  const { explainRow, renderExplanation } = await import("../enrich/explain.ts");
  const explanation = explainRow(table, slug);
  return { explanation, text: renderExplanation(explanation) };
}

/** A quality report; a usage error (exit 2) naming the file when it is missing or not one. */
export async function readQualityReport(path: string): Promise<QualityReport> {
  let report: unknown;
  try {
    report = await Bun.file(path).json();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`cannot read the quality report ${path}: ${code === "ENOENT" ? "no such file" : (error as Error).message}`, "list the runs with hotpass_list_runs");
  }
  if (report === null || typeof report !== "object" || typeof (report as QualityReport).run_id !== "string" || typeof (report as QualityReport).total_records !== "number") {
    throw usageError(`${path} is not a Hotpass quality report`, "pass the <output>-quality-report.json a refine wrote");
  }
  return report as QualityReport;
}

/** The refine and enrich runs whose reports lie under `folders`, newest first. */
export async function listRuns(folders: readonly string[]) {
  return (await import("./runs.ts")).findRuns(folders);
}

async function lineageSource(settings: ServerSettings) {
  const { resolveSource } = await import("../commands/lineage/_common.ts");
  return resolveSource(settings.args, settings.env as NodeJS.ProcessEnv);
}

export async function lineageRuns(settings: ServerSettings, query: { job?: string; limit: number }): Promise<{ source: string; runs: LineageRunSummary[]; text: string }> {
  const { source, namespace } = await lineageSource(settings);
  const runs = await source.runs({ namespace, job: query.job, limit: query.limit });
  const { runsTable } = await import("../telemetry/lineage/inspect/render.ts");
  return { source: source.describe, runs, text: runsTable(runs) };
}

/** One lineage run; a usage error when the source does not know it. */
export async function lineageRun(settings: ServerSettings, runId: string): Promise<{ source: string; run: RunDetail; text: string }> {
  const { lineageRunId } = await import("../telemetry/lineage/runid.ts");
  const id = lineageRunId(runId);
  const { source } = await lineageSource(settings);
  const run = await source.show(id);
  if (!run) throw usageError(`unknown run '${runId}': no run ${id} in ${source.describe}`, "call hotpass_lineage_show without run_id to list the recent runs");
  const { runText } = await import("../telemetry/lineage/inspect/render.ts");
  return { source: source.describe, run, text: runText(run) };
}

/** What a dataset was made from and what was made from it; a usage error when it is unknown. */
export async function lineageGraph(settings: ServerSettings, dataset: { namespace?: string; name: string }, depth: number): Promise<{ source: string; graph: GraphResult; text: string }> {
  const { hostname } = await import("node:os");
  const ref = { namespace: dataset.namespace ?? `file://${hostname()}`, name: dataset.name };
  const { source } = await lineageSource(settings);
  const graph = await source.graph(ref, depth);
  if (!graph) throw usageError(`no dataset ${ref.name} in ${source.describe}`, "pass the path of a file a refine or enrich read or wrote");
  const { graphTable } = await import("../telemetry/lineage/inspect/render.ts");
  return { source: source.describe, graph, text: graphTable(graph) };
}

export interface ProfileEntry {
  name: string;
  origin: string;
  display_name: string;
  country_code: string;
  sources: number;
}

function entryOf(profile: import("../profiles/types.ts").Profile): ProfileEntry {
  return { name: profile.name, origin: profile.origin, display_name: profile.display_name, country_code: profile.country_code, sources: profile.sources.length };
}

/** Every profile visible from the search path and the bundle, loaded (an invalid one is skipped with its message). */
export async function listProfiles(searchPath: string[]): Promise<{ profiles: ProfileEntry[]; problems: string[] }> {
  const { availableProfiles, loadProfile } = await import("../profiles/loader.ts");
  const profiles: ProfileEntry[] = [];
  const problems: string[] = [];
  for (const name of availableProfiles(searchPath)) {
    try {
      profiles.push(entryOf(await loadProfile(name, searchPath)));
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { profiles, problems };
}

/** Loads a profile file or name; a usage error with the key path when it is not valid. */
export async function validateProfile(nameOrPath: string, searchPath: string[]): Promise<ProfileEntry> {
  const { loadProfile } = await import("../profiles/loader.ts");
  return entryOf(await loadProfile(nameOrPath, searchPath));
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
