/**
 * The JSON answers behind the pages. Each takes the dashboard's context and plain parameters and
 * returns data (the server turns it into a response; the static export writes it to a file), so
 * the served site and the exported one show the same numbers.
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { collectSoon, doctor, endpoints, explainTableRow, type DashboardSettings, lineageRunId, lineageSource, lineageSpool, readEnrichReport, readQualityReport, tunnels, type Env, type Explanation, type GraphResult } from "./data.ts";
import { columnFacts, type ColumnsAnswer } from "./columns.ts";
import type { Folders } from "./paths.ts";
import { fileLink, listRuns, outputOf, reportPathOf } from "./runs.ts";
import type { LineageAnswer, RefineOptionsAnswer, RunAnswer, RunRow } from "./wire.ts";

export type { LineageAnswer, RefineOptionsAnswer, RunAnswer } from "./wire.ts";
import { queryTable, type TablePage, type TableQuery } from "./table-query.ts";
import type { TableCache } from "./tables.ts";

export interface Context {
  dists: Folders;
  /** The dist folders and the --root folders: where a refine from the page may read. */
  roots: Folders;
  tables: TableCache;
  /** The telemetry and lineage settings of the command (runs and lineage queries use them). */
  settings: DashboardSettings;
  env: Env;
  allowRun: boolean;
  profiles: () => Promise<string[]>;
}

/** A request the user can fix (bad key, missing file): status and one clear sentence. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function runsAnswer(ctx: Context): Promise<{ folders: string[]; runs: RunRow[] }> {
  return { folders: ctx.dists.given, runs: await listRuns(ctx.dists, ctx.env) };
}

export async function runAnswer(ctx: Context, key: string): Promise<RunAnswer> {
  const row = (await listRuns(ctx.dists, ctx.env)).find((r) => r.key === key);
  if (!row) throw new ApiError(404, `no run ${key} in the dist folders`);
  const path = reportPathOf(ctx.dists, key);
  // A run known only from the lineage log (it failed before writing a report).
  if (!path) return { row, error: row.error ?? "the run wrote no report", notices: [] };
  // A qa check writes refine's quality report; enrich writes its own.
  const read = row.command === "enrich" ? await readEnrichReport(path) : await readQualityReport(path);
  if (!read.ok) return { row, error: read.error, notices: [] };
  const report = read.report as unknown as Record<string, unknown>;
  const notices = Array.isArray(report.contract_notices) ? (report.contract_notices as { path?: string }[]).map((n) => fileLink(ctx.dists, String(n.path ?? ""))) : [];
  const output = outputOf(path, report);
  const table = ctx.dists.locate(output) ? fileLink(ctx.dists, output) : undefined;
  return { row, report, notices, ...(table ? { table } : {}) };
}

/** A run's report and the real path of its output table, refused unless the table is inside the dist folders. */
export async function runOutput(ctx: Context, key: string): Promise<{ table: string; report: Record<string, unknown> }> {
  const path = reportPathOf(ctx.dists, key);
  if (!path) throw new ApiError(404, `no run ${key} in the dist folders`);
  const read = key.endsWith("-enrich-report.json") ? await readEnrichReport(path) : await readQualityReport(path);
  if (!read.ok) throw new ApiError(422, `the run's report cannot be read: ${read.error}`);
  const report = read.report as unknown as Record<string, unknown>;
  const at = ctx.dists.locate(outputOf(path, report));
  const real = at ? ctx.dists.resolve(at.index, at.rel) : undefined;
  if (!real) throw new ApiError(404, "the run's output table is not in the dist folders (moved or removed?)");
  return { table: real, report };
}

async function tablePath(ctx: Context, key: string): Promise<string> {
  return (await runOutput(ctx, key)).table;
}

export async function tableAnswer(ctx: Context, key: string, query: TableQuery): Promise<TablePage> {
  const path = await tablePath(ctx, key);
  try {
    return queryTable(await ctx.tables.get(path), query);
  } catch (error) {
    throw new ApiError(422, (error as Error).message);
  } finally {
    collectSoon();
  }
}

/** The whole table (up to `limit` rows) for the static export, which pages it in the browser. */
export async function tableData(ctx: Context, key: string, limit: number): Promise<{ columns: string[]; rows: unknown[][]; total: number; dataset: string }> {
  const path = await tablePath(ctx, key);
  const index = await ctx.tables.get(path);
  const { source } = index;
  const rows = Array.from({ length: Math.min(limit, source.rowCount) }, (_, i) => source.row(i));
  return { columns: source.columns, rows, total: source.rowCount, dataset: fileLink(ctx.dists, path).name };
}

export async function columnsAnswer(ctx: Context, key: string): Promise<ColumnsAnswer> {
  const index = await ctx.tables.get(await tablePath(ctx, key));
  return columnFacts(index.source);
}

