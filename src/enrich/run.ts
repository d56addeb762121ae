/**
 * One enrichment run: read the refined table, check it is one, let the offline fetchers offer
 * values in order, fill the empty fields with the best candidates, research over the network
 * only when allowed, add the provenance columns and write the output atomically.
 * It never prints: progress and results are events on the bus.
 */
import { accessSync, constants, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { contractError, HotpassError, isHotpassError, usageError } from "../errors.ts";
import { sameFile } from "../pipeline/overlap.ts";
import { isCancelled, throwIfCancelled } from "../run/control.ts";
import { nullCounts } from "../pipeline/report.ts";
import { withAtomicBatch } from "../pipeline/write/atomic.ts";
import { enrichReport, enrichReportPath } from "./report.ts";
import { readTable, writableFormat, writeTable, type Table } from "../formats/index.ts";
import type { EventBus } from "../pipeline/events.ts";
import { SSOT_COLUMNS, type CellValue } from "../pipeline/types.ts";
import { OFFLINE_FETCHERS } from "./fetchers/index.ts";
import { formatProvenance, parseProvenance } from "./provenance.ts";
import { applyChoices, choose } from "./select.ts";
import { PROVENANCE_COLUMNS, type Candidate, type EnrichOptions, type EnrichResult, type ProvenanceEntry, type RowView } from "./types.ts";

/** The columns that make a table a refined output (all 42 SSOT columns). */
export const REQUIRED_COLUMNS: readonly string[] = SSOT_COLUMNS;

export function missingColumns(columns: readonly string[]): string[] {
  const present = new Set(columns);
  return REQUIRED_COLUMNS.filter((column) => !present.has(column));
}

function checkOutput(options: EnrichOptions): void {
  writableFormat(options.outputPath);
  const output = resolve(options.outputPath);
  // The same file however it is spelled: a symbolic or hard link to the input counts too.
  const spelledTheSame = output === resolve(options.inputPath);
  if (spelledTheSame || sameFile(output, options.inputPath)) {
    const message = spelledTheSame ? "--output is the same file as --input" : `--output ${options.outputPath} is the input file ${options.inputPath}`;
    throw usageError(message, "inputs are never modified: write the output elsewhere");
  }
  const folder = dirname(output);
  try {
    if (!statSync(folder).isDirectory()) throw new Error("not a folder");
    accessSync(folder, constants.W_OK);
  } catch {
    throw usageError(`cannot write ${options.outputPath}: the folder ${folder} does not exist or is not writable`);
  }
}

export function rowViews(table: Table): RowView[] {
  const index = new Map(table.columns.map((column, i) => [column, i]));
  return table.rows.map((cells, rowIndex) => ({
    index: rowIndex,
    get(column) {
      const i = index.get(column);
      const cell = i === undefined ? null : cells[i];
      if (cell === null || cell === undefined) return null;
      const text = String(cell).trim();
      return text === "" ? null : text;
    },
    set(column, value) {
      const i = index.get(column);
      if (i !== undefined) cells[i] = value;
    },
  }));
}

/** What an enrichment run is given besides its options (a `Run` of `withRun` is one). */
export interface EnrichContext {
  bus: EventBus;
  /** Checked between fetchers and before the output is renamed into place. */
  signal?: AbortSignal;
}

/** One enrichment run; its failure is also an `enrich.failed` event (reason "cancelled" after an abort). */
export async function enrichTable(options: EnrichOptions, context: EnrichContext): Promise<EnrichResult> {
  try {
    return await enrich(options, context);
  } catch (error) {
    const wrapped = isHotpassError(error) ? error : new HotpassError(error instanceof Error ? error.message : String(error), { cause: error });
    context.bus.emit("enrich.failed", { error: wrapped.message, exit_code: wrapped.exitCode, reason: isCancelled(error) ? "cancelled" : "error" });
    throw error;
  }
}

async function enrich(options: EnrichOptions, { bus, signal }: EnrichContext): Promise<EnrichResult> {
  const started = performance.now();
  checkOutput(options);
  const input = await readTable(options.inputPath);
  // JSON carries column names only inside row objects: an empty refined .json (`[]`) has none.
  for (const message of input.notices) bus.emit("warning", { message, code: "enrich.input" });
  if ((input.format === "json" || input.format === "jsonl") && input.rows.length === 0 && input.columns.length === 0) input.columns = [...SSOT_COLUMNS];
  const missing = missingColumns(input.columns);
  if (missing.length > 0) {
    throw contractError(
      `${options.inputPath} is not a refined output: missing ${missing.length} required column${missing.length === 1 ? "" : "s"}: ${missing.join(", ")}`,
      "enrich reads the table 'hotpass refine' writes",
    );
  }
  bus.emit("enrich.started", {
    input_path: options.inputPath,
    output_path: options.outputPath,
    profile: options.profile.name,
    run_id: options.runId,
    allow_network: options.allowNetwork,
    input_format: input.format,
    input_rows: input.rows.length,
    input_columns: input.columns,
    input_bytes: statSync(options.inputPath).size,
  });

  // Enriching an enriched table keeps its provenance columns (and what they already say).
  const columns = [...input.columns, ...PROVENANCE_COLUMNS.filter((c) => !input.columns.includes(c))];
  const table: Table = { ...input, columns, rows: input.rows.map((row) => [...row, ...Array(columns.length - row.length).fill(null)]) };
  const rows = rowViews(table);
  const hadProvenance = PROVENANCE_COLUMNS.some((c) => input.columns.includes(c));
  const entries: ProvenanceEntry[][] = rows.map((row) =>
    hadProvenance ? parseProvenance(Object.fromEntries(PROVENANCE_COLUMNS.map((c) => [c, row.get(c)]))) : [],
  );
  const previousCount = entries.map((list) => list.length);

  const candidates: Candidate[][] = rows.map(() => []);
  for (const { name, strategy, prepare } of OFFLINE_FETCHERS) {
    throwIfCancelled(signal);
    const t0 = performance.now();
    bus.emit("enrich.fetcher.started", { fetcher: name, strategy, network_used: false });
    const fetcher = await prepare(options, input);
    let records = 0;
    rows.forEach((row, i) => {
      const offered = fetcher.candidates(row);
      if (offered.some((c) => c.confidence >= options.confidenceThreshold)) records++;
      candidates[i]!.push(...offered);
    });
    bus.emit("enrich.fetcher.completed", {
      fetcher: fetcher.name,
      strategy: fetcher.strategy,
      records,
      seconds: (performance.now() - t0) / 1000,
      network_used: false,
      ...(fetcher.from ? { source: fetcher.from } : {}),
      ...(fetcher.note ? { note: fetcher.note } : {}),
    });
  }

  const timestamp = options.now.toISOString();
  const networkStatus = options.allowNetwork ? "not_checked" : "disabled";
  const fillsByFetcher: Record<string, number> = {};
  rows.forEach((row, i) => {
    const chosen = choose(candidates[i]!, options.confidenceThreshold);
    for (const entry of applyChoices(row, chosen, { timestamp, networkStatus })) {
      entries[i]!.push(entry);
      const fetcher = entry.strategy === "offline_validation" ? undefined : entry.source.split(":")[0]!;
      if (fetcher) fillsByFetcher[fetcher] = (fillsByFetcher[fetcher] ?? 0) + 1;
    }
  });
  const enrichedRecords = entries.filter((list, i) => list.length > previousCount[i]!).length;

  let networkChecks = 0;
  throwIfCancelled(signal);
  if (options.allowNetwork) {
    // Loaded only here: with the network off the research code is never even imported.
    const { research } = await import("./network/research.ts");
    const outcome = await research(rows, entries, options.network, bus);
    networkChecks = outcome.requests;
    for (const message of outcome.warnings) bus.emit("warning", { message, code: "enrich.cache" });
  }

  rows.forEach((row, i) => {
    formatProvenance(entries[i]!).forEach((cell, k) => row.set(PROVENANCE_COLUMNS[k]!, cell));
  });

  // The table and its run report appear together or not at all.
  const { value: written, files } = await withAtomicBatch(async (batch) => {
    const table_ = await writeTable(options.outputPath, table.columns, table.rows, { batch, signal });
    const result: EnrichResult = {
      runId: options.runId,
      outputPath: table_.path,
      reportPath: enrichReportPath(options.outputPath),
      files: [...table_.files, enrichReportPath(options.outputPath)],
      totalRecords: rows.length,
      enrichedRecords,
      fillsByFetcher,
      networkChecks,
      durationSeconds: (performance.now() - started) / 1000,
    };
    await batch.write(result.reportPath, `${JSON.stringify(enrichReport(options, result), null, 2)}\n`);
    throwIfCancelled(signal);
    return { table: table_, result };
  });
  const duration = (performance.now() - started) / 1000;
  bus.emit("enrich.completed", {
    total_records: rows.length,
    enriched_records: enrichedRecords,
    output_path: written.table.path,
    duration,
    format: written.table.format,
    bytes: written.table.bytes,
    columns: table.columns,
    null_counts: nullCounts(table.columns, table.rows),
    files,
    fills_by_fetcher: fillsByFetcher,
  });
  return { ...written.result, files, durationSeconds: duration };
}
