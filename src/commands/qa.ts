/**
 * `hotpass qa TABLE`: the output expectations and the refined table's contract, run on a table
 * that exists already (after `enrich`, or edited by hand), writing refine's quality report.
 * Exit 2 when the contract is broken, or when an expectation fails with --qa-mode strict.
 * Thin: the work is in src/ops/qa/.
 */
import { defineHotpassCommand } from "../cli/command.ts";
import { loggerFor, loggingArgs, profileArgs, telemetryArgs, telemetryInputs } from "./_args.ts";

export default defineHotpassCommand({
  meta: { name: "qa", description: "Check a refined or enriched table against the profile's expectations and the refined contract" },
  args: {
    table: { type: "positional", description: "the table to check (.xlsx, .csv, .parquet, .json)" },
    "qa-mode": { type: "enum", options: ["default", "strict"], default: "default", description: "strict: a failed expectation fails the check (exit 2)" },
    "report-path": { type: "string", valueHint: "file", description: "quality report base path (default: <table>-qa-quality-report.json)" },
    "report-format": { type: "enum", options: ["json", "markdown", "html"], repeatable: true, description: "extra report formats (JSON is always written)" },
    "run-id": { type: "string", valueHint: "id", description: "names the check in the report and telemetry (default: a fresh UUID)" },
    ...profileArgs,
    ...telemetryArgs,
    ...loggingArgs,
  },
  async run({ args, given, signal }) {
    const logger = loggerFor(args);
    const [{ qa }, { consoleRenderer }] = await Promise.all([import("../ops/qa/index.ts"), import("../log/progress.ts")]);
    const result = await qa(
      {
        table: args.table,
        profile: args.profile,
        profileSearchPath: args.profileSearchPath,
        qaMode: args.qaMode,
        reportPath: args.reportPath,
        reportFormats: args.reportFormat,
        runId: args.runId,
        telemetry: telemetryInputs(args, given),
      },
      { logger, sinks: [consoleRenderer({ logger })], signal, surface: "cli", env: process.env },
    );
    const { report } = result;
    const verdict = result.contractBroken ? "CONTRACT BROKEN" : result.failures.length ? `${result.failures.length} expectation(s) FAILED` : "every expectation passed";
    logger.info(
      `checked ${report.total_records} rows of ${report.output_path}: ${verdict} (${report.invalid_records} invalid, mean quality ${report.data_quality_distribution.mean.toFixed(2)}); report: ${result.reportPath}`,
      "summary",
      { run_id: report.run_id, table: report.output_path, rows: report.total_records, invalid_records: report.invalid_records, expectations_passed: report.expectations_passed, contract_broken: result.contractBroken, report_path: result.reportPath, files: result.files, exit_code: result.exitCode },
    );
    return result.exitCode;
  },
});
