/**
 * Measuring one process from outside, for the end-to-end benchmarks (bench/refine.ts,
 * bench/peer.ts): wall time, CPU time (user + sys: on a shared machine the honest measure of
 * the work, as wall time also counts waiting for other processes), peak RSS (`/usr/bin/time`'s
 * maximum resident set size) and the machine's load average when it ended. `limitMiB` stops a
 * run whose resident memory passes it (a guard for a shared machine), and says so.
 */
import { readFileSync } from "node:fs";

export interface Measured {
  wall: number;
  cpu: number;
  user: number;
  sys: number;
  peakMiB: number;
  exitCode: number;
  /** The 1-, 5- and 15-minute load averages when the run ended. */
  load: string;
  stderr: string;
  /** What the process printed, when `captureStdout` was asked for (else ""). */
  stdout: string;
  /** Set when the run was stopped for passing `limitMiB`. */
  stoppedAtMiB?: number;
}

export function loadAverage(): string {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

/** Resident memory of a process in MiB (0 once it is gone). */
function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kib ? Number(kib) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The processes `/usr/bin/time` started (the measured command). */
function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export interface MeasureOptions {
  env?: Record<string, string | undefined>;
  limitMiB?: number;
  captureStdout?: boolean;
}

export async function measure(argv: string[], options: MeasureOptions = {}): Promise<Measured> {
  const started = performance.now();
  const proc = Bun.spawn(["/usr/bin/time", "-f", "%M %U %S", ...argv], { stdout: options.captureStdout ? "pipe" : "ignore", stderr: "pipe", env: options.env });
  const stdout = options.captureStdout ? new Response(proc.stdout as ReadableStream).text() : Promise.resolve("");
  let stoppedAtMiB: number | undefined;
  const watch = options.limitMiB
    ? setInterval(() => {
        for (const child of children(proc.pid)) {
          const rss = rssMiB(child);
          if (rss > options.limitMiB!) {
            stoppedAtMiB = rss;
            process.kill(child, "SIGKILL");
          }
        }
      }, 100)
    : undefined;
  const stderr = await new Response(proc.stderr).text();
  const exitCode = await proc.exited;
  if (watch) clearInterval(watch);
  const wall = (performance.now() - started) / 1000;
  const lines = stderr.trimEnd().split("\n");
  // /usr/bin/time adds "Command terminated by signal 9" before its figures when the child was killed.
  const [maxKiB, user, sys] = (lines.at(-1) ?? "").split(" ").map(Number);
  return {
    wall,
    cpu: (user ?? 0) + (sys ?? 0),
    user: user ?? 0,
    sys: sys ?? 0,
    peakMiB: (maxKiB ?? 0) / 1024,
    exitCode,
    load: loadAverage(),
    stderr: lines.slice(0, -1).join("\n"),
    stdout: await stdout,
    stoppedAtMiB,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "median 8.44 (7.48–8.50)" for a list of figures. */
export function spread(values: number[], digits = 2): string {
  if (values.length === 1) return values[0]!.toFixed(digits);
  return `median ${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
}

/** A Markdown table, so a sweep's summary can be pasted into the README as it is. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
