/** Run a refine (only with --allow-run): profile, input folder, output name; progress streamed; the run lands in Runs. */
import type { RefineOptionsAnswer } from "../../wire.ts";
import { get, listen, post } from "../api.ts";
import { el, fmt } from "../dom.ts";

export async function renderRefine(main: HTMLElement) {
  main.appendChild(el("h1", {}, "Run a refine"));
  const options = await get<RefineOptionsAnswer>("/api/refine");
  if (!options.enabled) {
    main.appendChild(el("p", { id: "refine-off" }, "Running refines from this page is off. Start the dashboard with --allow-run to turn it on."));
    return;
  }
  const profile = el("select", { id: "r-profile", required: true }, ...options.profiles.map((p) => el("option", { value: p }, p)));
  const input = el("select", { id: "r-input", required: true }, ...options.inputs.map((i) => el("option", { value: i.value }, i.label)));
  const dist = el("select", { id: "r-dist" }, ...options.dists.map((d) => el("option", { value: d.value }, d.label)));
  const output = el("input", { id: "r-output", type: "text", required: true, value: "refined.xlsx", pattern: "[A-Za-z0-9][A-Za-z0-9._\\-]*\\.(xlsx|csv|parquet|json)" });
  const start = el("button", { type: "submit", id: "r-start" }, "Start refine");
  const progress = el("ol", { id: "r-progress", "aria-live": "polite" });
  const outcome = el("p", { id: "r-outcome", role: "status" });
  let stop = () => {};
  const form = el(
    "form",
    { class: "stack", "aria-label": "Refine", onsubmit: (e: Event) => (e.preventDefault(), void run()) },
    el("label", { for: "r-profile" }, "Profile"), profile,
    el("label", { for: "r-input" }, "Input folder"), input,
    el("label", { for: "r-dist" }, "Output folder"), dist,
    el("label", { for: "r-output" }, "Output file name"), output,
    start,
  );
  main.append(form, progress, outcome);
  if (options.inputs.length === 0) outcome.textContent = "No folder with spreadsheets under the --dist-dir or --root folders.";
  const run = async () => {
    start.disabled = true;
    progress.replaceChildren();
    outcome.textContent = "Starting…";
    try {
      const { id } = await post<{ id: string }>("/api/refine", { profile: profile.value, input: input.value, dist: Number(dist.value), output: output.value });
      outcome.textContent = "Running…";
      stop = listen(`/api/refine/events?id=${encodeURIComponent(id)}`, {
        event: (u) => progress.appendChild(el("li", {}, line(u as { name: string; data: Record<string, unknown> }))),
        done: (u) => {
          const d = (u as { data: { records: number; qualityMean: number; expectationsPassed: boolean; runId: string } }).data;
          outcome.replaceChildren(`Done: ${fmt.num(d.records)} organisations, mean quality ${d.qualityMean.toFixed(4)}, expectations ${d.expectationsPassed ? "passed" : "failed"}. `, el("a", { href: "#/" }, "See it in Runs"));
          start.disabled = false;
          stop();
        },
        failed: (u) => {
          outcome.textContent = `Failed: ${(u as { message: string }).message}`;
          start.disabled = false;
          stop();
        },
      });
    } catch (error) {
      outcome.textContent = `Refused: ${(error as Error).message}`;
      start.disabled = false;
    }
  };
  return () => stop();
}

function line(u: { name: string; data: Record<string, unknown> }): string {
  const d = u.data;
  switch (u.name) {
    case "load.file":
      return `read ${String(d.file).split("/").pop()} (${fmt.num(d.rows)} rows, file ${d.files_done} of ${d.files_total})`;
    case "aggregate.progress":
      return `aggregated ${fmt.num(d.completed)} of ${fmt.num(d.total)}`;
    case "write.completed":
      return `wrote ${fmt.num(d.rows)} rows to ${String(d.path).split("/").pop()}`;
    case "warning":
      return `warning: ${String(d.message)}`;
    default:
      return u.name;
  }
}
