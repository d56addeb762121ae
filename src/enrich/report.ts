/**
 * The run report `enrich` writes next to its output (`<output>-enrich-report.json`): what ran, on
 * what, with which settings, and what it filled, so an enrichment run can be found and read
 * later (the dashboard's and the MCP server's run lists read it) as a refine run's quality
 * report can.
 */
import { join, parse } from "node:path";
import type { EnrichOptions, EnrichResult } from "./types.ts";

export interface EnrichReport {
  run_id: string;
  command: "enrich";
  profile: string;
  started_at: string;
  generated_at: string;
  input_path: string;
  output_path: string;
  allow_network: boolean;
  confidence_threshold: number;
  total_records: number;
  enriched_records: number;
  fills_by_fetcher: Record<string, number>;
  network_checks: number;
  duration_seconds: number;
  files: string[];
}

export function enrichReportPath(outputPath: string): string {
  const parsed = parse(outputPath);
  return join(parsed.dir, `${parsed.name}-enrich-report.json`);
}

export function enrichReport(options: EnrichOptions, result: EnrichResult): EnrichReport {
  return {
    run_id: options.runId,
    command: "enrich",
    profile: options.profile.name,
    started_at: options.now.toISOString(),
    generated_at: new Date().toISOString(),
    input_path: options.inputPath,
    output_path: result.outputPath,
    allow_network: options.allowNetwork,
    confidence_threshold: options.confidenceThreshold,
    total_records: result.totalRecords,
    enriched_records: result.enrichedRecords,
    fills_by_fetcher: result.fillsByFetcher,
    network_checks: result.networkChecks,
    duration_seconds: Math.round(result.durationSeconds * 1000) / 1000,
    files: result.files,
  };
}
