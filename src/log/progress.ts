/**
 * The console's view of a run, as an event sink. On a terminal, progress (files read, rows
 * aggregated) is redrawn in place on stderr; on a pipe, each stage is one plain line and nothing
 * is animated; with `--log-format json`, every event is one JSON object on stdout.
 */
import { isatty } from "node:tty";
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
    write(`\r\x1b[K${text}`);
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
    const e = event as PipelineEvent;
    switch (e.name) {
      case "load.started":
        line(`reading workbooks in ${(e.data as { input_dir: string }).input_dir}`);
        break;
      case "load.file": {
        const d = e.data as { file: string; rows: number; files_done: number; files_total: number };
        if (tty) draw(`reading files ${d.files_done}/${d.files_total}: ${d.file} (${d.rows} rows)`);
        else line(`read ${d.file}: ${d.rows} rows (${d.files_done}/${d.files_total})`);
        break;
      }
      case "load.completed": {
        const d = e.data as { total_rows: number; sources: unknown[]; load_seconds: number; dropped: Record<string, number> };
        line(`loaded ${d.total_rows} rows from ${d.sources.length} sheets in ${d.load_seconds.toFixed(2)} s${droppedText(d.dropped)}`);
        break;
      }
      case "normalise.completed": {
        const d = e.data as { total_rows: number; normalise_seconds: number; dropped?: Record<string, number> };
        line(`normalised ${d.total_rows} rows in ${d.normalise_seconds.toFixed(2)} s${droppedText(d.dropped ?? {})}`);
        break;
      }
      case "aggregate.progress": {
        const d = e.data as { completed: number; total: number };
        if (tty) draw(`aggregating organisations ${d.completed}/${d.total}`);
        break;
      }
      case "aggregate.completed": {
        const d = e.data as { aggregated_records: number; conflicts: number; aggregation_seconds: number };
        line(`aggregated ${d.aggregated_records} organisations (${d.conflicts} conflicts) in ${d.aggregation_seconds.toFixed(2)} s`);
        break;
      }
      case "expectations.completed": {
        const d = e.data as { success: boolean; failure_count: number };
        line(d.success ? "expectations: all passed" : `expectations: ${d.failure_count} failed`, d.success ? "info" : "warn");
        break;
      }
      case "write.completed": {
        const d = e.data as { files: string[]; write_seconds: number };
        line(`wrote ${d.files.length} files in ${d.write_seconds.toFixed(2)} s`);
        break;
      }
      case "warning":
        line((e.data as { message: string }).message, "warn");
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
