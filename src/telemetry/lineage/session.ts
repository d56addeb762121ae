/**
 * OpenLineage for one run. Commands call `startLineage`, subscribe `session.sink` to the run's
 * EventBus, and `await session.end()` before exiting.
 *
 * START once inputs are known (`load.completed` / `enrich.started`), COMPLETE on
 * `pipeline.completed` / `enrich.completed`, FAIL on `pipeline.failed` / `enrich.failed`. Every
 * event is appended to the local event log, to the --lineage-file when given, and posted to the
 * endpoint when one is configured (spooled when it cannot be). `end` waits for delivery (each
 * request is bounded by the lineage timeout) and never throws.
 */
import type { Logger } from "../../log/logger.ts";
import type { EventSink } from "../../pipeline/events.ts";
import type { Profile } from "../../profiles/types.ts";
import type { Surface } from "../../run/control.ts";
import { resolveLineageConfig, type Env, type LineageConfig, type LineageInputs } from "./config.ts";
import { RunDelivery, type DeliveryReport } from "./delivery.ts";
import { LineageRecorder } from "./recorder.ts";
import { lineageRunId } from "./runid.ts";
import { appendEvents, appendToLog } from "./spool.ts";
import type { RunEvent } from "./types.ts";

export interface LineageStart {
  /** "refine" -> job `hotpass.pipeline.<profile>`; "enrich" -> `hotpass.enrich.<profile>`. */
  command: "refine" | "enrich";
  inputs: LineageInputs;
  profile: Profile;
  /** Where the run was started (the `surface` of the hotpass run facet; default "cli"). */
  surface?: Surface;
  /**
   * Hyphenated UUID, the same as `hotpass.run_id` in telemetry and the report. (A non-UUID
   * `--run-id` maps to a stable name-based UUID; the hotpass run facet keeps it as given.)
   */
  runId: string;
  /** The run's dist folder (kept for callers; the spool lives in the state folder, see README). */
  distDir: string;
  logger: Logger;
  /** The environment to read (defaults to process.env). */
  env?: Env;
}

export interface LineageSession {
  sink: EventSink;
  /** Ends the run (FAIL when it stopped without a terminal event), waits for delivery, warns. */
  end(outcome?: { error?: unknown; exitCode?: number }): Promise<void>;
  /** Whether lineage is on for this run. */
  readonly enabled?: boolean;
}

export function jobName(command: "refine" | "enrich", profile: string): string {
  return `hotpass.${command === "refine" ? "pipeline" : "enrich"}.${profile}`;
}

const OFF: LineageSession = { sink: () => {}, end: async () => {}, enabled: false };

/** Throws a usage error (exit 2) only for a malformed --lineage-url / OPENLINEAGE_URL. */
export async function startLineage(input: LineageStart): Promise<LineageSession> {
  const env = input.env ?? process.env;
  const config = resolveLineageConfig(input.inputs, input.profile, env);
  if (!config.enabled) return OFF;
  const { logger } = input;
  for (const warning of config.warnings) logger.warn(`lineage: ${warning}`);

  const delivery = config.endpoint ? new RunDelivery(config.endpoint, config.paths) : undefined;
  const problems = new Set<string>();
  const emit = (event: RunEvent): void => {
    write(() => appendToLog(config.paths.log, [event]), config.paths.log, "the local event log", problems);
    if (config.file) write(() => appendEvents(config.file!, [event]), config.file, "--lineage-file", problems);
    delivery?.enqueue(event);
    logger.debug(`lineage: ${event.eventType} ${event.job.name} run ${event.run.runId}`, "lineage.event");
  };
  const recorder = new LineageRecorder(
    {
      command: input.command,
      runId: lineageRunId(input.runId),
      hotpassRunId: input.runId,
      namespace: config.namespace,
      jobName: jobName(input.command, input.profile.name),
      datasetNamespace: config.datasetNamespace,
      profile: input.profile.name,
      profileOrigin: input.profile.origin,
      surface: input.surface ?? "cli",
      startedAt: Date.now(),
      parent: config.parent,
      root: config.root,
      inputs: [],
    },
    emit,
  );

  return {
    enabled: true,
    sink: recorder.sink,
    async end(outcome) {
      try {
        if (recorder.runStarted && !recorder.runFinished) {
          const error = outcome?.error;
          recorder.fail(error instanceof Error ? error.message : error ? String(error) : "the run ended before it completed");
        }
        for (const problem of problems) logger.warn(problem);
        if (delivery) report(await delivery.settle(), config, logger);
        else if (recorder.runStarted && !config.file) {
          logger.info(`lineage: no OPENLINEAGE_URL or --lineage-url; events kept in ${config.paths.log}`, "lineage.local");
        }
      } catch (error) {
        logger.warn(`lineage: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

function write(append: () => void, path: string, what: string, problems: Set<string>): void {
  try {
    append();
  } catch (error) {
    problems.add(`lineage: could not write ${what} ${path}: ${(error as Error).message}`);
  }
}

function report(result: DeliveryReport, config: LineageConfig, logger: Logger): void {
  const url = config.endpoint?.lineageUrl;
  const plural = (n: number) => `${n} event${n === 1 ? "" : "s"}`;
  if (result.replayed > 0) logger.info(`lineage: sent ${plural(result.replayed)} spooled by earlier runs to ${url}`, "lineage.replayed");
  if (result.spooled > 0) {
    logger.warn(
      `lineage: ${plural(result.spooled)} not delivered to ${url} (${result.reason}); spooled to ${config.paths.spool} — send with 'hotpass lineage replay'`,
      "lineage.spooled",
      { spooled: result.spooled, spool: config.paths.spool, reason: result.reason },
    );
  }
  if (result.rejected.length > 0) {
    const first = result.rejected[0]!;
    logger.warn(
      `lineage: ${plural(result.rejected.length)} rejected by ${url} as invalid (HTTP ${first.status}${first.response ? `: ${first.response.slice(0, 200)}` : ""}); kept in ${config.paths.rejected}, not retried`,
      "lineage.rejected",
      { rejected: result.rejected.length, file: config.paths.rejected },
    );
  }
  if (result.lost > 0) {
    logger.warn(`lineage: ${plural(result.lost)} could not be spooled (${result.lostReason}); they remain in ${config.paths.log}`, "lineage.unspooled");
  }
}
