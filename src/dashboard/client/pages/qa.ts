/**
 * "Check with hotpass qa" on a run's page: the run's table checked again by `hotpass qa` in the
 * dashboard (only with --allow-run, never in a static export), with the run's profile, and the
 * result shown as the command summarises it. Every value is put on the page as text.
 */
import type { QaAnswer, QaOptionsAnswer } from "../../wire.ts";
import { exported, get, post } from "../api.ts";
import { clear, el, fmt, section, table } from "../dom.ts";

const TITLE = "Check with hotpass qa";

/** Fills `holder` with the action, or removes it when the check is not offered for this run. */
export async function qaSection(holder: HTMLElement, key: string): Promise<void> {
  const options = exported ? undefined : await get<QaOptionsAnswer>(`/api/qa?key=${encodeURIComponent(key)}`).catch(() => undefined);
  if (!options?.enabled) {
    holder.remove();
    return;
  }
  if (!options.profile) {
    holder.replaceWith(section(TITLE, el("p", { id: "qa-problem" }, `Not available for this run: ${options.problem ?? "unknown reason"}.`)));
    return;
  }
  const strict = el("input", { type: "checkbox", id: "qa-strict" });
  const start = el("button", { type: "submit", id: "qa-start" }, TITLE);
  const out = el("div", { id: "qa-result", "aria-live": "polite" });
  const run = async () => {
    start.disabled = true;
    clear(out);
    out.appendChild(el("p", {}, "Checking…"));
    try {
      const answer = await post<QaAnswer>("/api/qa", { key, qaMode: strict.checked ? "strict" : "default" });
      clear(out);
      out.append(...result(answer));
    } catch (error) {
      clear(out);
      out.appendChild(el("p", { role: "alert", class: "error", id: "qa-error" }, `qa could not run: ${(error as Error).message}`));
    }
    start.disabled = false;
  };
  holder.replaceWith(
    section(
      TITLE,
      el("p", {}, "Runs the profile's output expectations and the refined table's contract on this run's table again, as 'hotpass qa TABLE' does, and writes its report beside the table (the check then appears in Runs)."),
      el(
        "form",
        { class: "filters", "aria-label": TITLE, onsubmit: (e: Event) => (e.preventDefault(), void run()) },
        el("span", {}, "Profile ", el("code", { id: "qa-profile" }, options.profile)),
        strict,
        el("label", { for: "qa-strict" }, "strict mode (a failed expectation fails the check)"),
        start,
      ),
      out,
    ),
  );
}

function result(a: QaAnswer): HTMLElement[] {
  // The sentence `hotpass qa` ends with.
  const verdict = a.contract.broken ? "CONTRACT BROKEN" : a.failuresTotal ? `${a.failuresTotal} expectation(s) FAILED` : "every expectation passed";
  const contractChecks = a.contract.passed + a.contract.failed;
  return [
    el("p", { id: "qa-summary", class: `status ${a.exitCode !== 0 ? "failed" : a.failuresTotal ? "warning" : "passed"}` }, `checked ${fmt.num(a.rows)} rows of ${a.table}: ${verdict} (${fmt.num(a.invalid)} invalid, mean quality ${a.qualityMean.toFixed(2)}); report: ${a.reportPath}`),
    el(
      "dl",
      { class: "facts", id: "qa-facts" },
      el("dt", {}, "Expectations"),
      el("dd", { id: "qa-expectations" }, `${a.expectations.passed} passed, ${a.expectations.failed} failed`),
      el("dt", {}, "Contract"),
      el("dd", { id: "qa-contract" }, a.contract.broken ? `broken: ${a.contract.failed} of ${contractChecks} checks failed` : `kept: ${contractChecks} of ${contractChecks} checks passed`),
      el("dt", {}, "Mode"),
      el("dd", {}, a.qaMode),
      el("dt", {}, "Exit code"),
      el("dd", { id: "qa-exit" }, `hotpass qa would exit ${a.exitCode}`),
      el("dt", {}, "Report"),
      el("dd", { id: "qa-report" }, a.report.href ? el("a", { href: a.report.href, download: "" }, a.report.name) : a.reportPath, a.runKey ? " · " : "", a.runKey ? el("a", { href: `#/run/${encodeURIComponent(a.runKey)}` }, "open the check as a run") : ""),
    ),
    a.failures.length
      ? el("div", { id: "qa-failures", class: "scroll" }, table(
          ["Scope", "Rule", "Column", "Failed / total", "Message", "Sample failing rows"],
          a.failures.map((f) => [
            f.scope,
            f.rule,
            f.column ?? "",
            `${fmt.num(f.failed)} / ${fmt.num(f.total)}`,
            f.message,
            f.samples.length ? el("ul", { class: "samples" }, ...f.samples.map((s) => el("li", {}, `row ${s.row}: `, el("code", {}, s.value)))) : "",
          ]),
          a.failuresTotal > a.failures.length ? `Failed checks (the first ${a.failures.length} of ${a.failuresTotal}; the report holds them all)` : "Failed checks",
        ))
      : el("p", { id: "qa-no-failures" }, "No check failed."),
  ];
}
