/** Run detail: the quality report as a person reads it, with charts, filters and the run's lineage. */
import type { LineageAnswer, RunAnswer } from "../../wire.ts";
import type { ColumnsAnswer } from "../../columns.ts";
import type { ExpectationResult } from "../../../pipeline/events.ts";
import { get } from "../api.ts";
import { barChart } from "../charts.ts";
import { clear, el, fmt, section, table } from "../dom.ts";
import { qaSection } from "./qa.ts";

export async function renderRun(main: HTMLElement, key: string) {
  const answer = await get<RunAnswer>(`/api/run?key=${encodeURIComponent(key)}`);
  const { row } = answer;
  main.appendChild(el("h1", {}, `Run ${row.runId || "(unreadable report)"}`));
  main.appendChild(el("p", {}, el("a", { href: "#/" }, "← All runs"), answer.table ? " · " : "", answer.table ? el("a", { href: `#/table/${encodeURIComponent(key)}`, id: "open-table" }, "Open the table") : ""));
  if (!answer.report) {
    main.appendChild(el("p", { role: "alert", class: "error", id: "broken" }, `${row.status === "broken" ? "This report cannot be read" : "This run has no report"}: ${answer.error ?? "unknown problem"}.`, row.report.href ? " " : "", row.report.href ? el("a", { href: row.report.href }, `Download ${row.report.name}`) : ""));
    return;
  }
  const report = answer.report as Record<string, any>;
  const dist = report.data_quality_distribution ?? {};
  const perf = report.performance_metrics ?? {};
  main.appendChild(
    el(
      "dl",
      { class: "facts", id: "facts" },
      ...fact("Command", row.command),
      ...fact("Profile", row.profile),
      ...fact("Time", fmt.time(row.time)),
      ...fact("Records", fmt.num(report.total_records ?? row.records)),
      ...fact("Source rows", fmt.num(report.source_rows)),
      ...fact("Invalid records", fmt.num(report.invalid_records)),
      ...fact("Mean quality", fmt.score(dist.mean)),
      ...fact("Min / max quality", `${fmt.score(dist.min)} / ${fmt.score(dist.max)}`),
      ...fact("Expectations", report.expectations_passed === false ? "failed" : "passed"),
      ...fact("Duration", fmt.secs(perf.total_seconds ?? row.durationSeconds)),
      // A qa check read a table it did not write: that table is all there is to name.
      ...(row.command === "qa"
        ? fact("Table checked", String(report.output_path ?? "–"))
        : [...fact("Input", String(report.input_dir ?? report.input ?? "–")), ...fact("Output", String(report.output_path ?? report.output ?? "–"))]),
      ...fact("Trace id", el("code", { id: "trace-id" }, String(report.trace_id ?? "not recorded"))),
    ),
  );
  if (Array.isArray(report.recommendations) && report.recommendations.length) {
    main.appendChild(section("Recommendations", el("ul", {}, ...report.recommendations.map((r: unknown) => el("li", {}, String(r))))));
  }

  const scores = el("div", { id: "scores" }, el("p", {}, "Reading the table…"));
  main.appendChild(section("Score distribution", scores));
  main.appendChild(expectations(Array.isArray(report.expectation_results) ? report.expectation_results : []));
  // Beside the run's own expectations, so a fresh check reads against them.
  if (answer.table) {
    const qa = el("div", { id: "qa" });
    main.appendChild(qa);
    void qaSection(qa, key);
  }
  const completeness = el("div", { id: "completeness" }, el("p", {}, "Reading the table…"));
  main.appendChild(section("Completeness per column", completeness));

  const conflicts = report.conflicts ?? { count: 0, examples: [] };
  main.appendChild(
    section(
      "Conflicts",
      el("p", { id: "conflict-count" }, `${fmt.num(conflicts.count)} conflicts`),
      (conflicts.examples ?? []).length ? conflictTable(conflicts.examples) : null,
    ),
  );
  const dropped = Object.entries((report.dropped_rows ?? {}) as Record<string, number>);
  main.appendChild(section("Dropped rows by reason", dropped.length ? table(["Reason", "Rows"], dropped.map(([k, v]) => [k, fmt.num(v)]), "Dropped rows") : el("p", {}, "No rows dropped.")));
  const stages = ["load_seconds", "normalise_seconds", "aggregation_seconds", "expectations_seconds", "write_seconds"].filter((k) => typeof perf[k] === "number");
  main.appendChild(section("Stage durations", stages.length ? barChart("Seconds per stage", stages.map((k) => ({ label: k === "aggregation_seconds" && "normalise_seconds" in perf ? "aggregation (normalise included)" : k.replace(/_seconds$/, ""), value: perf[k] })), { format: (v) => `${v.toFixed(3)} s` }) : el("p", {}, "Not recorded.")));
  const sources = Object.entries((report.source_breakdown ?? {}) as Record<string, number>);
  main.appendChild(section("Sources", sources.length ? table(["Source", "Rows read"], sources.map(([k, v]) => [k, fmt.num(v)]), "Rows read per source") : el("p", {}, "No sources recorded.")));
  const notices = Array.isArray(report.contract_notices) ? report.contract_notices : [];
  main.appendChild(
    section(
      "Contract notices",
      notices.length
        ? table(["Table", "Duplicate rows dropped", "File"], notices.map((n: Record<string, unknown>, i: number) => [String(n.table ?? ""), fmt.num(n.dropped_rows), answer.notices[i]?.href ? el("a", { href: answer.notices[i]!.href!, download: "" }, answer.notices[i]!.name) : String(n.path ?? "")]), "Contract notices")
        : el("p", {}, "None."),
    ),
  );
  const lineage = el("div", { id: "run-lineage" }, el("p", {}, "Asking the lineage source…"));
  main.appendChild(section("Lineage", lineage));

  void get<ColumnsAnswer>(`/api/columns?key=${encodeURIComponent(key)}`).then(
    (c) => {
      clear(scores);
      scores.appendChild(barChart("Organisations per quality score band", c.histogram.map((b) => ({ label: b.label, value: b.count }))));
      clear(completeness);
      const filled = Object.entries((report.null_counts as Record<string, number> | undefined) ? fromNulls(report.null_counts, report.total_records) : c.completeness);
      completeness.appendChild(barChart("Share of filled cells per column", filled.map(([label, value]) => ({ label, value })), { max: 1, format: fmt.pct }));
    },
    (error: Error) => {
      scores.textContent = `The table could not be read: ${error.message}`;
      completeness.textContent = `The table could not be read: ${error.message}`;
    },
  );
  if (row.command === "qa") {
    clear(lineage);
    lineage.appendChild(el("p", {}, "A qa check records no lineage: it reads a table and writes only its report."));
    return;
  }
  void get<LineageAnswer>(`/api/lineage?run=${encodeURIComponent(row.runId)}&depth=1`).then(
    (l) => {
      clear(lineage);
      if (!l.run) {
        lineage.appendChild(el("p", {}, `No lineage recorded for this run in ${l.source}.`));
        return;
      }
      lineage.append(
        el("p", {}, `From ${l.source}: state ${l.run.state}.`),
        el("div", { class: "flow" }, el("ul", { "aria-label": "Inputs" }, ...l.run.inputs.map((d) => el("li", {}, d))), el("span", { "aria-hidden": "true" }, "→"), el("ul", { "aria-label": "Outputs" }, ...l.run.outputs.map((d) => el("li", {}, d)))),
        el("p", {}, el("a", { href: `#/lineage?run=${encodeURIComponent(row.runId)}` }, "Open in the lineage graph")),
      );
      if (l.run.traceId && report.trace_id === undefined) document.getElementById("trace-id")!.textContent = l.run.traceId;
    },
    (error: Error) => {
      lineage.textContent = `Lineage unavailable: ${error.message}`;
    },
  );
}

