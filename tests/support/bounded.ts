/**
 * Runs a command under a memory ceiling and a time bound, the way the bad-input tests and the
 * fuzzer need it: a regression that makes a tiny file cost gigabytes must fail the test, not
 * take the machine down. The child's peak resident memory (VmHWM in /proc/<pid>/status) is
 * sampled every few milliseconds and the child is killed the moment it passes the ceiling.
 * (`prlimit --as` cannot do this for a Bun binary: the runtime reserves far more address space
 * than it ever touches.)
 */
import { existsSync, readFileSync } from "node:fs";
import { BINARY, ROOT, type RunOptions, type RunResult } from "./binary.ts";

export interface BoundedOptions extends RunOptions {
  /** Kill the child once its peak RSS passes this many MiB (default 768). */
  ceilingMiB?: number;
}

export interface BoundedResult extends RunResult {
  /** Peak resident memory seen, in MiB. */
  peakMiB: number;
  /** Why the child was killed, if it was. */
  killed?: "memory" | "time";
}

/** VmHWM (peak RSS) of a live process in KiB, or undefined once it is gone. */
export function peakRssKiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function runBounded(command: string[], options: BoundedOptions = {}): Promise<BoundedResult> {
  const ceiling = (options.ceilingMiB ?? 768) * 1024;
  const timeout = options.timeoutMs ?? 60_000;
  const base = options.cleanEnv ? {} : { ...process.env, NO_COLOR: "1" };
  const env = Object.fromEntries(
    Object.entries({ ...base, ...options.env }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const started = performance.now();
  const proc = Bun.spawn(command, {
    cwd: options.cwd ?? ROOT,
    env,
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  let peak = 0;
  let killed: BoundedResult["killed"];
  const sample = () => {
    const now = peakRssKiB(proc.pid);
    if (now !== undefined) peak = Math.max(peak, now);
    if (killed) return;
    if (peak > ceiling) killed = "memory";
    else if (performance.now() - started > timeout) killed = "time";
    if (killed) proc.kill("SIGKILL");
  };
  const timer = setInterval(sample, 5);
  sample();
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearInterval(timer);
  return { code, stdout, stderr, ms: performance.now() - started, peakMiB: Math.round(peak / 1024), ...(killed ? { killed } : {}) };
}

/** The compiled binary (or `binary`), bounded. */
export async function hotpassBounded(args: string[], options: BoundedOptions & { binary?: string } = {}): Promise<BoundedResult> {
  const binary = options.binary ?? BINARY;
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run 'bun run build.ts' first`);
  return runBounded([binary, ...args], options);
}
