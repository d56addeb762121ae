/**
 * `hotpass enrich`: fill gaps in a refined table from trusted sources, with provenance for every
 * filled value. Offline by default; network research only with --allow-network.
 */
import { randomUUID } from "node:crypto";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { defineHotpassCommand } from "../cli/command.ts";
import { bool, str, list, type ParsedArgs } from "../cli/parse.ts";
import { usageError } from "../errors.ts";
import { Logger } from "../log/logger.ts";
import { loggingArgs, observabilityArgs, profileArgs } from "./_args.ts";

function numberFlag(args: ParsedArgs, name: string, { min = 0, max = Infinity } = {}): number {
  const raw = str(args, name)!;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value < min || value > max) {
    throw usageError(`--${name} must be a number between ${min} and ${max}, got '${raw}'`);
  }
  return value;
}

/** The research cache lives under the user's cache folder (overridable for CI and tests). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOTPASS_CACHE_DIR) return env.HOTPASS_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache");
  return join(base, "hotpass");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default defineHotpassCommand({
  meta: { name: "enrich", description: "Fill gaps in a refined table from trusted sources, with provenance" },
  args: {
    input: { type: "string", required: true, valueHint: "file", description: "refined table (.xlsx, .csv, .parquet, .json)" },
    output: { type: "string", required: true, valueHint: "file", description: "enriched table; the format follows the suffix" },
    "allow-network": {
      type: "boolean",
      description: "research websites and MX records over the network (default false: no socket is opened)",
    },
    "confidence-threshold": { type: "string", default: "0.7", valueHint: "0..1", description: "lowest confidence a filled value may have" },
    lookup: { type: "string", valueHint: "file", description: "lookup table (default .hotpass/lookups/organizations.{csv,xlsx,json})" },
    "dist-dir": { type: "string", valueHint: "dir", description: "where earlier refined outputs are found (default: the input's folder)" },
    "run-id": { type: "string", valueHint: "uuid", description: "run id for telemetry and lineage (default: a new UUID)" },
    "network-timeout": { type: "string", default: "5", valueHint: "seconds", description: "timeout of each network request" },
    "network-host-interval": {
      type: "string",
      default: "1",
      valueHint: "seconds",
      description: "minimum time between two requests to one host",
    },
    "cache-ttl": { type: "string", default: "86400", valueHint: "seconds", description: "how long network answers are reused" },
    ...profileArgs,
    ...observabilityArgs,
    ...loggingArgs,
  },
  async run({ args }) {
    const threshold = numberFlag(args, "confidence-threshold", { max: 1 });
    const timeout = numberFlag(args, "network-timeout", { min: 0.05, max: 600 });
    const interval = numberFlag(args, "network-host-interval", { max: 3600 });
    const ttl = numberFlag(args, "cache-ttl");
    const runId = str(args, "run-id") ?? randomUUID();
    if (!UUID.test(runId)) throw usageError(`--run-id must be a UUID (e.g. ${randomUUID()}), got '${runId}'`);
    const logger = new Logger({
      format: str(args, "log-format") === "json" ? "json" : "text",
      debug: bool(args, "debug") ?? false,
      runId,
    });

    const { loadProfile } = await import("../profiles/loader.ts");
    const profile = await loadProfile(str(args, "profile"), list(args, "profile-search-path"));
    const inputPath = str(args, "input")!;
    const outputPath = str(args, "output")!;
    const distDir = str(args, "dist-dir") ?? dirname(resolve(inputPath));

    const { EventBus } = await import("../pipeline/events.ts");
    const { consoleSink, printSummary } = await import("../enrich/console.ts");
    const bus = new EventBus([consoleSink(logger)]);
    const { startTelemetry } = await import("../telemetry/session.ts");
    const { startLineage } = await import("../telemetry/lineage/session.ts");
    const telemetry = await startTelemetry({ command: "enrich", args, profile, runId, logger });
    logger.traceId = () => telemetry.traceId();
    bus.subscribe(telemetry.sink);
    const lineage = await startLineage({ command: "enrich", args, profile, runId, distDir, logger });
    bus.subscribe(lineage.sink);

    let failure: { error: unknown; exitCode: number } | undefined;
    try {
      const { runEnrich } = await import("../enrich/run.ts");
      const result = await runEnrich(
        {
          inputPath,
          outputPath,
          profile,
          runId,
          distDir,
          cwd: process.cwd(),
          confidenceThreshold: threshold,
          lookupPath: str(args, "lookup"),
          allowNetwork: bool(args, "allow-network") ?? false,
          network: {
            timeoutMs: timeout * 1000,
            hostIntervalMs: interval * 1000,
            cacheDir: cacheDir(),
            cacheTtlSeconds: ttl,
            dnsServer: process.env.HOTPASS_DNS_SERVER || undefined,
          },
          now: new Date(),
        },
        bus,
      );
      printSummary(logger, result);
      return 0;
    } catch (error) {
      const exitCode = (error as { exitCode?: number }).exitCode ?? 1;
      failure = { error, exitCode };
      bus.emit("enrich.failed", { error: error instanceof Error ? error.message : String(error), exit_code: exitCode });
      throw error;
    } finally {
      await lineage.end();
      await telemetry.end(failure);
    }
  },
});
