/**
 * What a person (text) or a machine (`--log-format json`) sees of an enrichment run: one line
 * per fetcher, warnings, and a closing summary. A sink on the run's event bus.
 */
import type { Logger } from "../log/logger.ts";
import type { EventSink } from "../pipeline/events.ts";
import type { EnrichResult } from "./types.ts";

export function consoleSink(logger: Logger): EventSink {
  return (event) => {
    if (logger.format === "json") {
      logger.record(event.name === "warning" ? "warn" : event.name === "enrich.failed" ? "error" : "info", event.name, event.data, event.ts);
      return;
    }
    switch (event.name) {
      case "enrich.fetcher.completed": {
        const d = event.data;
        if (d.note) {
          logger.info(`${d.fetcher}: skipped (${d.note})`);
          break;
        }
        const from = d.source ? ` from ${d.source}` : "";
        logger.info(`${d.fetcher}: values for ${d.records} record${d.records === 1 ? "" : "s"}${from} (${d.seconds.toFixed(2)} s)`);
        break;
      }
      case "warning":
        logger.warn(event.data.message);
        break;
      default:
        logger.debug(event.name, event.name, event.data);
    }
  };
}

export function printSummary(logger: Logger, result: EnrichResult): void {
  const fills = Object.entries(result.fillsByFetcher)
    .map(([fetcher, count]) => `${fetcher} ${count}`)
    .join(", ");
  const message =
    `enriched ${result.enrichedRecords} of ${result.totalRecords} records` +
    (fills ? ` (fields filled: ${fills})` : "") +
    (result.networkChecks > 0 ? `, ${result.networkChecks} network requests` : "") +
    ` -> ${result.outputPath} in ${result.durationSeconds.toFixed(2)} s; wrote ${result.files.length} files: ${result.files.join(", ")}`;
  logger.info(message, "enrich.summary", {
    output_path: result.outputPath,
    total_records: result.totalRecords,
    enriched_records: result.enrichedRecords,
    fills_by_fetcher: result.fillsByFetcher,
    network_requests: result.networkChecks,
    report_path: result.reportPath,
    files: result.files,
    duration_seconds: Math.round(result.durationSeconds * 1000) / 1000,
  });
}
