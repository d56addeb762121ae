/**
 * Argument groups shared by the commands, defined once and spread into each command's `args`,
 * and the one place each group is turned into the typed inputs the domain takes (the flags are
 * one source of configuration; the environment and the profile are merged with it downstream).
 * The telemetry flags are the ones named in the observability specification.
 */
import { defineArgs, type ArgsOf } from "../cli/args.ts";
import { usageError } from "../errors.ts";
import { Logger } from "../log/logger.ts";
import type { LineageInputs } from "../telemetry/lineage/config.ts";
import { exporterName, keyValuePairs, positiveSeconds, type TelemetryInputs } from "../telemetry/options.ts";

export const loggingArgs = defineArgs({
  "log-format": {
    type: "enum",
    options: ["text", "json"],
    default: "text",
    description: "text lines on stderr, or one JSON object per line on stdout",
  },
  debug: { type: "boolean", description: "show stack traces and debug lines" },
});

export const profileArgs = defineArgs({
  profile: {
    type: "string",
    valueHint: "name|file",
    description: "profile name (searched in --profile-search-path, then bundled) or a profile file",
  },
  "profile-search-path": {
    type: "string",
    repeatable: true,
    valueHint: "dir",
    description: "folder to search for NAME.yaml/.yml/.json/.toml (repeatable, searched in order)",
  },
});

export const telemetryArgs = defineArgs({
  "telemetry-exporter": {
    type: "enum",
    options: ["console", "otlp", "noop"],
    repeatable: true,
    description: "console, otlp or noop (repeatable: several at once)",
  },
  "telemetry-otlp-endpoint": {
    type: "string",
    valueHint: "url",
    description: "OTLP/HTTP traces endpoint (host:port accepted)",
  },
  "telemetry-otlp-metrics-endpoint": {
    type: "string",
    valueHint: "url",
    description: "OTLP/HTTP metrics endpoint (defaults to the traces endpoint's host)",
  },
  "telemetry-otlp-header": {
    type: "string",
    repeatable: true,
    valueHint: "key=value",
    description: "header sent to the collector (repeatable; values are never printed)",
  },
  "telemetry-otlp-insecure": { type: "boolean", description: "plain http for a scheme-less endpoint" },
  "telemetry-otlp-secure": { type: "boolean", description: "https for a scheme-less endpoint (default)" },
  "telemetry-otlp-timeout": {
    type: "string",
    valueHint: "seconds",
    description: "export timeout in seconds",
  },
  "telemetry-resource-attr": {
    type: "string",
    keyValues: true,
    valueHint: "key=value",
    description: "resource attribute (repeatable; several key=value may follow one flag)",
  },
  "telemetry-environment": {
    type: "string",
    valueHint: "name",
    description: "sets deployment.environment.name",
  },
  "telemetry-service-name": {
    type: "string",
    valueHint: "name",
    description: "service.name (default hotpass)",
  },
});

export const lineageArgs = defineArgs({
  observability: {
    type: "boolean",
    description: "turn lineage and telemetry on (--no-observability turns them off); overrides the profile",
  },
  "lineage-url": { type: "string", valueHint: "url", description: "Marquez / OpenLineage endpoint" },
  "lineage-file": { type: "string", valueHint: "path", description: "append OpenLineage events to this JSON-lines file" },
});

/** Everything a command that does work accepts for observability. */
export const observabilityArgs = defineArgs({ ...telemetryArgs, ...lineageArgs });

type TelemetryFlags = ArgsOf<typeof telemetryArgs> & { readonly observability?: boolean };

/** The telemetry flags as inputs (usage errors, exit 2, for malformed values). */
export function telemetryInputs(args: TelemetryFlags, given: ReadonlySet<string>): TelemetryInputs {
  const inputs: TelemetryInputs = {};
  const exporters = args.telemetryExporter;
  if (given.has("telemetry-exporter") && exporters.length > 0) inputs.exporters = exporters.map(exporterName);
  inputs.otlpEndpoint = args.telemetryOtlpEndpoint;
  inputs.otlpMetricsEndpoint = args.telemetryOtlpMetricsEndpoint;
  if (args.telemetryOtlpHeader.length > 0) inputs.otlpHeaders = keyValuePairs(args.telemetryOtlpHeader, "--telemetry-otlp-header", true);
  const { telemetryOtlpInsecure: insecure, telemetryOtlpSecure: secure } = args;
  if (insecure === true && secure === true) {
    throw usageError("--telemetry-otlp-insecure and --telemetry-otlp-secure contradict each other", "pass only one");
  }
  if (insecure !== undefined) inputs.insecure = insecure;
  else if (secure !== undefined) inputs.insecure = !secure;
  if (args.telemetryOtlpTimeout !== undefined) inputs.timeoutSeconds = positiveSeconds(args.telemetryOtlpTimeout, "--telemetry-otlp-timeout");
  if (args.telemetryResourceAttr.length > 0) inputs.resourceAttributes = keyValuePairs(args.telemetryResourceAttr, "--telemetry-resource-attr", false);
  inputs.environment = args.telemetryEnvironment;
  inputs.serviceName = args.telemetryServiceName;
  inputs.observability = args.observability;
  return inputs;
}

/** The lineage flags as inputs. */
export function lineageInputs(args: ArgsOf<typeof lineageArgs>, given: ReadonlySet<string>): LineageInputs {
  return {
    observability: given.has("observability") ? args.observability : undefined,
    lineageUrl: args.lineageUrl,
    lineageFile: args.lineageFile,
  };
}

/** The logger the logging flags ask for. */
export function loggerFor(args: ArgsOf<typeof loggingArgs>, runId?: string): Logger {
  return new Logger({ format: args.logFormat, debug: args.debug === true, runId });
}

/** A number given on the command line, within [min, max] (usage error, exit 2, naming the flag). */
export function numberArg(raw: string, flag: string, { min = 0, max = Infinity, hint }: { min?: number; max?: number; hint?: string } = {}): number {
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value < min || value > max) {
    const range = max === Infinity ? (min > 0 ? "a positive number" : `a number of at least ${min}`) : `a number between ${min} and ${max}`;
    throw usageError(`invalid ${flag} '${raw}': expected ${range}`, hint);
  }
  return value;
}

/** The shared groups by the name the README's reference gives them. */
export const SHARED_GROUPS = { profile: profileArgs, telemetry: telemetryArgs, lineage: lineageArgs, logging: loggingArgs } as const;