function conflictTable(examples: Record<string, unknown>[]): HTMLElement {
  const headers = Object.keys(examples[0] ?? {});
  const text = (v: unknown) => (v !== null && typeof v === "object" ? JSON.stringify(v) : String(v ?? ""));
  return table(headers, examples.map((c) => headers.map((h) => text(c[h]))), "Conflict examples");
}

function fact(term: string, value: Node | string): HTMLElement[] {
  return [el("dt", {}, term), el("dd", {}, value)];
}

function fromNulls(nulls: Record<string, number>, total: number): Record<string, number> {
  return Object.fromEntries(Object.entries(nulls).map(([k, v]) => [k, total ? (total - v) / total : 0]));
}

function expectations(results: ExpectationResult[]): HTMLElement {
  const rule = el("select", { id: "f-rule" }, el("option", { value: "" }, "any"), ...[...new Set(results.map((r) => r.rule))].sort().map((r) => el("option", { value: r }, r)));
  const column = el("select", { id: "f-column" }, el("option", { value: "" }, "any"), ...[...new Set(results.map((r) => r.column ?? ""))].filter(Boolean).sort().map((c) => el("option", { value: c }, c)));
  const body = el("div", { id: "expectations" });
  const passed = results.filter((r) => r.success).length;
  const draw = () => {
    clear(body);
    const shown = results.filter((r) => (!rule.value || r.rule === rule.value) && (!column.value || r.column === column.value));
    body.appendChild(
      table(
        ["Scope", "Rule", "Column", "Result", "Mostly", "Success", "Failed / total", "Message", "Sample failing rows"],
        shown.map((r) => [
          r.scope,
          r.rule,
          r.column ?? "",
          el("span", { class: `status ${r.success ? "passed" : "failed"}` }, r.success ? "pass" : "fail"),
          r.mostly === undefined ? "–" : fmt.pct(r.mostly),
          r.total ? fmt.pct((r.total - r.failed) / r.total) : "–",
          `${fmt.num(r.failed)} / ${fmt.num(r.total)}`,
          r.message,
          r.success || !r.samples?.length ? "" : el("ul", { class: "samples" }, ...r.samples.map((s) => el("li", {}, `row ${s.row}: `, el("code", {}, String(s.value ?? ""))))),
        ]),
        "Expectations",
      ),
    );
  };
  rule.addEventListener("change", draw);
  column.addEventListener("change", draw);
  draw();
  return section(
    "Expectations",
    el("p", { id: "expectation-summary" }, `${passed} passed, ${results.length - passed} failed`),
    el("form", { class: "filters", "aria-label": "Filter expectations", onsubmit: (e: Event) => e.preventDefault() }, el("label", { for: "f-rule" }, "Rule"), rule, el("label", { for: "f-column" }, "Column"), column),
    body,
  );
}
