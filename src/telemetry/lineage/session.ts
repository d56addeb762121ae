/**
 * OpenLineage for one run. Commands call `startLineage`, subscribe `session.sink` to the run's
 * EventBus, and `await session.end()` before exiting.
 *
 * CONTRACT (implemented by the lineage module): START once inputs are known (`load.completed`),
 * COMPLETE on `pipeline.completed` / `enrich.completed`, FAIL on `pipeline.failed` /
 * `enrich.failed`; delivery through http/file transports with the spool; `end` waits for delivery
 * (bounded) and never throws.
 */
import type { ParsedArgs } from "../../cli/parse.ts";
import type { Logger } from "../../log/logger.ts";
import type { EventSink } from "../../pipeline/events.ts";
import type { Profile } from "../../profiles/types.ts";

export interface LineageStart {
  /** "refine" -> job `hotpass.pipeline.<profile>`; "enrich" -> `hotpass.enrich.<profile>`. */
  command: "refine" | "enrich";
  args: ParsedArgs;
  profile: Profile;
  /** Hyphenated UUID, the same as `hotpass.run_id` in telemetry and the report. */
  runId: string;
  /** The run's dist folder (the spool may live there). */
  distDir: string;
  logger: Logger;
}

export interface LineageSession {
  sink: EventSink;
  end(): Promise<void>;
}

export async function startLineage(_input: LineageStart): Promise<LineageSession> {
  return { sink: () => {}, end: async () => {} };
}
