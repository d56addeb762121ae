/**
 * Runs the compiled binary (dist/hotpass) the way a user or CI job would. Tests exercise the
 * executable, not only the TypeScript sources; `bun run build.ts` must have run first (the
 * README's test command does it).
 */
import { existsSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dir, "../..");
export const BINARY = join(ROOT, "dist", "hotpass");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time in milliseconds (for bounds such as "never holds the run longer than ..."). */
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Replace the environment entirely instead of extending process.env. */
  cleanEnv?: boolean;
  stdin?: string;
  timeoutMs?: number;
}

export async function hotpass(args: string[], options: RunOptions = {}): Promise<RunResult> {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run 'bun run build.ts' first`);
  const base = options.cleanEnv ? {} : { ...process.env, NO_COLOR: "1" };
  const env = Object.fromEntries(
    Object.entries({ ...base, ...options.env }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const started = performance.now();
  const proc = Bun.spawn([BINARY, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
    timeout: options.timeoutMs ?? 120_000,
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr, ms: performance.now() - started };
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix = "hotpass-test-"): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
