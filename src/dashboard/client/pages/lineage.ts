/**
 * Lineage: the graph of datasets and jobs around a run or a dataset, with depth control, from the
 * source `hotpass lineage` reads (a --lineage-url / OPENLINEAGE_URL Marquez, a tunnel's Marquez,
 * or the local event log). Laid out by dagre, drawn as SVG with text labels.
 */
import { Graph, layout } from "@dagrejs/dagre";
import type { LineageAnswer } from "../../wire.ts";
import type { RunRow } from "../../wire.ts";
import { EXPORT_DEPTHS } from "../../export-keys.ts";
import { exported, get } from "../api.ts";
import { svg } from "../charts.ts";
import { clear, el } from "../dom.ts";

export async function renderLineage(main: HTMLElement, _rest: string, params: URLSearchParams) {
  main.appendChild(el("h1", {}, "Lineage"));
  const { runs } = await get<{ runs: RunRow[] }>("/api/runs");
  const run = el("select", { id: "l-run" }, el("option", { value: "" }, "choose a run"), ...runs.filter((r) => r.runId && r.command !== "qa").map((r) => el("option", { value: r.runId }, `${r.time.slice(0, 19)} ${r.command} ${r.profile} ${r.runId}`)));
  const dataset = el("input", { id: "l-dataset", type: "text", placeholder: "namespace:name", size: 40 });
  const depth = el("input", { id: "l-depth", type: "number", min: "1", max: exported ? String(EXPORT_DEPTHS.at(-1)) : "50", value: "3" });
  const show = el("button", { type: "submit" }, "Show");
  const out = el("div", { id: "lineage" });
  main.append(
    el("form", { class: "filters", "aria-label": "Lineage around", onsubmit: (e: Event) => (e.preventDefault(), void draw()) }, el("label", { for: "l-run" }, "Run"), run, exported ? "" : el("label", { for: "l-dataset" }, "or dataset"), exported ? "" : dataset, el("label", { for: "l-depth" }, "Depth"), depth, show),
    out,
  );
  run.value = params.get("run") ?? runs.find((r) => r.runId)?.runId ?? "";
  const draw = async () => {
    clear(out);
    const target = dataset.value.trim() ? `dataset=${encodeURIComponent(dataset.value.trim())}` : `run=${encodeURIComponent(run.value)}`;
    if (!dataset.value.trim() && !run.value) return void out.appendChild(el("p", {}, "No runs to show."));
    out.appendChild(el("p", {}, "Asking the lineage source…"));
    try {
      const answer = await get<LineageAnswer>(`/api/lineage?${target}&depth=${Number(depth.value) || 3}`);
      clear(out);
      out.appendChild(el("p", { id: "lineage-source" }, answer.note ?? `From ${answer.source}.`));
      if (answer.edges.length === 0) out.appendChild(el("p", { id: "lineage-empty" }, "Nothing recorded around it."));
      else out.appendChild(graph(answer));
    } catch (error) {
      clear(out);
      out.appendChild(el("p", { role: "alert", class: "error" }, `Lineage unavailable: ${(error as Error).message}`));
    }
  };
  depth.addEventListener("change", () => void draw());
  run.addEventListener("change", () => ((dataset.value = ""), void draw()));
  await draw();
}

function label(node: string): { kind: "job" | "dataset"; text: string } {
  const kind = node.startsWith("job:") ? "job" : "dataset";
  const rest = node.slice(kind.length + 1);
  const name = rest.slice(rest.lastIndexOf(":") + 1);
  // A file's folder and name: runs of one job over several folders read files of the same name.
  const short = name.split("/").filter(Boolean).slice(-2).join("/");
  return { kind, text: short.length > 46 ? `…${short.slice(-45)}` : short };
}

function graph(answer: LineageAnswer): HTMLElement {
  const g = new Graph();
  g.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 60, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  const nodes = new Set(answer.edges.flatMap((e) => [e.from, e.to]));
  for (const node of nodes) g.setNode(node, { width: Math.min(340, 24 + label(node).text.length * 7), height: 30 });
  for (const edge of answer.edges) g.setEdge(edge.from, edge.to);
  layout(g);
  const { width = 400, height = 200 } = g.graph();
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", class: "lineage", "aria-label": `${nodes.size} nodes, ${answer.edges.length} edges` });
  const defs = svg("defs");
  const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
  marker.appendChild(svg("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrow" }));
  defs.appendChild(marker);
  chart.appendChild(defs);
  for (const e of g.edges()) {
    const points = g.edge(e).points ?? [];
    chart.appendChild(svg("polyline", { points: points.map((p: { x: number; y: number }) => `${p.x},${p.y}`).join(" "), class: "edge", "marker-end": "url(#arrow)" }));
  }
  for (const id of g.nodes()) {
    const n = g.node(id);
    const { kind, text } = label(id);
    const group = svg("g", { class: `node ${kind}${answer.focus.includes(id) ? " focus" : ""}`, "data-node": id });
    group.appendChild(svg("title", {}, id));
    group.appendChild(svg("rect", { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height, rx: kind === "job" ? 4 : 14 }));
    group.appendChild(svg("text", { x: n.x, y: n.y + 4, "text-anchor": "middle" }, text));
    chart.appendChild(group);
  }
  const list = el("ul", { class: "visually-hidden", "aria-label": "Edges" }, ...answer.edges.map((e) => el("li", {}, `${e.from} → ${e.to}`)));
  return el("div", { class: "scroll" }, chart, list);
}
