/**
 * Turns a run's pipeline events into MCP progress: a percentage that only goes up (the protocol
 * requires it) and a message saying what was done ("read 2 of 3 files", "aggregated 50000 of
 * 100000 rows"). Stage weights are rough shares of a refine's time on the bundled examples.
 */
import type { PipelineEvent } from "./library.ts";

type Step = { percent: number; message: string } | undefined;

/** load 0-40, normalise 40-50, aggregate 50-85, expectations 85-90, write 90-100. */
export function refineStep(event: PipelineEvent): Step {
  switch (event.name) {
    case "load.started":
      return { percent: 0, message: "reading the workbooks" };
    case "load.file": {
      const d = event.data as { file: string; files_done: number; files_total: number; rows: number };
      const share = d.files_total > 0 ? d.files_done / d.files_total : 1;
      return { percent: 40 * share, message: `read ${d.files_done} of ${d.files_total} files (${d.rows} rows from the last)` };
    }
    case "load.completed":
      return { percent: 40, message: `loaded ${(event.data as { total_rows: number }).total_rows} source rows` };
    case "normalise.completed":
      return { percent: 50, message: `normalised ${(event.data as { total_rows: number }).total_rows} rows` };
    case "aggregate.progress": {
      const d = event.data as { completed: number; total: number };
      return { percent: 50 + 35 * (d.total > 0 ? d.completed / d.total : 1), message: `aggregated ${d.completed} of ${d.total} organisations` };
    }
    case "expectations.completed":
      return { percent: 90, message: "checked the expectations" };
    case "write.started":
      return { percent: 90, message: `writing ${(event.data as { path: string }).path}` };
    case "write.completed":
      return { percent: 100, message: `wrote ${(event.data as { rows: number }).rows} rows` };
    default:
      return undefined;
  }
}

/** enrich: each fetcher's pass is one step of six (lookup, registry, history, derived, website, mx). */
export function enrichStep(event: PipelineEvent): Step {
  switch (event.name) {
    case "enrich.started":
      return { percent: 5, message: `read ${(event.data as { input_rows?: number }).input_rows ?? "the"} rows to enrich` };
    case "enrich.fetcher.completed": {
      const d = event.data as { fetcher: string; records: number };
      return { percent: -1, message: `${d.fetcher}: values for ${d.records} records` };
    }
    case "enrich.completed":
      return { percent: 100, message: `enriched ${(event.data as { enriched_records: number }).enriched_records} records` };
    default:
      return undefined;
  }
}

/**
 * Feeds steps to `send`, dropping any that would not move the percentage up by a whole point.
 * A step with percent -1 moves one notch (of `notches`) towards 95.
 */
export function progressReporter(step: (event: PipelineEvent) => Step, send: (percent: number, message: string) => void, notches = 6): (event: PipelineEvent) => void {
  let last = -1;
  let done = 0;
  return (event) => {
    const next = step(event);
    if (!next) return;
    const percent = Math.floor(next.percent === -1 ? 5 + (90 * ++done) / notches : next.percent);
    if (percent <= last) return;
    last = percent;
    send(percent, next.message);
  };
}
