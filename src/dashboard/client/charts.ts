/**
 * Small SVG charts (bars and lines) drawn with DOM calls: no chart library to ship, no inline
 * style, and every label is a text node. Each chart has a title and a text alternative.
 */
const NS = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars, one per label; `max` fixes the scale (1 for shares). */
export function barChart(title: string, bars: Bar[], options: { max?: number; format?: (v: number) => string } = {}): SVGSVGElement {
  const format = options.format ?? ((v: number) => String(v));
  const max = options.max ?? Math.max(1, ...bars.map((b) => b.value));
  const row = 18;
  const labelWidth = 230;
  const width = 720;
  const height = Math.max(row, bars.length * row) + 24;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart", "aria-label": `${title}: ${bars.map((b) => `${b.label} ${format(b.value)}`).join(", ")}` });
  chart.appendChild(svg("title", {}, title));
  bars.forEach((bar, i) => {
    const y = 12 + i * row;
    const w = Math.max(0, ((width - labelWidth - 80) * bar.value) / max);
    chart.appendChild(svg("text", { x: labelWidth - 6, y: y + 12, "text-anchor": "end", class: "label" }, bar.label.length > 34 ? `${bar.label.slice(0, 33)}…` : bar.label));
    chart.appendChild(svg("rect", { x: labelWidth, y: y + 2, width: w, height: row - 5, class: "bar" }));
    chart.appendChild(svg("text", { x: labelWidth + w + 6, y: y + 12, class: "value" }, format(bar.value)));
  });
  return chart;
}

export interface Series {
  name: string;
  values: (number | undefined)[];
  /** Which axis: left (0..1 scores) or right (counts). */
  axis: "left" | "right";
  className: string;
}

/** Lines over runs (oldest left): mean quality on the left axis, record counts on the right. */
export function trendChart(title: string, labels: string[], series: Series[]): SVGSVGElement {
  const width = 720;
  const height = 220;
  const pad = { l: 48, r: 64, t: 16, b: 28 };
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart trend", "aria-label": title });
  chart.appendChild(svg("title", {}, title));
  const right = Math.max(1, ...series.filter((s) => s.axis === "right").flatMap((s) => s.values.filter((v): v is number => v !== undefined)));
  const x = (i: number) => pad.l + (labels.length <= 1 ? (width - pad.l - pad.r) / 2 : (i * (width - pad.l - pad.r)) / (labels.length - 1));
  const y = (v: number, axis: "left" | "right") => pad.t + (height - pad.t - pad.b) * (1 - v / (axis === "left" ? 1 : right));
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    chart.appendChild(svg("line", { x1: pad.l, x2: width - pad.r, y1: y(tick, "left"), y2: y(tick, "left"), class: "grid" }));
    chart.appendChild(svg("text", { x: pad.l - 6, y: y(tick, "left") + 4, "text-anchor": "end", class: "label" }, tick.toFixed(2)));
    chart.appendChild(svg("text", { x: width - pad.r + 6, y: y(tick, "left") + 4, class: "label" }, Math.round(tick * right).toLocaleString("en")));
  }
  for (const s of series) {
    const points = s.values.map((v, i) => (v === undefined ? undefined : `${x(i).toFixed(1)},${y(v, s.axis).toFixed(1)}`)).filter(Boolean);
    if (points.length > 1) chart.appendChild(svg("polyline", { points: points.join(" "), class: `line ${s.className}` }));
    s.values.forEach((v, i) => {
      if (v !== undefined) chart.appendChild(svg("circle", { cx: x(i), cy: y(v, s.axis), r: 3, class: `dot ${s.className}` }));
    });
  }
  if (labels.length > 0) {
    chart.appendChild(svg("text", { x: x(0), y: height - 8, class: "label" }, labels[0]!));
    if (labels.length > 1) chart.appendChild(svg("text", { x: x(labels.length - 1), y: height - 8, "text-anchor": "end", class: "label" }, labels.at(-1)!));
  }
  return chart;
}

export { svg };
