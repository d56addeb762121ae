/**
 * One lifecycle for every run of every command and surface (CLI, dashboard, MCP server,
 * library): start telemetry and (for refine and enrich) lineage, fan the run's events out to
 * them and to the caller's sinks, do the work, then end lineage and telemetry in that order with
 * the outcome and its exit code. The work is cancelled through `signal`; nothing here touches the
 * process (no exit, no signal handlers), so two runs can share one process.
 *
 * @example
 * const result = await withRun({ command: "refine", runId, profile, telemetry, lineage, logger }, (run) =>
 *   runPipeline(options, run),
 * );
 */
import { exitCodeOf } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { EventBus, type EventSink } from "../pipeline/events.ts";
import type { Profile } from "../profiles/types.ts";
import type { LineageInputs } from "../telemetry/lineage/config.ts";
import type { TelemetryInputs } from "../telemetry/options.ts";
import type { Env, Surface } from "./control.ts";

export interface RunSpec {
  /** "refine", "enrich", "lineage", "net", ...: the root span is `hotpass.<command>`. */
  command: string;
  runId: string;
  profile?: Profile;
  telemetry: TelemetryInputs;
  /** Refine and enrich runs are OpenLineage jobs; other commands only trace. */
  lineage?: { command: "refine" | "enrich"; inputs: LineageInputs; distDir: string };
  logger: Logger;
  /** The caller's own listeners (the console renderer, an MCP progress reporter, ...). */
  sinks?: EventSink[];
  signal?: AbortSignal;
  surface?: Surface;
  env?: Env;
  /** True when the command's answer is data on stdout (console spans then go to stderr). */
  machineStdout?: boolean;
}

/** What the work of a run is given. */
export interface Run {
  readonly runId: string;
  readonly bus: EventBus;
  readonly logger: Logger;
  /** Never aborted when the caller gave no signal. */
  readonly signal: AbortSignal;
  /** The root span's trace id, when tracing is on. */
  traceId(): string | undefined;
}

export async function withRun<T>(spec: RunSpec, work: (run: Run) => Promise<T>): Promise<T> {
  const { logger } = spec;
  const env = spec.env ?? process.env;
  const [{ startTelemetry }, { startLineage }] = await Promise.all([
    import("../telemetry/session.ts"),
    spec.lineage ? import("../telemetry/lineage/session.ts") : Promise.resolve({ startLineage: undefined }),
  ]);
  const telemetry = await startTelemetry({
    command: spec.command,
    inputs: spec.telemetry,
    surface: spec.surface,
    profile: spec.profile,
    runId: spec.runId,
    logger,
    env,
    machineStdout: spec.machineStdout,
  });
  // Every line of the run carries its id (the logger may have been made before the id was known).
  logger.runId = spec.runId;
  logger.traceId = () => telemetry.traceId();
  let lineage: Awaited<ReturnType<NonNullable<typeof startLineage>>> | undefined;
  try {
    if (spec.lineage && startLineage) {
      if (!spec.profile) throw new Error(`a ${spec.lineage.command} run needs its profile for lineage`);
      lineage = await startLineage({
        command: spec.lineage.command,
        inputs: spec.lineage.inputs,
        profile: spec.profile,
        surface: spec.surface,
        runId: spec.runId,
        distDir: spec.lineage.distDir,
        logger,
        env,
      });
    }
  } catch (error) {
    // A lineage setting the user must fix (a malformed URL) ends the run before it starts.
    await telemetry.end({ error, exitCode: exitCodeOf(error) });
    throw error;
  }

  const bus = new EventBus([...(spec.sinks ?? []), telemetry.sink, ...(lineage ? [lineage.sink] : [])]);
  const run: Run = {
    runId: spec.runId,
    bus,
    logger,
    signal: spec.signal ?? new AbortController().signal,
    traceId: () => telemetry.traceId(),
  };
  let outcome: { error?: unknown; exitCode: number } = { exitCode: 0 };
  try {
    const value = await work(run);
    // A command's work may answer with its exit code (net status finds a dead tunnel: 1).
    if (typeof value === "number") outcome = { exitCode: value };
    return value;
  } catch (error) {
    outcome = { error, exitCode: exitCodeOf(error) };
    throw error;
  } finally {
    // Lineage first: its FAIL or COMPLETE is part of the run that telemetry then closes.
    await lineage?.end(outcome);
    await telemetry.end(outcome);
  }
}
