/**
 * Telling our tunnel process from an unrelated one that reused its PID: every entry records the
 * process start time (field 22 of /proc/<pid>/stat, clock ticks since boot), and a PID is only
 * considered ours — and only ever signalled — when that start time still matches.
 */
import { readFileSync } from "node:fs";

/** The start time of `pid` as recorded by the kernel, or undefined when the process is gone. */
export function processStartTime(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (process.platform === "linux") {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const state = fields[0];
      if (state === "Z" || state === "X") return undefined; // a zombie holds no tunnel
      return fields[19]; // field 22 overall: 3 + 19
    } catch {
      return undefined;
    }
  }
  // Elsewhere: existence only; the PID itself stands in for the start time.
  try {
    process.kill(pid, 0);
    return "alive";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? "alive" : undefined;
  }
}

/** True when `pid` is still the very process that recorded `startTime`. */
export function isSameProcess(pid: number, startTime: string): boolean {
  const now = processStartTime(pid);
  return now !== undefined && now === startTime;
}

/** Sends `signal` only if `pid` is still the process that recorded `startTime`. */
export function signalIfSame(pid: number, startTime: string, signal: NodeJS.Signals): boolean {
  if (!isSameProcess(pid, startTime)) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}
