/**
 * What the `hotpass lineage` subcommands share: their flags, the query those flags make, and the
 * run around each (a `hotpass.lineage` trace; the answers are data on stdout).
 */
import { defineArgs, type ArgsOf } from "../../cli/args.ts";
import type { Logger } from "../../log/logger.ts";
import { withRun } from "../../run/lifecycle.ts";
import type { LineageQuery } from "../../telemetry/lineage/inspect/queries.ts";
import { loggerFor, loggingArgs, observabilityArgs, telemetryInputs } from "../_args.ts";

export const inspectArgs = defineArgs({
  ...loggingArgs,
  ...observabilityArgs,
  json: { type: "boolean", description: "print JSON for scripts instead of a table" },
  namespace: { type: "string", valueHint: "name", description: "job namespace (default HOTPASS_LINEAGE_NAMESPACE or hotpass.local)" },
});

type InspectFlags = ArgsOf<typeof inspectArgs>;

export function queryOf(args: InspectFlags): LineageQuery {
  return { lineageUrl: args.lineageUrl, lineageFile: args.lineageFile, namespace: args.namespace };
}

/** Runs a lineage subcommand inside telemetry (root span `hotpass.lineage`). */
export function withTelemetry(args: InspectFlags, given: ReadonlySet<string>, signal: AbortSignal, work: (logger: Logger) => Promise<number>): Promise<number> {
  const runId = crypto.randomUUID();
  const logger = loggerFor(args, runId);
  return withRun(
    { command: "lineage", runId, telemetry: telemetryInputs(args, given), logger, signal, machineStdout: true },
    () => work(logger),
  );
}

export function print(text: string): void {
  console.log(text);
}
