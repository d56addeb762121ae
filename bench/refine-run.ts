/**
 * One `hotpass refine` of a benchmark shape through a compiled binary, measured from outside
 * (bench/measure.ts), with the quality report it wrote; the output folder is removed after.
 * Shared by bench/refine.ts and bench/peer.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measure, type Measured } from "./measure.ts";
import type { ShapeData } from "./shapes.ts";

export interface StageSeconds {
  load_seconds: number;
  normalise_seconds?: number;
  aggregation_seconds: number;
  expectations_seconds: number;
  write_seconds: number;
}

export interface RefineRun extends Measured {
  /** Present when the run succeeded. */
  report?: { total_records: number; performance_metrics: StageSeconds };
}

export async function refineWithBinary(binary: string, data: ShapeData, options: { format?: string; limitMiB?: number; extraArgs?: string[] } = {}): Promise<RefineRun> {
  const out = mkdtempSync(join(tmpdir(), "hotpass-bench-"));
  try {
    const output = join(out, `refined.${options.format ?? "xlsx"}`);
    const command = [binary, "refine", "--profile", data.profile, "--input-dir", data.dir, "--output-path", output, "--log-format", "json", ...(options.extraArgs ?? [])];
    const m = await measure(command, { env: { ...process.env, NO_COLOR: "1", HOME: out }, limitMiB: options.limitMiB });
    if (m.exitCode !== 0) return m;
    return { ...m, report: JSON.parse(readFileSync(join(out, "refined-quality-report.json"), "utf8")) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Why a run failed, in one line. */
export function failure(m: Measured, limitMiB?: number): string {
  const why = m.stoppedAtMiB ? `stopped at ${m.stoppedAtMiB.toFixed(0)} MiB resident (--limit-mib ${limitMiB})` : `exit ${m.exitCode}`;
  return `FAILED, ${why} after ${m.wall.toFixed(1)} s wall, peak RSS ${m.peakMiB.toFixed(0)} MiB, CPU ${m.cpu.toFixed(2)} s, load average ${m.load}\n${m.stderr.split("\n").slice(-3).join("\n")}`;
}
