/**
 * `hotpass qa TABLE`: the output expectations and the refined table's contract, run on a table
 * that exists already (after `enrich`, or edited by hand), writing refine's quality report.
 * Exit 2 when the contract is broken, or when an expectation fails with --qa-mode strict.
 * Thin: the work is in src/ops/qa/.
 */
import { defineHotpassCommand } from "../cli/command.ts";
import { list, str } from "../cli/parse.ts";
import { Logger, type LogFormat } from "../log/logger.ts";
import type { ReportFormat } from "../pipeline/types.ts";
import { loggingArgs, profileArgs } from "./_args.ts";

export default defineHotpassCommand({
  meta: { name: "qa", description: "Check a refined or enriched table against the profile's expectations and the refined contract" },
  args: {
    table: { type: "positional", description: "the table to check (.xlsx, .csv, .parquet, .json)" },
    "qa-mode": { type: "enum", options: ["default", "strict"], default: "default", description: "strict: a failed expectation fails the check (exit 2)" },
    "report-path": { type: "string", valueHint: "file", description: "quality report base path (default: <table>-qa-quality-report.json)" },
    "report-format": { type: "enum", options: ["json", "markdown", "html"], repeatable: true, description: "extra report formats (JSON is always written)" },
    "run-id": { type: "string", valueHint: "id", description: "names the check in the report (default: a fresh UUID)" },
    ...profileArgs,
    ...loggingArgs,
  },
  async run({ args }) {
    const logger = new Logger({ format: (str(args, "log-format") ?? "text") as LogFormat, debug: args.values.debug === true });
    const { runQa } = await import("../ops/qa/index.ts");
    const result = await runQa({
      table: str(args, "table")!,
      profile: str(args, "profile"),
      profileSearchPath: list(args, "profile-search-path"),
      qaMode: str(args, "qa-mode") === "strict" ? "strict" : "default",
      reportPath: str(args, "report-path"),
      reportFormats: list(args, "report-format") as ReportFormat[],
      runId: str(args, "run-id"),
    });
    logger.runId = result.report.run_id;
    for (const failure of result.failures) logger.warn(`${failure.scope === "contract" ? "contract" : "expectation"} failed: ${failure.message}`, "qa.failure", failure);
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
