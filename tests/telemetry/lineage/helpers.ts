/**
 * Drives a lineage session the way refine does: a real EventBus, realistic events, real files on
 * disk, a JSON logger whose lines the test reads.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { flagInputs } from "../../support/flags.ts";
import { Logger } from "../../../src/log/logger.ts";
import { EventBus } from "../../../src/pipeline/events.ts";
import type { Profile } from "../../../src/profiles/types.ts";
import { testProfile } from "../../pipeline/profile.ts";
import { startLineage } from "../../../src/telemetry/lineage/session.ts";

export function profile(overrides: Partial<Profile> = {}): Profile {
  return testProfile({ name: "aviation", display_name: "Aviation", origin: "bundled:aviation", ...overrides });
}

export interface Workspace {
  dir: string;
  env: Record<string, string | undefined>;
  inputs: string[];
  output: string;
}

export function workspace(dir: string, extraEnv: Record<string, string | undefined> = {}): Workspace {
  const data = join(dir, "data");
  mkdirSync(data, { recursive: true });
  const inputs = [join(data, "Reachout Database.xlsx"), join(data, "SACAA Cleaned.xlsx")];
  for (const file of inputs) writeFileSync(file, "PK workbook bytes");
  const env = {
    HOME: join(dir, "home"),
    XDG_STATE_HOME: join(dir, "state"),
    XDG_CONFIG_HOME: join(dir, "config"),
    HOTPASS_STATE_DIR: undefined,
    OPENLINEAGE_URL: undefined,
    OPENLINEAGE_API_KEY: undefined,
    OPENLINEAGE_PARENT_ID: undefined,
    HOTPASS_DISABLE_LINEAGE: undefined,
    HOTPASS_LINEAGE_NAMESPACE: undefined,
    ...extraEnv,
  };
  return { dir, env, inputs, output: join(dir, "dist", "refined.xlsx") };
}

export interface RunOutcome {
  runId: string;
  logs: { level: string; event: string; message?: string; data: unknown }[];
  enabled: boolean | undefined;
}

/** One refine run's events; `fail` makes it end with a data-contract failure after loading. */
export async function simulateRefine(
  ws: Workspace,
  argv: string[],
  options: { fail?: string; profile?: Profile; runId?: string } = {},
): Promise<RunOutcome> {
  const lines: string[] = [];
  const runId = options.runId ?? crypto.randomUUID();
  const logger = new Logger({ format: "json", runId, write: (line) => lines.push(line) });
  const session = await startLineage({
    command: "refine",
    inputs: flagInputs(argv).lineage,
    profile: options.profile ?? profile({ features: { observability: true } }),
    runId,
    distDir: join(ws.dir, "dist"),
    logger,
    env: ws.env,
  });
  const bus = new EventBus([session.sink]);
  const [reachout, sacaa] = ws.inputs as [string, string];
  bus.emit("pipeline.start", { input_dir: join(ws.dir, "data"), output_path: ws.output, profile: "aviation", run_id: runId });
  bus.emit("load.started", { input_dir: join(ws.dir, "data") });
  bus.emit("load.file", { file: reachout, rows: 12, files_done: 1, files_total: 2, thread: "main" });
  bus.emit("load.file", { file: sacaa, rows: 7, files_done: 2, files_total: 2, thread: "main" });
  const sources = [
    { source: "Reachout Database", file: reachout, sheet: "Organisation", rows: 12, columns: ["Organisation Name", "ID", "Area"], mapping: {}, seconds: 0.01 },
    { source: "Reachout Database", file: reachout, sheet: "Contact Info", rows: 9, columns: ["ID", "Email", ""], mapping: {}, seconds: 0.01 },
    { source: "SACAA Cleaned", file: sacaa, sheet: "Cleaned", rows: 7, columns: ["Name of Organisation", "Province"], mapping: {}, seconds: 0.01 },
  ];
  bus.emit("load.completed", { total_rows: 28, source_rows: 28, sources, load_seconds: 0.05, dropped: {} });
  if (options.fail) {
    bus.emit("pipeline.failed", { error: options.fail, exit_code: 2, reason: "error" });
    await session.end({ exitCode: 2 });
    return { runId, logs: lines.map((l) => JSON.parse(l)), enabled: session.enabled };
  }
  bus.emit("expectations.completed", {
    success: false,
    failure_count: 1,
    results: [
      { rule: "not_null", scope: "source:SACAA Cleaned/Cleaned", column: "organization_name", success: true, failed: 0, total: 7, message: "ok" },
      { rule: "not_null", scope: "output", column: "organization_name", success: true, failed: 0, total: 15, message: "ok" },
      { rule: "regex", scope: "output", column: "contact_primary_email", success: false, failed: 4, total: 15, mostly: 0.85, message: "4 of 15 emails malformed" },
    ],
    expectations_seconds: 0.01,
  });
  mkdirSync(join(ws.dir, "dist"), { recursive: true });
  writeFileSync(ws.output, "refined output bytes");
  bus.emit("write.completed", {
    path: ws.output,
    format: "xlsx",
    rows: 15,
    bytes: 20,
    columns: ["organization_name", "organization_slug", "contact_primary_email"],
    null_counts: { organization_name: 0, organization_slug: 0, contact_primary_email: 4 },
    files: [ws.output],
    write_seconds: 0.02,
  });
  bus.emit("pipeline.completed", { total_records: 15, invalid_records: 4, duration: 0.3, quality_score_mean: 0.62, report_path: join(ws.dir, "dist", "report.json"), recommendations: [], files: [] });
  await session.end({ exitCode: 0 });
  return { runId, logs: lines.map((l) => JSON.parse(l)), enabled: session.enabled };
}

/** One enrich run: the refined workbook in, the enriched one out. */
export async function simulateEnrich(ws: Workspace, argv: string[], enriched: string, options: { fail?: string } = {}): Promise<RunOutcome> {
  const lines: string[] = [];
  const runId = crypto.randomUUID();
  const logger = new Logger({ format: "json", runId, write: (line) => lines.push(line) });
  const session = await startLineage({
    command: "enrich",
    inputs: flagInputs(argv).lineage,
    profile: profile({ features: { observability: true } }),
    runId,
    distDir: join(ws.dir, "dist"),
    logger,
    env: ws.env,
  });
  const bus = new EventBus([session.sink]);
  // The detailed enrich payloads (columns, rows, bytes) as the enrich command reports them.
  const started = { input_path: ws.output, output_path: enriched, profile: "aviation", run_id: runId, allow_network: false, input_rows: 15, input_columns: ["organization_name", "website"], input_bytes: 20 };
  bus.emit("enrich.started", started);
  bus.emit("enrich.fetcher.completed", { fetcher: "registry", strategy: "offline", records: 15, seconds: 0.1, network_used: false });
  if (options.fail) bus.emit("enrich.failed", { error: options.fail, exit_code: 1, reason: "error" });
  else {
    writeFileSync(enriched, "enriched bytes!");
    const completed = { total_records: 15, enriched_records: 9, output_path: enriched, duration: 0.2, format: "xlsx", bytes: 15, columns: ["organization_name", "website", "provenance"], null_counts: { organization_name: 0, website: 6, provenance: 0 } };
    bus.emit("enrich.completed", completed);
  }
  await session.end();
  return { runId, logs: lines.map((l) => JSON.parse(l)), enabled: session.enabled };
}
