/**
 * `hotpass enrich`: fill gaps in a refined table from trusted sources, with provenance for every
 * filled value. Offline by default; network research only with --allow-network. Thin: flags ->
 * an enrich request -> the run -> the summary.
 */
import { defineHotpassCommand } from "../cli/command.ts";
import { lineageInputs, loggerFor, loggingArgs, numberArg, observabilityArgs, profileArgs, telemetryInputs } from "./_args.ts";

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
  async run({ args, given, signal }) {
    const logger = loggerFor(args);
    const [{ enrich }, { consoleSink, printSummary }] = await Promise.all([import("../run/enrich.ts"), import("../enrich/console.ts")]);
    const result = await enrich(
      {
        input: args.input,
        output: args.output,
        profile: args.profile,
        profileSearchPath: args.profileSearchPath,
        allowNetwork: args.allowNetwork === true,
        confidenceThreshold: numberArg(args.confidenceThreshold, "--confidence-threshold", { max: 1 }),
        lookup: args.lookup,
        distDir: args.distDir,
        runId: args.runId,
        networkTimeoutSeconds: numberArg(args.networkTimeout, "--network-timeout", { min: 0.05, max: 600 }),
        networkHostIntervalSeconds: numberArg(args.networkHostInterval, "--network-host-interval", { max: 3600 }),
        cacheTtlSeconds: numberArg(args.cacheTtl, "--cache-ttl"),
        telemetry: telemetryInputs(args, given),
        lineage: lineageInputs(args, given),
      },
      { logger, sinks: [consoleSink(logger)], signal, surface: "cli", env: process.env },
    );
    printSummary(logger, result);
    return 0;
  },
});
