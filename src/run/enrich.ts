/**
 * An enrich run as every surface starts it: the request resolved once into the enrichment's
 * options (profile loaded, paths absolute, every number checked with the CLI's messages) and run
 * inside `withRun`.
 *
 * @example
 * const result = await runEnrich({ input: "dist/refined.xlsx", output: "dist/enriched.xlsx" });
 */
import { randomUUID } from "node:crypto";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { usageError } from "../errors.ts";
import type { EnrichOptions, EnrichResult } from "../enrich/types.ts";
import type { Profile } from "../profiles/types.ts";
import type { LineageInputs } from "../telemetry/lineage/config.ts";
import type { TelemetryInputs } from "../telemetry/options.ts";
import type { Env, RunControl } from "./control.ts";
import { libraryIo, type RunIo } from "./io.ts";
import { withRun } from "./lifecycle.ts";

export interface EnrichRequest {
  /** A refined table (.xlsx, .csv, .parquet, .json). */
  input: string;
  /** The enriched table; its suffix picks the format. */
  output: string;
  profile?: string | Profile;
  profileSearchPath?: string[];
  /** Research websites and MX records over the network (default false: no socket is opened). */
  allowNetwork?: boolean;
  /** Lowest confidence a filled value may have, 0..1 (default 0.7). */
  confidenceThreshold?: number;
  lookup?: string;
  /** Where earlier refined outputs are found (default: the input's folder). */
  distDir?: string;
  /** A UUID (default: a fresh one). */
  runId?: string;
  networkTimeoutSeconds?: number;
  networkHostIntervalSeconds?: number;
  cacheTtlSeconds?: number;
  telemetry?: TelemetryInputs;
  lineage?: LineageInputs;
  /** Relative paths, and `.hotpass/lookups/`, resolve against this folder (default: the working folder). */
  cwd?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The library entry: enrich as the CLI does it, reporting to `control` instead of the console. */
export function runEnrich(request: EnrichRequest, control: RunControl = {}): Promise<EnrichResult> {
  return enrich(request, libraryIo(control));
}

export async function enrich(request: EnrichRequest, io: RunIo): Promise<EnrichResult> {
  const options = await enrichOptions(request, io.env);
  const { enrichTable } = await import("../enrich/run.ts");
  return withRun(
    {
      command: "enrich",
      runId: options.runId,
      profile: options.profile,
      telemetry: request.telemetry ?? {},
      lineage: { command: "enrich", inputs: request.lineage ?? {}, distDir: options.distDir },
      ...io,
    },
    (run) => enrichTable(options, run),
  );
}

/** Resolves and checks a request (usage errors, exit 2, naming the flag the CLI calls it by). */
export async function enrichOptions(request: EnrichRequest, env: Env = process.env): Promise<EnrichOptions> {
  const cwd = request.cwd ?? process.cwd();
  const threshold = inRange(request.confidenceThreshold ?? 0.7, "--confidence-threshold", 0, 1);
  const timeout = inRange(request.networkTimeoutSeconds ?? 5, "--network-timeout", 0.05, 600);
  const interval = inRange(request.networkHostIntervalSeconds ?? 1, "--network-host-interval", 0, 3600);
  const ttl = inRange(request.cacheTtlSeconds ?? 86_400, "--cache-ttl", 0, Infinity);
  const runId = request.runId ?? randomUUID();
  if (!UUID.test(runId)) throw usageError(`--run-id must be a UUID (e.g. ${randomUUID()}), got '${runId}'`);
  const { loadProfile } = await import("../profiles/loader.ts");
  const profile = typeof request.profile === "object" ? request.profile : await loadProfile(request.profile, request.profileSearchPath ?? []);
  // Paths stay as the user typed them (messages name them so), unless the caller gave a folder.
  const at = (path: string) => (request.cwd ? resolve(request.cwd, path) : path);
  const inputPath = at(request.input);
  return {
    inputPath,
    outputPath: at(request.output),
    profile,
    runId,
    distDir: request.distDir ? at(request.distDir) : dirname(resolve(cwd, inputPath)),
    cwd,
    confidenceThreshold: threshold,
    lookupPath: request.lookup === undefined ? undefined : at(request.lookup),
    allowNetwork: request.allowNetwork ?? false,
    network: {
      timeoutMs: timeout * 1000,
      hostIntervalMs: interval * 1000,
      cacheDir: cacheDir(env),
      cacheTtlSeconds: ttl,
      dnsServer: env.HOTPASS_DNS_SERVER || undefined,
    },
    now: new Date(),
  };
}

function inRange(value: number, flag: string, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw usageError(`invalid ${flag} '${value}': expected a number between ${min} and ${max}`);
  }
  return value;
}

/** The research cache lives under the user's cache folder (overridable for CI and tests). */
export function cacheDir(env: Env = process.env): string {
  if (env.HOTPASS_CACHE_DIR) return env.HOTPASS_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache");
  return join(base, "hotpass");
}
