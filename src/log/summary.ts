/**
 * The closing line of a refine run: what was made, how good it is, and every file written, as
 * one human sentence plus a snake_case record for `--log-format json` (durations to the ms).
 */
import type { RefineResult } from "../pipeline/types.ts";

export function summaryLine(result: RefineResult): { message: string; data: Record<string, unknown> } {
  const seconds = Math.round(result.durationSeconds * 1000) / 1000;
  const message =
    `refined ${result.records} organisations into ${result.outputPath} (mean quality ${result.qualityScoreMean.toFixed(2)}, ` +
    `${result.invalidRecords} invalid, expectations ${result.expectationsPassed ? "passed" : "FAILED"}) in ${seconds.toFixed(2)} s; ` +
    `report: ${result.reportPath}; wrote ${result.files.length} files: ${result.files.join(", ")}`;
  return {
    message,
    data: {
      run_id: result.runId,
      output_path: result.outputPath,
      records: result.records,
      invalid_records: result.invalidRecords,
      quality_score_mean: result.qualityScoreMean,
      expectations_passed: result.expectationsPassed,
      report_path: result.reportPath,
      files: result.files,
      duration_seconds: seconds,
      recommendations: result.recommendations,
    },
  };
}
