/**
 * "Check with hotpass qa" on a run's page (`--allow-run` only): the run's output table checked in
 * this process by the library's qa entry, with the run's profile. The request names a run and a
 * mode, never a path: the table is the run's own output, resolved inside the dist folders
 * (symlinks followed) exactly as the Table page resolves it, and the profile must be one the
 * dashboard offers. qa writes its report beside the table, so the check lands in Runs. One check
 * at a time.
 */
import { HotpassError } from "../errors.ts";
import type { ExpectationResult } from "../pipeline/events.ts";
import { ApiError, runOutput, type Context } from "./api.ts";
import { runQa } from "./data.ts";
import { fileLink } from "./runs.ts";
import type { QaAnswer, QaCheckLine, QaForm, QaOptionsAnswer } from "./wire.ts";

/** Failed checks listed on the page; the report file holds them all. */
export const QA_FAILURES_SHOWN = 50;

/** Whether the run's page offers the check, and with which profile (or why not). */
export async function qaOptions(ctx: Context, key: string): Promise<QaOptionsAnswer> {
  if (!ctx.allowRun) return { enabled: false };
  try {
    const { report } = await runOutput(ctx, key);
    return { enabled: true, profile: await runProfile(ctx, report) };
  } catch (error) {
    if (error instanceof ApiError) return { enabled: true, problem: error.message };
    throw error;
  }
}

export class QaChecks {
  private running = false;

  constructor(
    private readonly ctx: Context,
    private readonly searchPath: string[],
  ) {}

  /** Checks the form, runs qa on the run's table, and answers as `hotpass qa` would summarise it. */
  async check(form: Partial<QaForm>, signal: AbortSignal): Promise<QaAnswer> {
    if (typeof form.key !== "string" || form.key === "") throw new ApiError(400, "name the run to check (key)");
    if (form.qaMode !== "default" && form.qaMode !== "strict") throw new ApiError(400, "qaMode must be default or strict");
    if (this.running) throw new ApiError(409, "a qa check is already running; wait for it to finish");
    this.running = true;
    try {
      const { table, report } = await runOutput(this.ctx, form.key);
      const profile = await runProfile(this.ctx, report);
      const result = await runQa({ table, profile, profileSearchPath: this.searchPath, qaMode: form.qaMode }, { signal, settings: this.ctx.settings });
      const results = result.report.expectation_results;
      const contract = results.filter((r) => r.scope === "contract");
      const at = this.ctx.dists.locate(result.reportPath);
      return {
        runId: result.report.run_id,
        table: result.report.output_path,
        profile: result.report.profile,
        qaMode: form.qaMode,
        rows: result.report.total_records,
        invalid: result.report.invalid_records,
        qualityMean: result.report.data_quality_distribution.mean,
        expectations: tally(results.filter((r) => r.scope !== "contract")),
        contract: { ...tally(contract), broken: result.contractBroken },
        failures: result.failures.slice(0, QA_FAILURES_SHOWN).map(line),
        failuresTotal: result.failures.length,
        exitCode: result.exitCode,
        reportPath: result.reportPath,
        report: fileLink(this.ctx.dists, result.reportPath),
        ...(at ? { runKey: `${at.index}/${at.rel}` } : {}),
      };
    } catch (error) {
      // A table or profile qa cannot read is the user's to fix (exit 2 on the command line).
      if (error instanceof HotpassError) throw new ApiError(error.exitCode === 2 ? 422 : 500, `hotpass qa: ${error.message}`);
      throw error;
    } finally {
      this.running = false;
    }
  }
}

/** The run's profile, when it is one this dashboard offers (bundled or on --profile-search-path). */
async function runProfile(ctx: Context, report: Record<string, unknown>): Promise<string> {
  const profile = typeof report.profile === "string" ? report.profile : "";
  if (!(await ctx.profiles()).includes(profile)) {
    throw new ApiError(422, `the run's profile '${profile}' is not one this dashboard offers; start it with --profile-search-path naming the profile's folder`);
  }
  return profile;
}

function tally(results: ExpectationResult[]): { passed: number; failed: number } {
  const passed = results.filter((r) => r.success).length;
  return { passed, failed: results.length - passed };
}

function line(r: ExpectationResult): QaCheckLine {
  return {
    scope: r.scope,
    rule: r.rule,
    ...(r.column === undefined ? {} : { column: r.column }),
    failed: r.failed,
    total: r.total,
    message: r.message,
    samples: (r.samples ?? []).map((s) => ({ row: s.row, value: s.value === null || s.value === undefined ? "" : String(s.value) })),
  };
}
