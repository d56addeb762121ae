/**
 * The read tools over finished runs: which runs exist, a run's quality report summarised, and
 * where one organisation's values came from.
 */
import { z } from "zod";
import { usageError } from "../../errors.ts";
import { explainProvenance, listRuns, readQualityReport, type RunSummary } from "../library.ts";
import { READ_ONLY, defineTool, type ToolContext } from "../tool.ts";
import { FAILURES_SHOWN, failureSchema, firstFailures } from "./failures.ts";

const KINDS = ["refine", "enrich", "qa"] as const;

const runSummary = z.object({
  run_id: z.string(),
  kind: z.enum(KINDS).describe("refine, enrich, or qa: a hotpass qa check of a table (its report, not the table, is the run's)"),
  status: z.enum(["passed", "warning", "failed", "broken"]).describe("warning: expectations failed; failed: strict failure or the run failed; broken: unreadable report"),
  profile: z.string().nullable(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  output_path: z.string().nullable(),
  report_path: z.string().nullable().describe("null for a failed run that wrote no report"),
  records: z.number().nullable(),
  quality_score_mean: z.number().nullable(),
  expectations_failed: z.number().nullable(),
  problem: z.string().nullable(),
});

export const listRunsTool = defineTool({
  name: "hotpass_list_runs",
  title: "List refine, enrich and qa runs",
  description:
    "Lists the refine, enrich and qa runs whose reports are under the server's folders (and failed runs that wrote no report), " +
    "newest first: run id, kind, status, profile, when, output file, records and quality. Use a run_id with hotpass_quality_report, or an output_path with hotpass_explain_provenance.",
  role: "observer",
  input: z.strictObject({
    kind: z.enum(KINDS).optional().describe("only runs of this kind"),
    limit: z.number().int().min(1).max(500).default(20).describe("how many runs, newest first (default 20)"),
  }),
  output: z.object({ runs: z.array(runSummary), total: z.number().int().describe("runs found before the limit") }),
  annotations: READ_ONLY,
  async run(args, context) {
    const all = (await listRuns(context.roots.folders, context.settings.env)).filter((run) => !args.kind || run.kind === args.kind);
    const runs = all.slice(0, args.limit);
    const lines = runs.map(
      (r) => `${r.run_id}  ${r.kind}  ${r.status}  ${r.profile ?? "-"}  ${r.started_at ?? r.finished_at ?? "-"}  ${r.records ?? "-"} records  ${r.output_path ?? ""}${r.problem ? `  (${r.problem})` : ""}`,
    );
    return { structured: { runs, total: all.length }, text: runs.length === 0 ? "no runs found under the server's folders" : lines.join("\n") };
  },
});

/** The run with this id under the roots (of one of `kinds`), or a usage error listing a few that exist. */
export async function findRun(context: ToolContext, runId: string, kinds: readonly RunSummary["kind"][] = KINDS): Promise<RunSummary> {
  const runs = (await listRuns(context.roots.folders, context.settings.env)).filter((run) => kinds.includes(run.kind));
  const run = runs.find((r) => r.run_id === runId);
  if (run) return run;
  const known = runs.slice(0, 3).map((r) => r.run_id);
  throw usageError(
    `unknown run '${runId}': no ${kinds.join(" or ")} report with that run id under ${context.roots.folders.join(", ")}`,
    known.length > 0 ? `recent runs: ${known.join(", ")} (hotpass_list_runs lists them all)` : "no runs yet: run hotpass_refine first",
  );
}


export const qualityReportTool = defineTool({
  name: "hotpass_quality_report",
  title: "Summarise a run's quality report",
  description:
    "Summarises the quality report of a refine run or a qa check: records, invalid records, source rows by source, dropped rows by reason, " +
    "quality score distribution, failed expectations (first 20) and recommendations. Give run_id (from hotpass_list_runs) or " +
    "report_path (a <output>-quality-report.json under the server's folders).",
  role: "observer",
  input: z.strictObject({
    run_id: z.string().min(1).optional().describe("the run's id, as hotpass_list_runs shows it"),
    report_path: z.string().min(1).optional().describe("path of a quality report JSON file"),
  }),
  output: z.object({
    run_id: z.string(),
    profile: z.string(),
    generated_at: z.string(),
    report_path: z.string(),
    output_path: z.string(),
    qa_mode: z.string(),
    total_records: z.number(),
    invalid_records: z.number(),
    source_rows: z.number(),
    source_breakdown: z.record(z.string(), z.number()),
    dropped_rows: z.record(z.string(), z.number()),
    quality: z.object({ mean: z.number(), min: z.number(), max: z.number() }),
    expectations_passed: z.boolean(),
    expectations_checked: z.number().int(),
    expectation_failures: z.array(failureSchema).describe(`the first ${FAILURES_SHOWN} failed expectations`),
    conflicts: z.number().int(),
    recommendations: z.array(z.string()),
    notices: z.array(z.string()),
    performance: z.record(z.string(), z.number()),
  }),
  annotations: READ_ONLY,
  async run(args, context) {
    if ((args.run_id === undefined) === (args.report_path === undefined)) {
      throw usageError("give exactly one of run_id and report_path", "hotpass_list_runs lists the runs and their reports");
    }
    let path: string;
    if (args.report_path) path = context.roots.resolve(args.report_path, "report_path", { exists: true });
    else {
      // A qa check's report is a quality report too.
      const run = await findRun(context, args.run_id!, ["refine", "qa"]);
      if (!run.report_path) throw usageError(`run '${run.run_id}' wrote no quality report: ${run.problem ?? "it failed"}`, "hotpass_lineage_show shows what happened to it");
      path = run.report_path;
    }
    const report = await readQualityReport(path);
    const failures = firstFailures(report.expectation_failures ?? []);
    const structured = {
      run_id: report.run_id,
      profile: report.profile,
      generated_at: report.generated_at,
      report_path: path,
      output_path: report.output_path,
      qa_mode: report.qa_mode,
      total_records: report.total_records,
      invalid_records: report.invalid_records,
      source_rows: report.source_rows,
      source_breakdown: report.source_breakdown ?? {},
      dropped_rows: report.dropped_rows ?? {},
      quality: { mean: report.data_quality_distribution.mean, min: report.data_quality_distribution.min, max: report.data_quality_distribution.max },
      expectations_passed: report.expectations_passed,
      expectations_checked: (report.expectation_results ?? []).length,
      expectation_failures: failures,
      conflicts: report.conflicts?.count ?? 0,
      recommendations: report.recommendations ?? [],
      notices: report.notices ?? [],
      performance: numbersOf(report.performance_metrics),
    };
    const text = [
      `run ${report.run_id} (${report.profile}): ${report.total_records} records, ${report.invalid_records} invalid, from ${report.source_rows} source rows`,
      `quality mean ${report.data_quality_distribution.mean} (min ${report.data_quality_distribution.min}, max ${report.data_quality_distribution.max})`,
      `expectations ${report.expectations_passed ? "passed" : `FAILED (${(report.expectation_failures ?? []).length})`}`,
      ...failures.map((f) => `  - ${f.message}`),
      ...structured.recommendations.map((r) => `recommendation: ${r}`),
    ];
    return { structured, text: text.join("\n") };
  },
});

function numbersOf(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value && typeof value === "object") for (const [key, v] of Object.entries(value)) if (typeof v === "number") out[key] = v;
  return out;
}

