/**
 * Listens to a run's event stream and decides when to emit which OpenLineage event: START once
 * the inputs are known (`load.completed`, or `enrich.started`), COMPLETE on `pipeline.completed` /
 * `enrich.completed`, FAIL on `pipeline.failed` / `enrich.failed`. Exactly one START and one
 * terminal event per run, in that order.
 */
import { resolve } from "node:path";
import type { EventPayloads, ExpectationResult, PipelineEvent, SourceRead } from "../../pipeline/events.ts";
import { buildRunEvent, type InputFile, type RunFacts } from "./builders.ts";
import { fileSize } from "./spool.ts";
import type { EventType, RunEvent } from "./types.ts";

export class LineageRecorder {
  private started = false;
  private finished = false;
  private sources: SourceRead[] = [];
  private filesSeen: string[] = [];
  private expectations: ExpectationResult[] = [];
  private writes: EventPayloads["write.completed"][] = [];
  private intendedOutput?: string;

  constructor(
    private readonly facts: RunFacts,
    private readonly emit: (event: RunEvent) => void,
  ) {}

  get runStarted(): boolean {
    return this.started;
  }

  get runFinished(): boolean {
    return this.finished;
  }

  readonly sink = (event: PipelineEvent): void => {
    switch (event.name) {
      case "pipeline.start": {
        const data = event.data;
        this.intendedOutput = resolve(data.output_path);
        this.facts.outputPath = this.intendedOutput;
        this.facts.startedAt = event.ts;
        break;
      }
      case "load.file":
        this.filesSeen.push(event.data.file);
        break;
      case "load.completed":
        this.sources = event.data.sources;
        this.facts.inputs = this.inputsFromSources();
        this.start(event.ts);
        break;
      case "enrich.started": {
        const data = event.data;
        this.intendedOutput = resolve(data.output_path);
        this.facts.outputPath = this.intendedOutput;
        this.facts.startedAt = event.ts;
        if (this.facts.inputs.length === 0) {
          const input = bareInput(resolve(data.input_path));
          if (data.input_columns) input.table = { rows: data.input_rows ?? 0, columns: data.input_columns };
          if (data.input_bytes !== undefined) input.bytes = data.input_bytes;
          this.facts.inputs = [input];
        }
        this.start(event.ts);
        break;
      }
      case "expectations.completed": {
        const data = event.data;
        this.expectations = data.results;
        this.facts.summary = { ...this.facts.summary, expectationsPassed: data.success };
        break;
      }
      case "write.completed":
        this.writes.push(event.data);
        break;
      case "pipeline.completed": {
        const data = event.data;
        this.facts.summary = {
          ...this.facts.summary,
          qualityScoreMean: Number.isFinite(data.quality_score_mean) ? clamp01(data.quality_score_mean) : undefined,
          totalRecords: data.total_records,
          invalidRecords: data.invalid_records,
          durationSeconds: data.duration,
        };
        this.complete(event.ts);
        break;
      }
      case "enrich.completed": {
        const data = event.data;
        const outputPath = resolve(data.output_path);
        this.intendedOutput = outputPath;
        this.facts.summary = { ...this.facts.summary, totalRecords: data.total_records, durationSeconds: data.duration };
        if (data.columns && this.writes.length === 0) {
          this.writes.push({
            path: outputPath,
            format: data.format ?? "",
            rows: data.total_records,
            bytes: data.bytes ?? fileSize(outputPath) ?? 0,
            columns: data.columns,
            null_counts: data.null_counts ?? {},
            files: [outputPath],
            write_seconds: 0,
          });
        }
        this.complete(event.ts, { path: outputPath, rows: data.total_records });
        break;
      }
      case "pipeline.failed":
      case "enrich.failed":
        this.fail(event.data.error, event.ts);
        break;
      default:
        break;
    }
  };

  /** Ends a run that stopped without a terminal event (an error outside the pipeline). */
  fail(message: string, at = Date.now()): void {
    if (this.finished) return;
    if (!this.started) {
      // Inputs may be partly known from the files read before the failure.
      if (this.facts.inputs.length === 0) this.facts.inputs = [...new Set(this.filesSeen)].map(bareInput);
      this.start(at);
    }
    this.assignAssertions();
    this.facts.error = message;
    this.finish("FAIL", at);
  }

  /**
   * START goes out once the inputs are known, stamped with the time the run began, so the run's
   * duration in Marquez covers every stage (loading included).
   */
  private start(_knownAt: number): void {
    if (this.started) return;
    this.started = true;
    this.emit(buildRunEvent("START", this.facts, this.facts.startedAt));
  }

  private complete(at: number, fallback?: { path: string; rows: number }): void {
    if (this.finished) return;
    this.start(at);
    const written = this.writes.find((w) => resolve(w.path) === this.intendedOutput) ?? this.writes[0];
    if (written) {
      this.facts.output = {
        path: resolve(written.path),
        format: written.format,
        rows: written.rows,
        bytes: written.bytes,
        columns: written.columns,
        nullCounts: written.null_counts,
        assertions: [],
      };
    } else if (fallback) {
      this.facts.output = { path: fallback.path, format: "", rows: fallback.rows, bytes: fileSize(fallback.path), columns: [], nullCounts: {}, assertions: [] };
    }
    this.assignAssertions();
    this.finish("COMPLETE", at);
  }

  private finish(type: EventType, at: number): void {
    this.finished = true;
    this.emit(buildRunEvent(type, this.facts, at));
  }

  private inputsFromSources(): InputFile[] {
    const byFile = new Map<string, InputFile>();
    for (const s of this.sources) {
      let input = byFile.get(s.file);
      if (!input) {
        input = { path: s.file, sheets: [], bytes: fileSize(s.file), assertions: [] };
        byFile.set(s.file, input);
      }
      input.sheets.push({ sheet: s.sheet, rows: s.rows, columns: s.columns });
    }
    return [...byFile.values()];
  }

  /** Output expectations go on the output; `source:<label>/<sheet>` ones on the workbook read. */
  private assignAssertions(): void {
    for (const input of this.facts.inputs) input.assertions = [];
    if (this.facts.output) this.facts.output.assertions = [];
    for (const result of this.expectations) {
      if (result.scope === "output") {
        this.facts.output?.assertions.push(result);
        continue;
      }
      const scope = result.scope.replace(/^source:/, "");
      const cut = scope.lastIndexOf("/");
      const label = cut >= 0 ? scope.slice(0, cut) : scope;
      const sheet = cut >= 0 ? scope.slice(cut + 1) : undefined;
      const source = this.sources.find((s) => s.source === label && (sheet === undefined || s.sheet === sheet));
      const input = source && this.facts.inputs.find((i) => i.path === source.file);
      input?.assertions.push(result);
    }
  }
}

function bareInput(path: string): InputFile {
  return { path, sheets: [], bytes: fileSize(path), assertions: [] };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

