/**
 * The tools that run the pipeline in this process: refine (workbooks -> one governed table),
 * enrich (fill gaps, with provenance) and qa (refine's checks on a table that exists, a report
 * beside it). They write files, so they need the operator role; enrich's network research needs admin. Every path must lie inside the server's roots; progress goes to the client when it
 * sent a progress token, and a cancelled call stops the run (no output replaced, lineage FAIL).
 */
import { dirname } from "node:path";
import { z } from "zod";
import { HotpassError } from "../../errors.ts";
import { allows, type Role } from "../access.ts";
import { runEnrich, runQa, runRefine } from "../library.ts";
import { enrichStep, progressReporter, refineStep } from "../progress.ts";
import { defineTool } from "../tool.ts";
import { FAILURES_SHOWN, failureSchema, firstFailures } from "./failures.ts";

export const refineTool = defineTool({
  name: "hotpass_refine",
  title: "Refine workbooks into one governed table",
  description:
    "Reads every workbook (.xlsx .xlsm .xls .ods .csv) in input_dir, maps, normalises and de-duplicates the organisations, " +
    "checks the profile's expectations and writes one row per organisation to output_path (.xlsx, .csv, .parquet or .json) " +
    "with a quality report beside it. Replaces output_path and its report if they exist (atomically: a failed run leaves " +
    "them as they were). Sends progress when given a progress token; can be cancelled.",
  role: "operator",
  input: z.strictObject({
    input_dir: z.string().min(1).describe("folder of workbooks, under the server's folders"),
    output_path: z.string().min(1).describe("the refined table to write; the suffix picks the format"),
    profile: z.string().min(1).optional().describe("profile name (see hotpass_list_profiles) or a profile file; default generic"),
    dist_dir: z.string().min(1).optional().describe("folder for contract notices and archives (default: the output's folder)"),
    country_code: z.string().regex(/^[A-Za-z]{2}$/, "expected a two-letter region such as ZA").optional().describe("default phone region (default: the profile's)"),
    qa_mode: z.enum(["default", "strict"]).default("default").describe("strict: a failed output expectation fails the run and keeps the previous output"),
    archive: z.boolean().default(false).describe("also write a zip of the output, reports and SHA256SUMS"),
    report_formats: z.array(z.enum(["markdown", "html"])).max(2).default([]).describe("extra report formats beside the JSON report"),
  }),
  output: z.object({
    run_id: z.string(),
    output_path: z.string(),
    report_path: z.string(),
    records: z.number().int(),
    invalid_records: z.number().int(),
    quality_score_mean: z.number(),
    expectations_passed: z.boolean(),
    files: z.array(z.string()).describe("every file written"),
    duration_seconds: z.number(),
    warnings: z.array(z.string()),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run(args, context) {
    const { roots } = context;
    const inputDir = roots.resolve(args.input_dir, "input_dir", { folder: true });
    roots.checkEntries(inputDir, "input_dir");
    const outputPath = roots.resolve(args.output_path, "output_path");
    const distDir = args.dist_dir === undefined ? dirname(outputPath) : roots.resolve(args.dist_dir, "dist_dir");
    const profile = profileArgument(args.profile, context.roots);
    const warnings: string[] = [];
    const result = await runRefine(
      {
        inputDir,
        outputPath,
        distDir,
        profile,
        countryCode: args.country_code,
        qaMode: args.qa_mode,
        archive: args.archive,
        reportFormats: args.report_formats,
      },
      { signal: context.signal, onEvent: progressReporter(refineStep, context.progress), onWarning: (w) => warnings.push(w) },
      context.settings,
    );
    const structured = {
      run_id: result.runId,
      output_path: result.outputPath,
      report_path: result.reportPath,
      records: result.records,
      invalid_records: result.invalidRecords,
      quality_score_mean: result.qualityScoreMean,
      expectations_passed: result.expectationsPassed,
      files: result.files,
      duration_seconds: result.durationSeconds,
      warnings,
    };
    const text =
      `refined ${result.records} organisations into ${result.outputPath} (mean quality ${result.qualityScoreMean.toFixed(2)}, ` +
      `${result.invalidRecords} invalid, expectations ${result.expectationsPassed ? "passed" : "FAILED"}) in ${result.durationSeconds.toFixed(2)} s; ` +
      `report: ${result.reportPath}; run ${result.runId}`;
    return { structured, text: [text, ...warnings.map((w) => `warning: ${w}`)].join("\n") };
  },
});

/** A profile file named by a client must lie inside the roots too; a bare name is looked up. */
function profileArgument(profile: string | undefined, roots: import("../roots.ts").Roots): string | undefined {
  if (profile === undefined || !/[\\/]|\.(ya?ml|json|toml)$/i.test(profile)) return profile;
  return roots.resolve(profile, "profile", { exists: true });
}

export const enrichTool = defineTool({
  name: "hotpass_enrich",
  title: "Enrich a refined table",
  description: (role: Role) =>
    "Fills gaps in a refined table (input) from trusted sources (a lookup table, the profile's registry, earlier refined " +
    "outputs, derivations) and writes the result to output with provenance for every filled value (see " +
    "hotpass_explain_provenance). The input is never modified. " +
    (allows(role, "admin")
      ? "allow_network: true also researches websites and MX records over the network."
      : "This server's role does not allow network research: allow_network must stay false."),
  role: "operator",
  input: z.strictObject({
    input: z.string().min(1).describe("a refined table (.xlsx, .csv, .parquet, .json) under the server's folders"),
    output: z.string().min(1).describe("the enriched table to write; the format follows the suffix"),
    profile: z.string().min(1).optional().describe("profile name or file; default generic"),
    allow_network: z.boolean().default(false).describe("research websites and MX records over the network (admin role only)"),
    confidence_threshold: z.number().min(0).max(1).default(0.7).describe("lowest confidence a filled value may have"),
    lookup: z.string().min(1).optional().describe("lookup table (default .hotpass/lookups/organizations.{csv,xlsx,json} in the first folder)"),
  }),
  output: z.object({
    run_id: z.string(),
    output_path: z.string(),
    files: z.array(z.string()),
    total_records: z.number().int(),
    enriched_records: z.number().int(),
    fills_by_fetcher: z.record(z.string(), z.number()),
    network_checks: z.number().int(),
    duration_seconds: z.number(),
    warnings: z.array(z.string()),
  }),
  annotations: (role: Role) => ({ readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: allows(role, "admin") }),
  async run(args, context) {
    if (args.allow_network && !allows(context.role, "admin")) {
      throw new HotpassError(`allow_network needs the admin role; this server runs as ${context.role} (${context.roleOrigin})`, {
        exitCode: 2,
        hint: "call again without allow_network, or have the server restarted with --role admin",
      });
    }
    const { roots } = context;
    const inputPath = roots.resolve(args.input, "input", { exists: true });
    const outputPath = roots.resolve(args.output, "output");
    const lookupPath = args.lookup === undefined ? undefined : roots.resolve(args.lookup, "lookup", { exists: true });
    const warnings: string[] = [];
    const result = await runEnrich(
      { inputPath, outputPath, profile: profileArgument(args.profile, roots), allowNetwork: args.allow_network, confidenceThreshold: args.confidence_threshold, lookupPath },
      { signal: context.signal, onEvent: progressReporter(enrichStep, context.progress), onWarning: (w) => warnings.push(w) },
      context.settings,
    );
    const structured = {
      run_id: result.runId,
      output_path: result.outputPath,
      files: result.files,
      total_records: result.totalRecords,
      enriched_records: result.enrichedRecords,
      fills_by_fetcher: result.fillsByFetcher,
      network_checks: result.networkChecks,
      duration_seconds: result.durationSeconds,
      warnings,
    };
    const fills = Object.entries(result.fillsByFetcher).map(([fetcher, n]) => `${fetcher} ${n}`).join(", ") || "none";
    const text = `enriched ${result.enrichedRecords} of ${result.totalRecords} records into ${result.outputPath} (fills: ${fills}; network checks ${result.networkChecks}) in ${result.durationSeconds.toFixed(2)} s; run ${result.runId}`;
    return { structured, text: [text, ...warnings.map((w) => `warning: ${w}`)].join("\n") };
  },
});


export const qaTool = defineTool({
  name: "hotpass_qa",
  title: "Check a table against refine's expectations and contract",
  description:
    "Runs refine's output expectations (the profile's rules) and the refined table's contract (every column, a unique " +
    "organization_slug) on an existing table under the server's folders (refined, enriched or edited by hand), and writes " +
    "<table>-qa-quality-report.json beside it, replacing an earlier one. A failed check is the answer (passed: false, " +
    "exit_code as hotpass qa would exit), not an error.",
  role: "operator",
  input: z.strictObject({
    table: z.string().min(1).describe("the table to check (.xlsx, .csv, .parquet, .json, ...)"),
    profile: z.string().min(1).optional().describe("profile name or file; default generic"),
    qa_mode: z.enum(["default", "strict"]).default("default").describe("strict: a failed expectation fails the check (exit_code 2)"),
    report_formats: z.array(z.enum(["markdown", "html"])).max(2).default([]).describe("extra report formats beside the JSON report"),
  }),
  output: z.object({
    run_id: z.string(),
    passed: z.boolean().describe("true when hotpass qa would exit 0"),
    exit_code: z.union([z.literal(0), z.literal(2)]),
    contract_broken: z.boolean(),
    records: z.number().int(),
    failures: z.array(failureSchema).describe(`the first ${FAILURES_SHOWN} failed checks`),
    report_path: z.string(),
    files: z.array(z.string()),
    warnings: z.array(z.string()),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run(args, context) {
    const table = context.roots.resolve(args.table, "table", { exists: true });
    const warnings: string[] = [];
    const result = await runQa(
      { table, profile: profileArgument(args.profile, context.roots), qaMode: args.qa_mode, reportFormats: args.report_formats },
      { signal: context.signal, onWarning: (w) => warnings.push(w) },
      context.settings,
    );
    const failures = firstFailures(result.failures);
    const structured = {
      run_id: result.report.run_id,
      passed: result.exitCode === 0,
      exit_code: result.exitCode,
      contract_broken: result.contractBroken,
      records: result.report.total_records,
      failures,
      report_path: result.reportPath,
      files: result.files,
      warnings,
    };
    const head = `${args.table}: ${result.exitCode === 0 ? "passed" : result.contractBroken ? "the contract is broken" : "expectations failed"} (${result.failures.length} failed checks, ${result.report.total_records} records); report: ${result.reportPath}`;
    return { structured, text: [head, ...failures.map((f) => `  - ${f.message}`)].join("\n") };
  },
});
