/** Runs (home): every run in the dist folders, newest first, with filters and a trend chart; new runs appear live. */
import type { RunRow } from "../../wire.ts";
import { get, listen } from "../api.ts";
import { trendChart } from "../charts.ts";
import { clear, el, fmt, table } from "../dom.ts";

interface RunsAnswer {
  folders: string[];
  runs: RunRow[];
}

export async function renderRuns(main: HTMLElement, _rest: string, params: URLSearchParams) {
  main.appendChild(el("h1", {}, "Runs"));
  const summary = el("p", { id: "runs-summary" });
  const chartBox = el("div", { class: "chart-box" });
  const body = el("div", { id: "runs-table" });
  const profile = el("select", { id: "f-profile" }, el("option", { value: "" }, "any"));
  // qa: a `hotpass qa` check of a table, listed as its own kind (it wrote a report, not the table).
  const command = el("select", { id: "f-command" }, ...["", "refine", "enrich", "qa"].map((c) => el("option", { value: c }, c || "any")));
  const status = el("select", { id: "f-status" }, ...["", "passed", "warning", "failed", "broken"].map((s) => el("option", { value: s }, s || "any")));
  const from = el("input", { id: "f-from", type: "date" });
  const to = el("input", { id: "f-to", type: "date" });
  const filters = el(
    "form",
    { class: "filters", role: "search", "aria-label": "Filter runs", onsubmit: (e: Event) => e.preventDefault() },
    el("label", { for: "f-command" }, "Command"),
    command,
    el("label", { for: "f-profile" }, "Profile"),
    profile,
    el("label", { for: "f-status" }, "Status"),
    status,
    el("label", { for: "f-from" }, "From"),
    from,
    el("label", { for: "f-to" }, "To"),
    to,
  );
  main.append(summary, filters, el("h2", {}, "Trend"), chartBox, el("h2", {}, "All runs"), body);
  status.value = params.get("status") ?? "";
  command.value = params.get("command") ?? "";
  let runs: RunRow[] = [];

  const draw = () => {
    const shown = runs.filter(
      (r) =>
        (!command.value || r.command === command.value) &&
        (!profile.value || r.profile === profile.value) &&
        (!status.value || r.status === status.value) &&
        (!from.value || r.time.slice(0, 10) >= from.value) &&
        (!to.value || r.time.slice(0, 10) <= to.value),
    );
    summary.textContent = `${shown.length} of ${runs.length} runs`;
    clear(chartBox);
    // The trend follows the refines: a qa check repeats the numbers of a table it did not make.
    const oldestFirst = shown.filter((r) => r.command === "refine" && r.status !== "broken").reverse();
    chartBox.append(
      trendChart(
        "Mean quality (left axis) and records (right axis) per run, oldest first",
        oldestFirst.map((r) => fmt.time(r.time).slice(0, 16)),
        [
          { name: "mean quality", values: oldestFirst.map((r) => r.qualityMean), axis: "left", className: "quality" },
          { name: "records", values: oldestFirst.map((r) => r.records), axis: "right", className: "records" },
        ],
      ),
      el("p", { class: "legend" }, el("span", { class: "key quality" }, "mean quality"), " ", el("span", { class: "key records" }, "records")),
    );
    clear(body);
    body.appendChild(
      table(
        ["Time", "Command", "Profile", "Run id", "Records", "Mean quality", "Invalid", "Expectations", "Duration", "Status", "Files"],
        shown.map((r) => [
          el("a", { href: `#/run/${encodeURIComponent(r.key)}` }, fmt.time(r.time)),
          r.command,
          r.profile,
          el("code", {}, r.runId || "–"),
          fmt.num(r.records),
          fmt.score(r.qualityMean),
          fmt.num(r.invalid),
          r.expectations ? `${r.expectations.passed} passed, ${r.expectations.failed} failed` : "–",
          fmt.secs(r.durationSeconds),
          el("span", { class: `status ${r.status}` }, r.error ? `${r.status}: ${r.error}` : r.status),
          el("span", {}, ...r.files.flatMap((f, i) => [i > 0 ? ", " : "", f.href ? el("a", { href: f.href }, f.name) : f.name])),
        ]),
        "Runs, newest first",
      ),
    );
    body.querySelector("table")?.setAttribute("id", "runs");
  };

  const load = async () => {
    const answer = await get<RunsAnswer>("/api/runs");
    runs = answer.runs;
    const chosen = profile.value || params.get("profile") || "";
    clear(profile);
    profile.appendChild(el("option", { value: "" }, "any"));
    for (const name of [...new Set(runs.map((r) => r.profile).filter(Boolean))].sort()) profile.appendChild(el("option", { value: name }, name));
    profile.value = chosen;
    draw();
  };
  for (const control of [command, profile, status, from, to]) control.addEventListener("change", draw);
  await load();
  return listen("/api/live", { runs: () => void load() });
}
