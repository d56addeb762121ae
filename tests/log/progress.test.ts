import { expect, test } from "bun:test";
import { Logger } from "../../src/log/logger.ts";
import { consoleRenderer } from "../../src/log/progress.ts";
import { EventBus } from "../../src/pipeline/events.ts";

function emitRun(bus: EventBus): void {
  bus.emit("load.started", { input_dir: "data" });
  bus.emit("load.file", { file: "a.xlsx", rows: 10, files_done: 1, files_total: 2, thread: "main" });
  bus.emit("load.file", { file: "b.xlsx", rows: 5, files_done: 2, files_total: 2, thread: "main" });
  bus.emit("load.completed", { total_rows: 15, source_rows: 17, sources: [], load_seconds: 0.5, dropped: { placeholder_organization_name: 2 } });
  bus.emit("aggregate.progress", { completed: 5, total: 9 });
  bus.emit("aggregate.completed", { total: 15, aggregated_records: 9, conflicts: 1, aggregation_seconds: 0.1, aggregate_seconds: 0.05 });
}

test("a terminal gets progress redrawn in place", () => {
  const drawn: string[] = [];
  const logger = new Logger({ format: "text" });
  emitRun(new EventBus([consoleRenderer({ logger, tty: true, write: (text) => drawn.push(text) })]));
  expect(drawn).toContain("\r\x1b[Kreading files 2/2: b.xlsx (5 rows)");
  expect(drawn).toContain("\r\x1b[Kaggregating organisations 5/9");
});

test("a pipe gets no redraws", () => {
  const drawn: string[] = [];
  const logger = new Logger({ format: "text" });
  emitRun(new EventBus([consoleRenderer({ logger, tty: false, write: (text) => drawn.push(text) })]));
  expect(drawn).toEqual([]);
});

test("--log-format json: one JSON object per event", () => {
  const lines: string[] = [];
  const logger = new Logger({ format: "json", runId: "r1", write: (line) => lines.push(line) });
  emitRun(new EventBus([consoleRenderer({ logger })]));
  const records = lines.map((line) => JSON.parse(line));
  expect(records.map((r) => r.event)).toEqual(["load.started", "load.file", "load.file", "load.completed", "aggregate.progress", "aggregate.completed"]);
  expect(records[3]).toMatchObject({ level: "info", run_id: "r1", data: { total_rows: 15, dropped: { placeholder_organization_name: 2 } } });
});
