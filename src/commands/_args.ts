/**
 * Argument groups shared by the commands, defined once and spread into each command's `args`.
 * The telemetry flags are the ones named in the observability specification.
 */
import type { HotpassArgsDef } from "../cli/parse.ts";

export const loggingArgs = {
  "log-format": {
    type: "enum",
    options: ["text", "json"],
    default: "text",
    description: "text lines on stderr, or one JSON object per line on stdout",
  },
  debug: { type: "boolean", description: "show stack traces and debug lines" },
} satisfies HotpassArgsDef;

export const profileArgs = {
  profile: {
    type: "string",
    description: "profile name (searched in --profile-search-path, then bundled) or a profile file",
  },
  "profile-search-path": {
    type: "string",
    repeatable: true,
    description: "folder to search for NAME.yaml/.yml/.json/.toml (repeatable, searched in order)",
  },
} satisfies HotpassArgsDef;

export const telemetryArgs = {
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
} satisfies HotpassArgsDef;

export const lineageArgs = {
  observability: {
    type: "boolean",
    description: "turn lineage and telemetry on (--no-observability turns them off); overrides the profile",
  },
  "lineage-url": { type: "string", valueHint: "url", description: "Marquez / OpenLineage endpoint" },
  "lineage-file": { type: "string", valueHint: "path", description: "append OpenLineage events to this JSON-lines file" },
} satisfies HotpassArgsDef;

/** Everything a command that does work accepts for observability. */
export const observabilityArgs = { ...telemetryArgs, ...lineageArgs } satisfies HotpassArgsDef;
