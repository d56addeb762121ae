/**
 * `hotpass refine`: many messy workbooks in, one governed table out. Thin: resolves the flags
 * into RefineOptions, wires the event sinks (console, telemetry, lineage) and runs the pipeline.
 */
import { randomUUID } from "node:crypto";
import { dirname, resolve } from "node:path";
import { defineHotpassCommand } from "../cli/command.ts";
import { list, str, type ParsedArgs } from "../cli/parse.ts";
import { usageError } from "../errors.ts";
import { Logger, type LogFormat } from "../log/logger.ts";
import { loggingArgs, observabilityArgs, profileArgs } from "./_args.ts";

export default defineHotpassCommand({
  meta: { name: "refine", description: "Refine the workbooks in a folder into one governed table with a quality report" },
  args: {
    "input-dir": { type: "string", default: "./data", valueHint: "dir", description: "folder of workbooks (.xlsx .xlsm .xls .ods .csv)" },
    "output-path": { type: "string", default: "dist/refined.xlsx", valueHint: "file", description: "refined table; the suffix picks .xlsx, .csv, .parquet or .json" },
    "dist-dir": { type: "string", valueHint: "dir", description: "folder for reports, contract notices and archives (default: the output's folder)" },
    "run-id": { type: "string", valueHint: "id", description: "run identifier (default: a fresh UUID)" },
    "country-code": { type: "string", valueHint: "XX", description: "default phone region (default: the profile's, else ZA)" },
    "qa-mode": { type: "enum", options: ["default", "strict"], default: "default", description: "strict: a failed output expectation fails the run (exit 2)" },
    archive: { type: "boolean", description: "also write refined-data-<time>-<sha>.zip with the output, reports and SHA256SUMS" },
    "report-path": { type: "string", valueHint: "file", description: "quality report base path (default: <output>-quality-report.json)" },
    "report-format": { type: "enum", options: ["json", "markdown", "html"], repeatable: true, description: "extra report formats (JSON is always written)" },
    "max-uncompressed-mb": { type: "string", default: "1024", valueHint: "MiB", description: "refuse workbooks that unpack to more than this (zip-bomb guard)" },
    ...profileArgs,
    ...observabilityArgs,
    ...loggingArgs,
  },
  async run({ args }) {
    const logger = new Logger({ format: (str(args, "log-format") ?? "text") as LogFormat, debug: args.values.debug === true });
    const options = await resolveOptions(args);
    logger.runId = options.runId;

    const [{ EventBus }, { runRefine }, { consoleRenderer }, { startTelemetry }, { startLineage }] = await Promise.all([
      import("../pipeline/events.ts"),
      import("../pipeline/run.ts"),
      import("../log/progress.ts"),
      import("../telemetry/session.ts"),
      import("../telemetry/lineage/session.ts"),
    ]);
    const telemetry = await startTelemetry({ command: "refine", args, profile: options.profile, runId: options.runId, logger });
    logger.traceId = () => telemetry.traceId();
    const lineage = await startLineage({ command: "refine", args, profile: options.profile, runId: options.runId, distDir: options.distDir, logger });
    const bus = new EventBus([consoleRenderer({ logger }), telemetry.sink, lineage.sink]);

    let failure: unknown;
    try {
      const result = await runRefine(options, bus);
      logger.info(
        `refined ${result.records} organisations into ${result.outputPath} (mean quality ${result.qualityScoreMean.toFixed(2)}, ` +
          `${result.invalidRecords} invalid, expectations ${result.expectationsPassed ? "passed" : "FAILED"}) in ${result.durationSeconds.toFixed(2)} s; report: ${result.reportPath}`,
        "summary",
        result,
      );
      return 0;
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      await lineage.end();
      const exitCode = failure === undefined ? 0 : ((failure as { exitCode?: number }).exitCode ?? 1);
      await telemetry.end(failure === undefined ? { exitCode } : { error: failure, exitCode });
    }
  },
});

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

async function resolveOptions(args: ParsedArgs) {
  const { loadProfile } = await import("../profiles/loader.ts");
  const profile = await loadProfile(str(args, "profile"), list(args, "profile-search-path"));
  const outputPath = resolve(str(args, "output-path") ?? "dist/refined.xlsx");
  const runId = str(args, "run-id") ?? randomUUID();
  if (!RUN_ID.test(runId)) throw usageError(`invalid --run-id '${runId}'`, "use letters, digits, '.', '_' and '-' (it names a folder)");
  const countryCode = (str(args, "country-code") ?? profile.country_code ?? "ZA").toUpperCase();
  const { isSupportedCountry } = await import("libphonenumber-js/max");
  if (!isSupportedCountry(countryCode)) throw usageError(`unknown --country-code '${countryCode}'`, "give an ISO 3166 two-letter region such as ZA, GB or US");
  const maxMb = Number(str(args, "max-uncompressed-mb"));
  if (!Number.isFinite(maxMb) || maxMb <= 0) throw usageError(`invalid --max-uncompressed-mb '${str(args, "max-uncompressed-mb")}'`, "give a positive number of MiB, e.g. 2048");
  const reportPath = str(args, "report-path");
  return {
    inputDir: resolve(str(args, "input-dir") ?? "./data"),
    outputPath,
    profile,
    runId,
    distDir: resolve(str(args, "dist-dir") ?? dirname(outputPath)),
    countryCode,
    qaMode: str(args, "qa-mode") === "strict" ? ("strict" as const) : ("default" as const),
    archive: args.values.archive === true,
    ...(reportPath ? { reportPath: resolve(reportPath) } : {}),
    reportFormats: list(args, "report-format") as ("json" | "markdown" | "html")[],
    maxUncompressedBytes: Math.round(maxMb * 1024 * 1024),
  };
}
