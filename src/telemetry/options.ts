/**
 * Telemetry options, resolved once into one typed object, in the order
 * flags (or code, for the library entry) > OTEL_* environment > profile > defaults.
 *
 * Nothing here imports OpenTelemetry: resolving options (and failing on bad ones) must stay cheap.
 * Header values are secrets: no message built here ever contains one.
 */
import { usageError } from "../errors.ts";
import { findLiveForward } from "../net/live.ts";
import type { Profile } from "../profiles/types.ts";

export type ExporterName = "console" | "otlp" | "noop";
const EXPORTERS: readonly ExporterName[] = ["console", "otlp", "noop"];

/** What the caller asked for explicitly (command-line flags, or code for the library entry). */
export interface TelemetryInputs {
  exporters?: ExporterName[];
  otlpEndpoint?: string;
  otlpMetricsEndpoint?: string;
  otlpHeaders?: Record<string, string>;
  /** Plain http for a scheme-less `host:port` endpoint (https otherwise). */
  insecure?: boolean;
  timeoutSeconds?: number;
  resourceAttributes?: Record<string, string>;
  environment?: string;
  serviceName?: string;
  /** `--observability` (true) / `--no-observability` (false). */
  observability?: boolean;
}

export interface OtlpTarget {
  tracesUrl: string;
  metricsUrl: string;
  /** Secret values: sent to the collector, never printed. */
  headers: Record<string, string>;
}

export interface TelemetryOptions {
  /** False when nothing is exported (noop, the default): the SDK is not even loaded. */
  enabled: boolean;
  console: boolean;
  otlp?: OtlpTarget;
  timeoutMs: number;
  serviceName: string;
  environment?: string;
  /** Resource attributes from the profile, OTEL_RESOURCE_ATTRIBUTES and flags, merged. */
  resourceAttributes: Record<string, string>;
  /** Where the console exporter writes: stderr whenever stdout carries machine output. */
  consoleStream: "stdout" | "stderr";
  /** One-line notices for the user (e.g. the gRPC port warning); the run continues. */
  warnings: string[];
  /** One-line information for the user (e.g. that a collector tunnel is used). */
  notices: string[];
}

export interface ResolveInput {
  inputs: TelemetryInputs;
  env: Record<string, string | undefined>;
  profile?: Pick<Profile, "observability" | "features" | "options">;
  /** True when stdout carries machine output (e.g. `--log-format json`). */
  machineStdout?: boolean;
}

export const DEFAULT_TIMEOUT_SECONDS = 5;
export const DEFAULT_SERVICE_NAME = "hotpass";
const DEFAULT_OTLP_BASE = "http://localhost:4318";

/** Resolves flags > environment > profile > defaults. Throws usage errors (exit 2). */
export function resolveTelemetryOptions({ inputs, env, profile, machineStdout }: ResolveInput): TelemetryOptions {
  const exporters = chooseExporters(inputs, env, profile);
  const needsOtlp = [
    ["--telemetry-otlp-endpoint", inputs.otlpEndpoint],
    ["--telemetry-otlp-metrics-endpoint", inputs.otlpMetricsEndpoint],
    ["--telemetry-otlp-header", inputs.otlpHeaders],
  ] as const;
  for (const [flag, value] of needsOtlp) {
    if (value !== undefined && !exporters.has("otlp")) {
      throw usageError(`${flag} needs --telemetry-exporter otlp`, "add --telemetry-exporter otlp (or drop the OTLP flags)");
    }
  }

  const warnings: string[] = [];
  const timeoutMs = Math.round(1000 * (inputs.timeoutSeconds ?? envTimeoutSeconds(env) ?? DEFAULT_TIMEOUT_SECONDS));
  const notices: string[] = [];
  const otlp = exporters.has("otlp") ? otlpTarget(inputs, env, notices) : undefined;
  if (otlp && [otlp.tracesUrl, otlp.metricsUrl].some((url) => new URL(url).port === "4317")) {
    warnings.push(
      "the OTLP endpoint uses port 4317, the collector's gRPC port; hotpass speaks OTLP/HTTP, which listens on 4318 by default",
    );
  }

  const resourceAttributes: Record<string, string> = {
    ...(profile?.options?.telemetry_resource_attributes ?? {}),
    ...parseKeyValueList(env.OTEL_RESOURCE_ATTRIBUTES),
    ...(inputs.resourceAttributes ?? {}),
  };
  const serviceName =
    inputs.serviceName ??
    inputs.resourceAttributes?.["service.name"] ??
    nonEmpty(env.OTEL_SERVICE_NAME) ??
    resourceAttributes["service.name"] ??
    DEFAULT_SERVICE_NAME;
  const environment =
    inputs.environment ??
    resourceAttributes["deployment.environment.name"] ??
    resourceAttributes["deployment.environment"];

  const console = exporters.has("console");
  return {
    enabled: console || otlp !== undefined,
    console,
    otlp,
    timeoutMs,
    serviceName,
    environment,
    resourceAttributes,
    consoleStream: machineStdout ? "stderr" : "stdout",
    warnings,
    notices,
  };
}