const cell = z.union([z.string(), z.number(), z.null()]);

export const explainProvenanceTool = defineTool({
  name: "hotpass_explain_provenance",
  title: "Explain where an organisation's values came from",
  description:
    "For one organisation (by organization_slug) in a refined or enriched table: which source won each field during refine " +
    "and the alternatives (selection_provenance), and every value enrichment filled or checked, with source, confidence, " +
    "strategy, time and network status. An unknown slug answers with close matches.",
  role: "observer",
  input: z.strictObject({
    dataset: z.string().min(1).describe("the refined or enriched table (.xlsx, .csv, .parquet, .json) under the server's folders"),
    organization_slug: z.string().min(1).describe("the organisation's organization_slug, e.g. 360-aviation-pty-ltd"),
  }),
  output: z.object({
    dataset: z.string(),
    organization_slug: z.string(),
    organization_name: z.string().nullable(),
    selection_provenance: z.unknown().describe("refine's choice per field: parsed JSON, or the text as stored"),
    enrichment: z.array(
      z.object({
        field: z.string(),
        value: cell,
        source: z.string(),
        timestamp: z.string(),
        confidence: z.number().nullable(),
        strategy: z.string(),
        network_status: z.string(),
      }),
    ),
  }),
  annotations: READ_ONLY,
  async run(args, context) {
    const path = context.roots.resolve(args.dataset, "dataset", { exists: true });
    const { explanation, text } = await explainProvenance(await context.tables.get(path), args.organization_slug);
    return { structured: explanation, text };
  },
});
