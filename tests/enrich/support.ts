/**
 * Builds refined tables for the enrichment tests and runs `hotpass enrich` in an isolated
 * working folder (HOME, XDG folders and the research cache all inside it).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { readTable, writeTable } from "../../src/formats/index.ts";
import { SSOT_COLUMNS, type CellValue } from "../../src/pipeline/types.ts";
import { hotpass, tempDir, type RunResult } from "../support/binary.ts";

export type Row = Partial<Record<string, CellValue>>;

/** A refined row: name and slug set, everything else empty unless given. */
export function refinedRow(name: string, fields: Row = {}): CellValue[] {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const values: Row = {
    organization_name: name,
    organization_slug: slug,
    country: "South Africa",
    source_datasets: "SACAA Cleaned",
    source_record_ids: `sacaa:${name}`,
    data_quality_score: 0.2,
    selection_provenance: JSON.stringify({
      organization_name: { value: name, source_dataset: "SACAA Cleaned", source_record_id: `sacaa:${name}`, source_priority: 3 },
    }),
    ...fields,
  };
  return SSOT_COLUMNS.map((column) => values[column] ?? null);
}

export async function writeRefined(path: string, rows: CellValue[][]): Promise<void> {
  await writeTable(path, SSOT_COLUMNS, rows);
}

/** Output rows as objects keyed by column. */
export async function readRows(path: string): Promise<{ columns: string[]; rows: Record<string, CellValue>[] }> {
  const table = await readTable(path);
  return {
    columns: table.columns,
    rows: table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i] ?? null]))),
  };
}

/** Parses `field=value; field=value` provenance cells. */
export function pairs(cell: CellValue | undefined): Record<string, string> {
  if (cell === null || cell === undefined) return {};
  return Object.fromEntries(
    String(cell)
      .split("; ")
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
}

export interface Workspace {
  dir: string;
  dist: string;
  env: Record<string, string>;
  run(args: string[], env?: Record<string, string | undefined>): Promise<RunResult>;
  cleanup(): void;
}

export function workspace(): Workspace {
  const temp = tempDir("hotpass-enrich-");
  const dir = temp.path;
  const dist = join(dir, "dist");
  mkdirSync(dist);
  const env = {
    HOME: join(dir, "home"),
    HOTPASS_CONFIG_DIR: join(dir, "config"),
    XDG_CONFIG_HOME: join(dir, "xdg-config"),
    XDG_CACHE_HOME: join(dir, "xdg-cache"),
    XDG_STATE_HOME: join(dir, "xdg-state"),
    XDG_DATA_HOME: join(dir, "xdg-data"),
    HOTPASS_DISABLE_LINEAGE: "1",
    OTEL_SDK_DISABLED: "true",
    HTTP_PROXY: "",
    HTTPS_PROXY: "",
    http_proxy: "",
    https_proxy: "",
  };
  return {
    dir,
    dist,
    env,
    run: (args, extra = {}) => hotpass(["enrich", ...args], { cwd: dir, env: { ...env, ...extra } }),
    cleanup: temp.cleanup,
  };
}
