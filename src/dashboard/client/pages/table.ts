/**
 * Table: a run's refined or enriched table, paged, sorted and filtered on the server (in an
 * export, by the same code in the browser). A row opens its provenance: which source won each
 * field, and every enrichment record, side by side.
 */
import type { Explanation } from "../../../enrich/explain-row.ts";
import type { TablePage } from "../../table-query.ts";
import { get } from "../api.ts";
import { cell, clear, el, fmt, table } from "../dom.ts";

const SHOWN = ["organization_name", "province", "status", "website", "contact_primary_email", "contact_primary_phone", "data_quality_score", "data_quality_flags"];

export async function renderTable(main: HTMLElement, key: string) {
  main.appendChild(el("h1", {}, "Table"));
  main.appendChild(el("p", {}, el("a", { href: `#/run/${encodeURIComponent(key)}` }, "← Run detail")));
  const state = { page: 1, size: 50, sort: "", dir: "asc" as "asc" | "desc", q: "", province: "", status: "", min: "", max: "", missing: "" };
  const q = el("input", { id: "t-q", type: "search", placeholder: "name, email, anything" });
  const province = el("select", { id: "t-province" }, el("option", { value: "" }, "any"));
  const status = el("select", { id: "t-status" }, el("option", { value: "" }, "any"));
  const min = el("input", { id: "t-min", type: "number", min: "0", max: "1", step: "0.05" });
  const max = el("input", { id: "t-max", type: "number", min: "0", max: "1", step: "0.05" });
  const missing = el("select", { id: "t-missing" }, el("option", { value: "" }, "none"));
  const size = el("select", { id: "t-size" }, ...[25, 50, 100, 200].map((n) => el("option", { value: n }, String(n))));
  const all = el("input", { id: "t-all", type: "checkbox" });
  size.value = "50";
  const form = el(
    "form",
    { class: "filters", role: "search", "aria-label": "Search and filter rows", onsubmit: (e: Event) => e.preventDefault() },
    el("label", { for: "t-q" }, "Search"), q,
    el("label", { for: "t-province" }, "Province"), province,
    el("label", { for: "t-status" }, "Status"), status,
    el("label", { for: "t-min" }, "Score from"), min,
    el("label", { for: "t-max" }, "to"), max,
    el("label", { for: "t-missing" }, "Missing field"), missing,
    el("label", { for: "t-size" }, "Rows per page"), size,
    el("label", { for: "t-all" }, all, " all columns"),
  );
  const info = el("p", { id: "t-info", "aria-live": "polite" });
  const grid = el("div", { id: "t-grid", class: "scroll" });
  const pager = el("nav", { class: "pager", "aria-label": "Pages of rows" });
  const detail = el("div", { id: "provenance" });
  main.append(form, info, grid, pager, detail);
  let choicesFilled = false;
  let seq = 0;

  const load = async () => {
    const mine = ++seq;
    const params = new URLSearchParams({ key, page: String(state.page), size: String(state.size), dir: state.dir });
    for (const name of ["sort", "q", "province", "status", "min", "max", "missing"] as const) if (state[name]) params.set(name, state[name]);
    const page = await get<TablePage & { exportedOf?: number }>(`/api/table?${params}`);
    if (mine !== seq) return;
    if (!choicesFilled) {
      choicesFilled = true;
      for (const p of page.choices.province) province.appendChild(el("option", { value: p }, p));
      for (const s of page.choices.status) status.appendChild(el("option", { value: s }, s));
      for (const c of page.columns) missing.appendChild(el("option", { value: c }, c));
    }
    const truncated = page.exportedOf !== undefined && page.exportedOf > page.total ? ` (this export holds the first ${fmt.num(page.total)} of ${fmt.num(page.exportedOf)} rows)` : "";
    info.textContent = `${fmt.num(page.matched)} of ${fmt.num(page.total)} rows match; page ${page.page} of ${page.pages}${truncated}`;
    const columns = all.checked ? page.columns : page.columns.filter((c) => SHOWN.includes(c));
    const indexes = columns.map((c) => page.columns.indexOf(c));
    const head = el("tr", {}, el("th", { scope: "col" }, "Row"), ...columns.map((c) => {
      const sorted = state.sort === c ? (state.dir === "asc" ? "ascending" : "descending") : "none";
      return el("th", { scope: "col", "aria-sort": sorted }, el("button", { type: "button", class: "sort", "data-column": c, onclick: () => sortBy(c) }, c, sorted === "none" ? "" : sorted === "ascending" ? " ▲" : " ▼"));
    }));
    const rows = page.rows.map((r) =>
      el("tr", {}, el("td", {}, el("button", { type: "button", class: "open-row", "data-index": r.index, onclick: () => void open(r.index) }, `#${r.index + 1}`)), ...indexes.map((i) => el("td", {}, cell(r.cells[i]))))
    );
    clear(grid);
    grid.appendChild(el("table", { id: "rows" }, el("caption", {}, "Rows (choose a row number to see its provenance)"), el("thead", {}, head), el("tbody", {}, ...rows)));
    clear(pager);
    pager.append(
      el("button", { type: "button", id: "t-prev", disabled: page.page <= 1, onclick: () => go(page.page - 1) }, "← Previous"),
      el("span", {}, ` Page ${page.page} of ${page.pages} `),
      el("button", { type: "button", id: "t-next", disabled: page.page >= page.pages, onclick: () => go(page.page + 1) }, "Next →"),
    );
  };
  const go = (page: number) => {
    state.page = page;
    void load();
  };
  const sortBy = (column: string) => {
    state.dir = state.sort === column && state.dir === "asc" ? "desc" : "asc";
    state.sort = column;
    go(1);
  };
  const open = async (index: number) => {
    const e = await get<Explanation>(`/api/row?key=${encodeURIComponent(key)}&index=${index}`);
    clear(detail);
    detail.append(el("h2", { tabindex: "-1", id: "provenance-title" }, `Provenance of ${e.organization_name ?? "(no name)"} (${e.organization_slug})`), provenance(e));
    document.getElementById("provenance-title")?.focus();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    Object.assign(state, { q: q.value, province: province.value, status: status.value, min: min.value, max: max.value, missing: missing.value, size: Number(size.value) });
    clearTimeout(timer);
    timer = setTimeout(() => go(1), 200);
  };
  for (const control of [q, min, max]) control.addEventListener("input", changed);
  for (const control of [province, status, missing, size, all]) control.addEventListener("change", changed);
  await load();
}

function provenance(e: Explanation): HTMLElement {
  const selection = e.selection_provenance;
  const chosen =
    selection && typeof selection === "object" && !Array.isArray(selection)
      ? table(["Field", "Chosen from"], Object.entries(selection as Record<string, unknown>).map(([field, d]) => [field, describe(d)]), "Selection provenance (refine)")
      : el("p", {}, selection === null || selection === undefined ? "No selection provenance recorded." : describe(selection));
  const enriched = e.enrichment.length
    ? table(["Field", "Value", "Source", "Confidence", "Strategy", "When", "Network"], e.enrichment.map((x) => [x.field, cell(x.value), x.source, String(x.confidence ?? "–"), x.strategy, x.timestamp, x.network_status]), "Enrichment records")
    : el("p", {}, "Nothing enriched for this row.");
  return el("div", { class: "side-by-side" }, el("div", {}, el("h3", {}, "Which source won each field"), chosen), el("div", {}, el("h3", {}, "Enrichment"), enriched));
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return value.map(describe).join(" | ");
  return Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`).join(", ");
}
