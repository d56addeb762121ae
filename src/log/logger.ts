/**
 * Human and machine log lines for commands.
 *
 * - text: consola's plain lines on stderr (stdout stays free for data); colour only on a terminal.
 * - json: one object per line on stdout: `{ts, level, event, run_id, trace_id, message, data}`.
 *
 * The trace id is looked up per line (telemetry starts after the logger), so a line in CI output
 * can be found in the tracing backend.
 */
import { createConsola, type ConsolaInstance } from "consola/basic";
import { colourEnabled } from "../cli/colour.ts";
import { escapeControl } from "./escape.ts";

export type LogFormat = "text" | "json";
export type LogLevel = "debug" | "info" | "warn" | "error";

/** One human line, as a program embedding Hotpass receives it (see `LoggerOptions.onLine`). */
export interface LogLine {
  level: LogLevel;
  event: string;
  message: string;
  data?: unknown;
}

export interface LoggerOptions {
  format: LogFormat;
  debug?: boolean;
  runId?: string;
  /** Returns the active trace id, when telemetry is on. */
  traceId?: () => string | undefined;
  /** Where JSON lines go (stdout by default); tests may capture. */
  write?: (line: string) => void;
  /**
   * Receives every human line instead of the console (the library entry, the MCP server and the
   * dashboard: nothing of theirs may reach stdout). JSON records are not passed on.
   */
  onLine?: (line: LogLine) => void;
}

export class Logger {
  readonly format: LogFormat;
  readonly debugEnabled: boolean;
  runId?: string;
  traceId?: () => string | undefined;
  private readonly consola?: ConsolaInstance;
  private readonly write: (line: string) => void;
  private readonly onLine?: (line: LogLine) => void;

  constructor(options: LoggerOptions) {
    this.format = options.format;
    this.debugEnabled = options.debug ?? false;
    this.runId = options.runId;
    this.traceId = options.traceId;
    this.write = options.write ?? ((line) => process.stdout.write(line));
    this.onLine = options.onLine;
    if (this.format === "text" && !this.onLine) {
      const colours = colourEnabled(2);
      this.consola = createConsola({
        level: this.debugEnabled ? 4 : 3,
        stdout: process.stderr,
        stderr: process.stderr,
        formatOptions: { colors: colours, date: false, compact: true },
      });
    }
  }

  debug(message: string, event = "log", data?: unknown): void {
    if (this.debugEnabled) this.line("debug", message, event, data);
  }
  info(message: string, event = "log", data?: unknown): void {
    this.line("info", message, event, data);
  }
  warn(message: string, event = "warning", data?: unknown): void {
    this.line("warn", message, event, data);
  }
  error(message: string, event = "error", data?: unknown): void {
    this.line("error", message, event, data);
  }

  /** A JSON record without a human message (pipeline events in json mode). */
  record(level: LogLevel, event: string, data: unknown, ts = Date.now()): void {
    if (this.format !== "json" || this.onLine) return;
    this.write(`${JSON.stringify(this.envelope(level, event, undefined, data, ts))}\n`);
  }

  private line(level: LogLevel, message: string, event: string, data: unknown): void {
    if (this.onLine) {
      this.onLine({ level, event, message, ...(data === undefined ? {} : { data }) });
      return;
    }
    if (this.format === "json") {
      this.write(`${JSON.stringify(this.envelope(level, event, message, data, Date.now()))}\n`);
      return;
    }
    // One line each: text from files cannot start a line of its own or drive the terminal.
    this.consola![level](escapeControl(message));
  }

  private envelope(level: LogLevel, event: string, message: string | undefined, data: unknown, ts: number) {
    return {
      ts: new Date(ts).toISOString(),
      level,
      event,
      run_id: this.runId ?? null,
      trace_id: this.traceId?.() ?? null,
      ...(message === undefined ? {} : { message }),
      data: data ?? {},
    };
  }
}