export async function rowAnswer(ctx: Context, key: string, row: number): Promise<Explanation> {
  const path = await tablePath(ctx, key);
  const index = await ctx.tables.get(path);
  const explanation = await explainTableRow(fileLink(ctx.dists, path).name, index.source, row);
  if (!explanation) throw new ApiError(404, `no row ${row} in the table`);
  return explanation;
}

/** Datasets and jobs around a run (its outputs and inputs) or one dataset, `depth` hops out. */
export async function lineageAnswer(ctx: Context, target: { runId?: string; dataset?: string }, depth: number): Promise<LineageAnswer> {
  if (!Number.isInteger(depth) || depth < 1 || depth > 50) throw new ApiError(400, "depth must be a whole number from 1 to 50");
  const { source, note } = await lineageSource(ctx.settings, ctx.env);
  const edges = new Map<string, { from: string; to: string }>();
  const add = (graph: GraphResult | undefined) => {
    for (const edge of [...(graph?.upstream ?? []), ...(graph?.downstream ?? [])]) edges.set(`${edge.from}\u0000${edge.to}`, edge);
  };
  const focus: string[] = [];
  let run: LineageAnswer["run"];
  try {
    if (target.runId) {
      const detail = await source.show(await lineageRunId(target.runId));
      if (detail) {
        const facet = detail.runFacets as Record<string, { traceId?: string; trace_id?: string } | undefined>;
        const traceId = Object.values(facet).map((f) => f?.traceId ?? f?.trace_id).find((t) => typeof t === "string");
        run = {
          runId: detail.runId,
          state: detail.state,
          startedAt: detail.startedAt,
          endedAt: detail.endedAt,
          inputs: detail.inputs.map((d) => `${d.namespace}:${d.name}`),
          outputs: detail.outputs.map((d) => `${d.namespace}:${d.name}`),
          ...(traceId ? { traceId } : {}),
        };
        const job = `job:${detail.namespace}:${detail.job}`;
        focus.push(job);
        for (const d of detail.inputs) edges.set(`dataset:${d.namespace}:${d.name}\u0000${job}`, { from: `dataset:${d.namespace}:${d.name}`, to: job });
        for (const d of detail.outputs) {
          edges.set(`${job}\u0000dataset:${d.namespace}:${d.name}`, { from: job, to: `dataset:${d.namespace}:${d.name}` });
          add(await source.graph(d, depth));
        }
      }
    } else if (target.dataset) {
      const m = /^([a-z][\w+.-]*:\/\/[^/:]*|[^:]+):(.+)$/i.exec(target.dataset);
      if (!m) throw new ApiError(400, "a dataset is <namespace>:<name>");
      const graph = await source.graph({ namespace: m[1]!, name: m[2]! }, depth);
      if (graph) focus.push(graph.node);
      add(graph);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(502, `lineage: ${source.describe} did not answer: ${(error as Error).message}`);
  }
  return { source: source.describe, ...(note ? { note } : {}), ...(run ? { run } : {}), edges: [...edges.values()], focus, depth };
}

export async function opsAnswer(ctx: Context) {
  const [tunnelState, spool, configured] = await Promise.all([tunnels(ctx.env), lineageSpool(ctx.settings, ctx.env), endpoints(ctx.settings, ctx.env)]);
  return { tunnels: tunnelState, spool, endpoints: configured };
}

/** `hotpass doctor`, on demand from the Operations page (it probes the configured endpoints). */
export async function doctorAnswer(ctx: Context) {
  return { checks: await doctor(ctx.settings, ctx.env, ctx.dists.real[0]!) };
}

const TABLE_FILE = /\.(xlsx|xlsm|xls|ods|csv)$/i;

/** Folders (two levels deep at most) under the roots that hold spreadsheets: what the form offers. */
export async function refineOptions(ctx: Context): Promise<RefineOptionsAnswer> {
  if (!ctx.allowRun) return { enabled: false, profiles: [], inputs: [], dists: [] };
  const inputs: RefineOptionsAnswer["inputs"] = [];
  ctx.roots.real.forEach((root, index) => {
    const visit = (dir: string, depth: number) => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      // A folder holding a quality report is refine's output, not an input.
      const isOutput = entries.some((e) => e.isFile() && e.name.endsWith("-quality-report.json"));
      if (!isOutput && entries.some((e) => e.isFile() && TABLE_FILE.test(e.name))) {
        const rel = relative(root, dir).split("\\").join("/");
        inputs.push({ value: rel ? `${index}/${rel}` : `${index}`, label: join(ctx.roots.given[index]!, rel) });
      }
      if (depth < 2) for (const e of entries) if (e.isDirectory() && !e.name.startsWith(".")) visit(join(dir, e.name), depth + 1);
    };
    visit(root, 0);
  });
  return { enabled: true, profiles: await ctx.profiles(), inputs, dists: ctx.dists.given.map((label, value) => ({ value, label })) };
}
