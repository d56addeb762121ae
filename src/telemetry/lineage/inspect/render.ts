/** Plain-text tables for `hotpass lineage` (the --json output is the model itself). */
import { basename } from "node:path";
import { escapeControl } from "../../../log/escape.ts";
import type { DatasetRef } from "../types.ts";
import type { GraphResult, NodeId, RunDetail, RunSummary } from "./model.ts";

export function table(header: string[], cellsOfRows: string[][]): string {
  // Names come from events (file paths among them): escaped, so a cell is always one line.
  const rows = cellsOfRows.map((cells) => cells.map(escapeControl));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

export function duration(ms: number | undefined): string {
  if (ms === undefined) return "-";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const names = (list: DatasetRef[]): string => (list.length === 0 ? "-" : list.map((d) => basename(d.name) || d.name).join(", "));

export function runsTable(runs: RunSummary[]): string {
  if (runs.length === 0) return "no runs found";
  return table(
    ["RUN ID", "JOB", "STATE", "STARTED", "DURATION", "INPUTS -> OUTPUTS"],
    runs.map((r) => [r.runId, r.job, r.state, r.startedAt ?? "-", duration(r.durationMs), `${names(r.inputs)} -> ${names(r.outputs)}`]),
  );
}

/** A facet without its bookkeeping fields, on one line. */
function facetText(facet: unknown, max = 160): string {
  const body = Object.fromEntries(Object.entries((facet ?? {}) as Record<string, unknown>).filter(([k]) => !k.startsWith("_")));
  const text = JSON.stringify(body);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function facetLines(facets: Record<string, unknown>, indent: string): string[] {
  const keys = Object.keys(facets).sort();
  const width = Math.max(0, ...keys.map((k) => k.length));
  return keys.map((k) => `${indent}${k.padEnd(width)}  ${facetText(facets[k])}`);
}

export function runText(run: RunDetail): string {
  const out = [
    `run       ${run.runId}`,
    `job       ${run.namespace} / ${run.job}`,
    `state     ${run.state}`,
    `started   ${run.startedAt ?? "-"}`,
    `ended     ${run.endedAt ?? "-"} (${duration(run.durationMs)})`,
  ];
  if (run.events.length > 0) out.push(`events    ${run.events.map((e) => `${e.eventType} ${e.eventTime}`).join(", ")}`);
  out.push("run facets:", ...facetLines(run.runFacets, "  "));
  if (Object.keys(run.jobFacets).length > 0) out.push("job facets:", ...facetLines(run.jobFacets, "  "));
  for (const [title, list] of [["inputs", run.inputs], ["outputs", run.outputs]] as const) {
    out.push(`${title}:${list.length === 0 ? " none" : ""}`);
    for (const d of list) out.push(`  ${d.name}  (${d.namespace})`, ...facetLines(d.facets, "    "));
  }
  return out.join("\n");
}

const label = (node: NodeId): string => node.replace(/^dataset:[a-z][\w+.-]*:\/\/[^/:]*:/i, "dataset ").replace(/^(job|dataset):([^:]*):/, "$1 ");

export function graphTable(result: GraphResult): string {
  const rows = [
    ...result.upstream.map((e) => ["upstream", label(e.from), label(e.to)]),
    ...result.downstream.map((e) => ["downstream", label(e.from), label(e.to)]),
  ];
  if (rows.length === 0) return `${label(result.node)}: no upstream or downstream runs recorded`;
  return `${label(result.node)}\n${table(["DIRECTION", "FROM", "TO"], rows)}`;
}