/**
 * Which exporters run. Explicit exporters win; `--no-observability` turns telemetry off;
 * OTEL_SDK_DISABLED=true turns it off unless flags chose exporters; an OTLP endpoint in the
 * environment means otlp (the OpenTelemetry default exporter); then the profile; `--observability`
 * (or the profile's observability switch) means console; otherwise nothing (noop).
 */
function chooseExporters(
  inputs: TelemetryInputs,
  env: Record<string, string | undefined>,
  profile: ResolveInput["profile"],
): Set<ExporterName> {
  const chosen = (names: readonly string[]) => new Set(names.map(exporterName).filter((name) => name !== "noop"));
  if (inputs.observability === false) {
    if (inputs.exporters?.some((name) => name !== "noop")) {
      throw usageError("--no-observability turns telemetry off, but --telemetry-exporter asks for it", "pass only one");
    }
    return new Set();
  }
  if (inputs.exporters) return chosen(inputs.exporters);
  if (/^true$/i.test(env.OTEL_SDK_DISABLED?.trim() ?? "")) return new Set();
  if (nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)) {
    return new Set(["otlp"]);
  }
  const profileOn = profile?.observability ?? profile?.features?.observability;
  if (inputs.observability !== true && profile?.observability === false) return new Set();
  const fromProfile = profile?.options?.telemetry_exporters;
  if (fromProfile && fromProfile.length > 0) return chosen(fromProfile);
  if (inputs.observability === true || profileOn === true) return new Set(["console"]);
  return new Set();
}

