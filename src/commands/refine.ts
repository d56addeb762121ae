/**
 * `hotpass refine`: many messy workbooks in, one governed table out. Thin: turns the flags into a
 * refine request, runs it with the console renderer and the process's interruptions, and prints
 * the summary.
 */
import { defineHotpassCommand } from "../cli/command.ts";
import { lineageInputs, loggerFor, loggingArgs, numberArg, observabilityArgs, profileArgs, telemetryInputs } from "./_args.ts";

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
    "memory-budget-mb": { type: "string", default: "1024", valueHint: "MiB", description: "above this much memory the records go to disk, partitioned (same output, bounded memory)" },
    ...profileArgs,
    ...observabilityArgs,
    ...loggingArgs,
  },
  async run({ args, given, signal }) {
    const logger = loggerFor(args);
    const [{ refine }, { consoleRenderer }, { summaryLine }] = await Promise.all([
      import("../run/refine.ts"),
      import("../log/progress.ts"),
      import("../log/summary.ts"),
    ]);
    const result = await refine(
      {
        inputDir: args.inputDir,
        outputPath: args.outputPath,
        distDir: args.distDir,
        runId: args.runId,
        countryCode: args.countryCode,
        qaMode: args.qaMode,
        archive: args.archive === true,
        reportPath: args.reportPath,
        reportFormats: args.reportFormat,
        maxUncompressedMb: numberArg(args.maxUncompressedMb, "--max-uncompressed-mb", { min: Number.MIN_VALUE, hint: "give a positive number of MiB, e.g. 2048" }),
        memoryBudgetMb: numberArg(args.memoryBudgetMb, "--memory-budget-mb", { min: Number.MIN_VALUE, hint: "give a positive number of MiB, e.g. 1024" }),
        profile: args.profile,
        profileSearchPath: args.profileSearchPath,
        telemetry: telemetryInputs(args, given),
        lineage: lineageInputs(args, given),
      },
      { logger, sinks: [consoleRenderer({ logger })], signal, surface: "cli", env: process.env },
    );
    const summary = summaryLine(result);
    logger.info(summary.message, "summary", summary.data);
    return 0;
  },
});
