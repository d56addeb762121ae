/**
 * Command-line flags as the commands turn them into typed inputs: parse `argv` against the shared
 * flag groups the way the CLI does, then convert each group with the commands' own functions.
 */
import { parseArgs, typedArgs } from "../../src/cli/parse.ts";
import { lineageInputs, loggingArgs, observabilityArgs, telemetryInputs } from "../../src/commands/_args.ts";
import type { LineageInputs } from "../../src/telemetry/lineage/config.ts";
import type { TelemetryInputs } from "../../src/telemetry/options.ts";

const defs = { ...loggingArgs, ...observabilityArgs };

export function flagInputs(argv: readonly string[]): { telemetry: TelemetryInputs; lineage: LineageInputs } {
  const parsed = parseArgs(argv, defs);
  const args = typedArgs(parsed, defs);
  return { telemetry: telemetryInputs(args, parsed.given), lineage: lineageInputs(args, parsed.given) };
}
