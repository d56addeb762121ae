/**
 * What the `hotpass lineage` subcommands share: their flags, where the answers come from
 * (--lineage-url / OPENLINEAGE_URL, else the Marquez port of a live `hotpass net` tunnel, else the
 * local event log or --lineage-file), and the telemetry wrapper.
 */
import { resolve } from "node:path";
import { bool, str, type ParsedArgs } from "../../cli/parse.ts";
import { Logger, type LogFormat } from "../../log/logger.ts";
import { loggingArgs, observabilityArgs } from "../_args.ts";
import type { HotpassArgsDef } from "../../cli/parse.ts";

export const inspectArgs = {
  ...loggingArgs,
  ...observabilityArgs,
  json: { type: "boolean", description: "print JSON for scripts instead of a table" },
  namespace: { type: "string", valueHint: "name", description: "job namespace (default HOTPASS_LINEAGE_NAMESPACE or hotpass.local)" },
} satisfies HotpassArgsDef;

export function loggerFor(args: ParsedArgs, runId: string): Logger {
  return new Logger({ format: (str(args, "log-format") ?? "text") as LogFormat, debug: bool(args, "debug"), runId });
}

export interface Resolved {
  source: import("../../telemetry/lineage/inspect/model.ts").LineageSource;
  endpoint?: import("../../telemetry/lineage/config.ts").Endpoint;
  namespace: string;
  /** One line saying where the answers come from when it is not the obvious place. */
  note?: string;
}

export async function resolveSource(args: ParsedArgs, env = process.env): Promise<Resolved> {
  const { configuredEndpoint, endpointFromUrl, statePaths, DEFAULT_NAMESPACE } = await import("../../telemetry/lineage/config.ts");
  const namespace = str(args, "namespace") ?? (env.HOTPASS_LINEAGE_NAMESPACE?.trim() || DEFAULT_NAMESPACE);
  const file = str(args, "lineage-file");
  const { localSource } = await import("../../telemetry/lineage/inspect/local.ts");
  if (file) {
    const path = resolve(file);
    return { source: localSource(path), namespace };
  }
  const { marquezSource } = await import("../../telemetry/lineage/inspect/marquez.ts");
  const endpoint = configuredEndpoint(args, env);
  if (endpoint) return { source: marquezSource(endpoint, `Marquez at ${endpoint.apiBase}`), endpoint, namespace };
  // The net module owns tunnels.json and knows a live holder (pid and its start time).
  const { findLiveForward } = await import("../../net/live.ts");
  const tunnel = findLiveForward("marquez", env);
  if (tunnel) {
    const viaTunnel = endpointFromUrl(tunnel.url, "tunnel", env);
    return {
      source: marquezSource(viaTunnel, `Marquez at ${viaTunnel.apiBase}`),
      endpoint: viaTunnel,
      namespace,
      note: `lineage: using Marquez through the '${tunnel.session.label}' tunnel at ${tunnel.url}`,
    };
  }
  const log = statePaths(env).log;
  return { source: localSource(log, true), namespace, note: `lineage: no Marquez configured; reading the local event log ${log}` };
}

/** Runs a lineage subcommand inside telemetry (root span `hotpass.lineage`). */
export async function withTelemetry(args: ParsedArgs, work: (logger: Logger) => Promise<number>): Promise<number> {
  const runId = crypto.randomUUID();
  const logger = loggerFor(args, runId);
  const { startTelemetry } = await import("../../telemetry/session.ts");
  // The answers (table or JSON) are the data on stdout: console spans must go to stderr.
  const telemetry = await startTelemetry({ command: "lineage", args, runId, logger, machineStdout: true });
  logger.traceId = () => telemetry.traceId();
  try {
    const code = await work(logger);
    await telemetry.end({ exitCode: code });
    return code;
  } catch (error) {
    await telemetry.end({ error });
    throw error;
  }
}

export function print(text: string): void {
  console.log(text);
}
