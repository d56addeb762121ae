/**
 * What the server offers to read as MCP resources: each run's report and output under the roots
 * (`hotpass://runs/{run_id}/report`, `hotpass://runs/{run_id}/output`) and the bundled profiles
 * (`hotpass://profiles/{name}`). Files are served as they are on disk: text for JSON, CSV and
 * YAML, base64 blobs for workbooks and Parquet. Nothing outside the roots is ever listed or read.
 */
import { statSync } from "node:fs";
import { bundledProfiles, listRuns, mediaTypeOf, type RunSummary } from "./library.ts";
import type { Roots } from "./roots.ts";

type Env = Record<string, string | undefined>;

export interface ResourceEntry {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType: string;
  size?: number;
}

export interface ResourceContent {
  uri: string;
  mimeType: string;
  text?: string;
  blob?: string;
}

export const TEMPLATES = [
  { uriTemplate: "hotpass://runs/{run_id}/report", name: "run-report", title: "A run's report", description: "The quality report (refine) or enrich report of a run, as JSON", mimeType: "application/json" },
  { uriTemplate: "hotpass://runs/{run_id}/output", name: "run-output", title: "A run's output table", description: "The table a refine or enrich run wrote (.xlsx, .csv, .parquet or .json)" },
  { uriTemplate: "hotpass://profiles/{name}", name: "profile", title: "A bundled profile", description: "A profile compiled into hotpass, as YAML", mimeType: "application/yaml" },
] as const;

/** Larger outputs are refused: a resource travels inside one JSON-RPC message. */
export const MAX_RESOURCE_BYTES = 32 * 1024 * 1024;


/** The output file of a run, when it still exists inside the roots. */
function outputOf(run: RunSummary, roots: Roots): string | undefined {
  if (!run.output_path) return undefined;
  try {
    const path = roots.resolve(run.output_path, "output", { exists: true });
    return statSync(path).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

export async function listResources(roots: Roots, env: Env): Promise<ResourceEntry[]> {
  const entries: ResourceEntry[] = [];
  for (const run of await listRuns(roots.folders, env)) {
    const when = run.finished_at ?? run.started_at ?? "unknown time";
    if (run.report_path) {
      entries.push({ uri: `hotpass://runs/${run.run_id}/report`, name: `${run.run_id} report`, description: `${run.kind} report, ${when}`, mimeType: "application/json", size: statSync(run.report_path).size });
    }
    const output = outputOf(run, roots);
    if (output) {
      entries.push({ uri: `hotpass://runs/${run.run_id}/output`, name: `${run.run_id} output`, description: run.kind === "qa" ? `table checked by qa: ${output}` : `${run.kind} output ${output}`, mimeType: (await mediaTypeOf(output)).mediaType, size: statSync(output).size });
    }
  }
  for (const name of Object.keys(await bundledProfiles())) {
    entries.push({ uri: `hotpass://profiles/${name}`, name: `profile ${name}`, description: `the bundled ${name} profile`, mimeType: "application/yaml" });
  }
  return entries;
}

/** A URI that names nothing readable: the SDK answers it as the protocol's resource-not-found error. */
export class ResourceNotFound extends Error {
  /** JSON-RPC error code the SDK sends for this error. */
  readonly code = -32002;
}

export async function readResource(uri: string, roots: Roots, env: Env): Promise<ResourceContent> {
  const profile = /^hotpass:\/\/profiles\/([A-Za-z0-9._-]+)$/.exec(uri);
  if (profile) {
    const text = (await bundledProfiles())[profile[1]!];
    if (text === undefined) throw new ResourceNotFound(`no bundled profile '${profile[1]}' (resources/list shows them)`);
    return { uri, mimeType: "application/yaml", text };
  }
  const run = /^hotpass:\/\/runs\/([^/]+)\/(report|output)$/.exec(uri);
  if (!run) throw new ResourceNotFound(`unknown resource ${uri}: expected hotpass://runs/{run_id}/report, .../output or hotpass://profiles/{name}`);
  const runId = decodeURIComponent(run[1]!);
  const found = (await listRuns(roots.folders, env)).find((r) => r.run_id === runId);
  if (!found) throw new ResourceNotFound(`unknown run '${runId}' under ${roots.folders.join(", ")} (hotpass_list_runs lists them)`);
  const path = run[2] === "report" ? found.report_path : outputOf(found, roots);
  if (!path) throw new ResourceNotFound(run[2] === "report" ? `run '${runId}' wrote no report (${found.problem ?? "it failed"})` : `the output of run '${runId}' is no longer under the server's folders`);
  const size = statSync(path).size;
  if (size > MAX_RESOURCE_BYTES) throw new ResourceNotFound(`${path} is ${Math.round(size / 1048576)} MiB, over the ${MAX_RESOURCE_BYTES / 1048576} MiB a resource may carry; read it from disk`);
  const { mediaType: mimeType, textual } = await mediaTypeOf(path);
  const bytes = await Bun.file(path).bytes();
  return textual ? { uri, mimeType, text: new TextDecoder().decode(bytes) } : { uri, mimeType, blob: Buffer.from(bytes).toString("base64") };
}
