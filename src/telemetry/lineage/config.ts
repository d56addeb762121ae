/**
 * Lineage settings for one command, resolved once: the switch (flags > kill switch > profile),
 * the endpoint (--lineage-url > OPENLINEAGE_URL), the file transport, naming, the parent run and
 * where the state files live. Environment variables are read here and nowhere else.
 */
import { homedir, hostname } from "node:os";
import { join, resolve } from "node:path";
import { usageError } from "../../errors.ts";
import type { Profile } from "../../profiles/types.ts";
import type { ParentRef } from "./types.ts";

export type Env = Record<string, string | undefined>;

/** What the caller asked for explicitly (the lineage flags, or code for the library entry). */
export interface LineageInputs {
  /** `--observability` (true) / `--no-observability` (false); undefined when not asked. */
  observability?: boolean;
  /** `--lineage-url`: the Marquez / OpenLineage endpoint. */
  lineageUrl?: string;
  /** `--lineage-file`: JSON-lines transport for air-gapped runs. */
  lineageFile?: string;
}

export const DEFAULT_NAMESPACE = "hotpass.local";
export const DEFAULT_TIMEOUT_MS = 5_000;

export interface StatePaths {
  dir: string;
  /** Events not delivered yet, oldest first (JSON lines). */
  spool: string;
  /** Events the endpoint refused as invalid (4xx), kept for a person to look at. */
  rejected: string;
  /** Every event this machine emitted (read by `hotpass lineage` when no Marquez is configured). */
  log: string;
  lock: string;
  /** Names the last spooled event already delivered, until the spool is compacted. */
  sent: string;
}

export interface Endpoint {
  /** `.../api/v1`, for the read API. */
  apiBase: string;
  /** `.../api/v1/lineage`, where events are posted. */
  lineageUrl: string;
  apiKey?: string;
  timeoutMs: number;
}

export interface LineageConfig {
  enabled: boolean;
  endpoint?: Endpoint;
  /** Absolute path of the --lineage-file JSON-lines transport. */
  file?: string;
  namespace: string;
  datasetNamespace: string;
  parent?: ParentRef;
  root?: ParentRef;
  paths: StatePaths;
  /** Problems worth one warning that must not stop the run (e.g. a malformed parent id). */
  warnings: string[];
}

const truthy = (value: string | undefined): boolean => value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());

/** Is lineage on for this run? HOTPASS_DISABLE_LINEAGE is a kill switch that beats everything. */
export function lineageEnabled(inputs: LineageInputs, profile: Profile | undefined, env: Env): boolean {
  if (truthy(env.HOTPASS_DISABLE_LINEAGE)) return false;
  const flag = inputs.observability;
  if (flag === false && (inputs.lineageUrl || inputs.lineageFile)) {
    throw usageError(
      `--${inputs.lineageUrl ? "lineage-url" : "lineage-file"} has no effect with --no-observability`,
      "drop one of them: --no-observability turns lineage off",
    );
  }
  if (flag !== undefined) return flag;
  // Naming a destination on the command line is asking for lineage.
  if (inputs.lineageUrl || inputs.lineageFile) return true;
  if (profile?.observability === false) return false;
  return profile?.observability === true || profile?.features?.observability === true;
}

export function statePaths(env: Env): StatePaths {
  const home = env.HOME || homedir();
  const dir = env.HOTPASS_STATE_DIR || join(env.XDG_STATE_HOME || join(home, ".local", "state"), "hotpass");
  return {
    dir,
    spool: join(dir, "lineage-spool.jsonl"),
    rejected: join(dir, "lineage-rejected.jsonl"),
    log: join(dir, "lineage-events.jsonl"),
    lock: join(dir, "lineage-spool.lock"),
    sent: join(dir, "lineage-spool.sent"),
  };
}

/** `http://marquez:5000`, `.../api/v1` and `.../api/v1/lineage` all name the same endpoint. */
export function endpointFromUrl(raw: string, origin: string, env: Env): Endpoint {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw usageError(`${origin} is not a URL: '${raw}'`, "give the Marquez address, e.g. http://localhost:5000");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw usageError(`${origin} must be an http:// or https:// URL, got '${raw}'`, "give the Marquez address with its scheme, e.g. http://localhost:5000");
  }
  let path = url.pathname.replace(/\/+$/, "");
  if (path.endsWith("/lineage")) path = path.slice(0, -"/lineage".length);
  if (!path.endsWith("/api/v1")) path = `${path}/api/v1`;
  const apiBase = `${url.origin}${path}`;
  const seconds = Number(env.HOTPASS_LINEAGE_TIMEOUT);
  return {
    apiBase,
    lineageUrl: `${apiBase}/lineage`,
    apiKey: env.OPENLINEAGE_API_KEY?.trim() || undefined,
    timeoutMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_TIMEOUT_MS,
  };
}

/** The endpoint named by --lineage-url or OPENLINEAGE_URL, if any. */
export function configuredEndpoint(inputs: LineageInputs, env: Env): Endpoint | undefined {
  const flag = inputs.lineageUrl;
  if (flag) return endpointFromUrl(flag, "--lineage-url", env);
  if (env.OPENLINEAGE_URL?.trim()) return endpointFromUrl(env.OPENLINEAGE_URL, "OPENLINEAGE_URL", env);
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `namespace/job/runId`; the job name may itself contain slashes. */
export function parseParentId(value: string): ParentRef | undefined {
  const first = value.indexOf("/");
  const last = value.lastIndexOf("/");
  if (first <= 0 || last <= first + 1) return undefined;
  const runId = value.slice(last + 1);
  if (!UUID.test(runId)) return undefined;
  return { namespace: value.slice(0, first), job: value.slice(first + 1, last), runId: runId.toLowerCase() };
}

export function resolveLineageConfig(inputs: LineageInputs, profile: Profile | undefined, env: Env, cwd = process.cwd()): LineageConfig {
  const warnings: string[] = [];
  const file = inputs.lineageFile;
  let parent: ParentRef | undefined;
  let root: ParentRef | undefined;
  if (env.OPENLINEAGE_PARENT_ID?.trim()) {
    parent = parseParentId(env.OPENLINEAGE_PARENT_ID.trim());
    if (!parent) warnings.push(`OPENLINEAGE_PARENT_ID '${env.OPENLINEAGE_PARENT_ID}' is not namespace/job/runId (runId a UUID); the parent facet is left out`);
  }
  if (parent && env.OPENLINEAGE_ROOT_PARENT_ID?.trim()) root = parseParentId(env.OPENLINEAGE_ROOT_PARENT_ID.trim());
  const enabled = lineageEnabled(inputs, profile, env);
  return {
    enabled,
    // A malformed OPENLINEAGE_URL only matters to a run that uses it.
    endpoint: enabled ? configuredEndpoint(inputs, env) : undefined,
    file: file ? resolve(cwd, file) : undefined,
    namespace: env.HOTPASS_LINEAGE_NAMESPACE?.trim() || DEFAULT_NAMESPACE,
    datasetNamespace: `file://${hostname()}`,
    parent,
    root,
    paths: statePaths(env),
    warnings,
  };
}