function otlpTarget(inputs: TelemetryInputs, env: Record<string, string | undefined>, notices: string[]): OtlpTarget {
  const insecure = inputs.insecure ?? false;
  let envBase = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const noEndpoint =
    inputs.otlpEndpoint === undefined &&
    envBase === undefined &&
    nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) === undefined;
  if (noEndpoint) {
    // An operator who ran `hotpass net up --collector` need not repeat the endpoint.
    const tunnel = findLiveForward("collector", env);
    if (tunnel) {
      envBase = tunnel.url;
      notices.push(`no OTLP endpoint given: using the collector tunnel '${tunnel.session.label}' at ${tunnel.url}`);
    }
  }
  let tracesUrl: string;
  let metricsUrl: string | undefined;
  if (inputs.otlpEndpoint !== undefined) {
    tracesUrl = signalUrl(inputs.otlpEndpoint, "v1/traces", insecure, "--telemetry-otlp-endpoint");
    metricsUrl = `${new URL(tracesUrl).origin}/v1/metrics`;
  } else {
    const specific = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
    tracesUrl = specific
      ? absoluteUrl(specific, insecure, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
      : appendPath(envBase ?? DEFAULT_OTLP_BASE, "v1/traces", insecure, "OTEL_EXPORTER_OTLP_ENDPOINT");
  }
  if (inputs.otlpMetricsEndpoint !== undefined) {
    metricsUrl = signalUrl(inputs.otlpMetricsEndpoint, "v1/metrics", insecure, "--telemetry-otlp-metrics-endpoint");
  } else if (metricsUrl === undefined) {
    const specific = nonEmpty(env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT);
    if (specific) metricsUrl = absoluteUrl(specific, insecure, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
    else if (envBase) metricsUrl = appendPath(envBase, "v1/metrics", insecure, "OTEL_EXPORTER_OTLP_ENDPOINT");
    else metricsUrl = `${new URL(tracesUrl).origin}/v1/metrics`;
  }
  const headers = {
    ...parseKeyValueList(env.OTEL_EXPORTER_OTLP_HEADERS),
    ...(inputs.otlpHeaders ?? {}),
  };
  return { tracesUrl, metricsUrl, headers };
}

/** A flag endpoint: `host:port` gets a scheme; a URL without a path gets the signal's path. */
function signalUrl(raw: string, signalPath: string, insecure: boolean, what: string): string {
  const url = new URL(absoluteUrl(raw, insecure, what));
  if (url.pathname === "/" || url.pathname === "") url.pathname = `/${signalPath}`;
  return url.toString();
}

/** The generic endpoint is a base: the signal path is appended (as the OTel specification says). */
function appendPath(base: string, signalPath: string, insecure: boolean, what: string): string {
  const url = absoluteUrl(base, insecure, what);
  return `${url.replace(/\/+$/, "")}/${signalPath}`;
}

function absoluteUrl(raw: string, insecure: boolean, what: string): string {
  const trimmed = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `${insecure ? "http" : "https"}://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw usageError(`${what} is not a URL or host:port: '${redactUrl(trimmed)}'`, "e.g. http://collector:4318");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw usageError(`${what} must be an http:// or https:// URL (OTLP/HTTP), got ${url.protocol}//`);
  }
  return url.toString();
}

/** `a=1,b=2` (OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_HEADERS): percent-decoded values. */
export function parseKeyValueList(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const part of raw.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!key) continue;
    try {
      out[key] = decodeURIComponent(value);
    } catch {
      out[key] = value;
    }
  }
  return out;
}

/** A URL as it may be printed: user name, password and query (tokens live there too) removed. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = "";
    url.password = "";
    url.search = "";
    return url.toString();
  } catch {
    return raw.replace(/\/\/[^@/]*@/, "//");
  }
}

/** `KEY=VALUE` tokens of a flag -> a map; `secret` values are never echoed in the error. */
export function keyValuePairs(tokens: readonly string[], flag: string, secret: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const token of tokens) {
    const eq = token.indexOf("=");
    const key = eq > 0 ? token.slice(0, eq).trim() : "";
    if (!key) {
      // Never echo a header token: it may be the secret itself.
      const shown = secret ? "" : ` (got '${token}')`;
      throw usageError(`${flag} expects KEY=VALUE${shown}`, `e.g. ${flag} ${secret ? "authorization=Bearer…" : "team=platform"}`);
    }
    out[key] = token.slice(eq + 1);
  }
  return out;
}

/** A positive number of seconds given on the command line. */
export function positiveSeconds(raw: string, flag: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw usageError(`${flag} expects a positive number of seconds, got '${raw}'`);
  }
  return value;
}

/** OTEL_EXPORTER_OTLP_TIMEOUT is in milliseconds (OTel specification). */
function envTimeoutSeconds(env: Record<string, string | undefined>): number | undefined {
  const raw = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_TIMEOUT);
  if (raw === undefined) return undefined;
  const ms = Number(raw);
  return Number.isFinite(ms) && ms > 0 ? ms / 1000 : undefined;
}

export function exporterName(name: string): ExporterName {
  const lower = name.trim().toLowerCase();
  if (lower === "none") return "noop";
  if ((EXPORTERS as readonly string[]).includes(lower)) return lower as ExporterName;
  throw usageError(`unknown telemetry exporter '${name}'`, `use one of: ${EXPORTERS.join(", ")}`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value.trim() : undefined;
}
