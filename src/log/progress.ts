/**
 * The console's view of a run, as an event sink. On a terminal, progress (files read, rows
 * aggregated) is redrawn in place on stderr; on a pipe, each stage is one plain line and nothing
 * is animated; with `--log-format json`, every event is one JSON object on stdout.
 */
import { isatty } from "node:tty";
import { escapeControl } from "./escape.ts";
import type { Logger } from "./logger.ts";
import type { EventSink, PipelineEvent } from "../pipeline/events.ts";

export interface ProgressOptions {
  logger: Logger;
  /** Redraw progress in place (default: stderr is a terminal). */
  tty?: boolean;
  /** Where in-place progress goes (stderr by default). */
  write?: (text: string) => void;
}

export function consoleRenderer(options: ProgressOptions): EventSink {
  const { logger } = options;
  if (logger.format === "json") {
    return (event) => logger.record(levelOf(event), event.name, event.data, event.ts);
  }
  const tty = options.tty ?? isatty(2);
  const write = options.write ?? ((text: string) => void process.stderr.write(text));
  let drawn = false;
  const draw = (text: string) => {
    write(`\r\x1b[K${escapeControl(text)}`);
    drawn = true;
  };
  const line = (text: string, level: "info" | "warn" = "info") => {
    if (drawn) {
      write("\r\x1b[K");
      drawn = false;
    }
    logger[level](text);
  };

  return (event) => {
    const e = event;
    switch (e.name) {
      case "load.started":
        line(`reading workbooks in ${e.data.input_dir}`);
        break;
      case "load.spilling": {
        const d = e.data;
        line(`about ${d.estimated_rows} source rows would not fit --memory-budget-mb ${d.budget_mb}: records go to disk in ${d.partitions} partitions (${d.folder})`);
        break;
      }
      case "load.progress":
        if (tty) draw(`reading ${e.data.file}: ${e.data.rows} rows`);
        break;
      case "load.file": {
        const d = e.data;
        if (tty) draw(`reading files ${d.files_done}/${d.files_total}: ${d.file} (${d.rows} rows)`);
        else line(`read ${d.file}: ${d.rows} rows (${d.files_done}/${d.files_total})`);
        break;
      }
      case "load.completed": {
        const d = e.data;
        // Source rows are what the sheets hold (the report's source_rows); records are what they
        // became after joins and the rows dropped while loading.
        line(`loaded ${d.source_rows} source rows from ${d.sources.length} sheets in ${d.load_seconds.toFixed(2)} s: ${d.total_rows} records${droppedText(d.dropped)}`);
        break;
      }
      case "normalise.completed": {
        const d = e.data;
        line(`normalised ${d.total_rows} records in ${d.normalise_seconds.toFixed(2)} s`);
        break;
      }
      case "normalise.progress":
        if (tty) draw(`normalising records ${e.data.completed}/${e.data.total}`);
        break;
      case "aggregate.progress": {
        const d = e.data;
        if (tty) draw(`aggregating organisations ${d.completed}/${d.total}`);
        break;
      }
      case "aggregate.completed": {
        const d = e.data;
        line(
          `aggregated ${d.total} records into ${d.aggregated_records} organisations (${d.conflicts} conflicts) in ${d.aggregate_seconds.toFixed(2)} s ` +
            `(${d.aggregation_seconds.toFixed(2)} s with normalise: the report's aggregation_seconds)`,
        );
        break;
      }
      case "expectations.completed": {
        const d = e.data;
        line(d.success ? "expectations: all passed" : `expectations: ${d.failure_count} failed`, d.success ? "info" : "warn");
        break;
      }
      case "write.started":
        if (tty) draw(`writing ${e.data.path}`);
        break;
      case "write.completed": {
        const d = e.data;
        line(`wrote ${d.files.length} files in ${d.write_seconds.toFixed(2)} s`);
        break;
      }
      case "pipeline.completed":
        // The report's CRITICAL and WARNING findings belong on the console too, not only in the
        // file (failed expectations were each printed as they were found).
        for (const recommendation of e.data.recommendations) {
          if (/^(CRITICAL|WARNING):/.test(recommendation) && !recommendation.includes("expectation failed")) line(recommendation, "warn");
        }
        break;
      case "warning":
        line(e.data.message, "warn");
        break;
      case "pipeline.failed":
        if (drawn) write("\r\x1b[K\n");
        drawn = false;
        break;
      default:
        break;
    }
  };
}

function levelOf(event: PipelineEvent): "info" | "warn" | "error" {
  if (event.name === "pipeline.failed" || event.name === "enrich.failed") return "error";
  if (event.name === "warning") return "warn";
  return "info";
}

function droppedText(dropped: Record<string, number>): string {
  const parts = Object.entries(dropped).filter(([, n]) => n > 0).map(([reason, n]) => `${n} ${reason.replaceAll("_", " ")}`);
  return parts.length ? `; dropped ${parts.join(", ")}` : "";
}
