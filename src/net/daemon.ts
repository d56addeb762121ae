/**
 * The detached tunnel holder. `net up` starts this very executable again (`net _hold`) in its own
 * session, sends it the tunnel spec on stdin, and waits for one JSON line on its stdout: either the
 * recorded session (every forward listening, SSH authenticated) or the error to print. After that
 * the holder talks only to its log file, and exits cleanly (removing its entry) on SIGTERM.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { HotpassError, isHotpassError } from "../errors.ts";
import { openTunnel } from "./holder.ts";
import { configDir } from "./paths.ts";
import { isSameProcess, signalIfSame } from "./process.ts";
import type { HolderReport, TunnelSpec } from "./spec.ts";
import type { TunnelSession } from "./store.ts";

/** How to run this executable again: the compiled binary alone, or `bun <entry>` from source. */
export function selfCommand(): string[] {
  const main = Bun.main;
  const compiled = main.startsWith("/$bunfs/") || main.includes("~BUN");
  return compiled ? [process.execPath] : [process.execPath, main];
}

const READY_TIMEOUT_MS = 60_000;

/** Starts a detached holder and resolves with its report (never with a half-started tunnel). */
export async function startHolder(spec: TunnelSpec, env: Record<string, string | undefined> = process.env): Promise<HolderReport> {
  const [command, ...prefix] = selfCommand();
  // The passphrase travels on stdin only; the holder's environment must not carry it.
  const { HOTPASS_SSH_PASSPHRASE: _secret, ...holderEnv } = env;
  // The holder runs from "/": hand it the folders as absolute paths.
  holderEnv.HOTPASS_CONFIG_DIR = configDir(env);
  if (env.XDG_STATE_HOME) holderEnv.XDG_STATE_HOME = resolve(env.XDG_STATE_HOME);
  if (env.HOME) holderEnv.HOME = resolve(env.HOME);
  const child = spawn(command!, [...prefix, "net", "_hold"], {
    detached: true,
    cwd: "/",
    stdio: ["pipe", "pipe", "ignore"],
    env: holderEnv as NodeJS.ProcessEnv,
  });
  child.stdin!.end(JSON.stringify(spec));
  const report = await new Promise<HolderReport>((resolve) => {
    let text = "";
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      resolve({ ok: false, exitCode: 1, message: `the tunnel holder did not become ready within ${READY_TIMEOUT_MS / 1000} s` });
    }, READY_TIMEOUT_MS);
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const newline = text.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(text.slice(0, newline)) as HolderReport);
      } catch {
        resolve({ ok: false, exitCode: 1, message: `the tunnel holder answered something unexpected: ${text.slice(0, 200)}` });
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ ok: false, exitCode: 1, message: `the tunnel holder exited before it was ready (${signal ?? `exit ${code}`})` });
    });
  });
  child.stdout!.destroy();
  child.unref();
  return report;
}

/**
 * The body of `net _hold`: read the spec, hold the tunnel, report once, then hold until `signal`
 * is aborted (the CLI entry aborts it on SIGTERM/SIGINT from its first moment, so a SIGTERM that
 * lands between "ready" and the wait still closes the tunnel and removes its entry).
 */
export async function holdMain(signal: AbortSignal, onLog?: (logError: (message: string) => void) => void): Promise<number> {
  const spec = JSON.parse(await Bun.stdin.text()) as TunnelSpec;
  let tunnel: Awaited<ReturnType<typeof openTunnel>>;
  try {
    tunnel = await openTunnel(spec);
  } catch (error) {
    const report: HolderReport = isHotpassError(error)
      ? { ok: false, message: error.message, hint: error.hint, exitCode: error.exitCode === 2 ? 2 : 1 }
      : { ok: false, message: (error as Error).message, exitCode: 1 };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return report.exitCode;
  }
  spec.passphrase = undefined;
  onLog?.((message) => tunnel.log.write("error", message));
  process.stdout.write(`${JSON.stringify({ ok: true, session: tunnel.session, moved: tunnel.moved } satisfies HolderReport)}\n`);
  await holdUntilSignal(tunnel, signal);
  return 0;
}

/** Keeps the tunnel up until `signal` is aborted, then closes it and removes its entry. */
export async function holdUntilSignal(
  tunnel: { stop(): Promise<void>; log: { write(level: "info" | "warn" | "error", m: string): void } },
  signal: AbortSignal,
): Promise<void> {
  const keepAlive = setInterval(() => {}, 1 << 30);
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
  const cause = signal.reason as { signal?: string } | undefined;
  tunnel.log.write("info", cause?.signal ? `received ${cause.signal}; closing` : "stopped; closing");
  await tunnel.stop();
  clearInterval(keepAlive);
}

export type StopOutcome = "stopped" | "killed" | "stale";

/** SIGTERM, wait up to `graceMs`, then SIGKILL; a PID that is no longer our holder is never signalled. */
export async function stopHolder(session: TunnelSession, graceMs: number): Promise<StopOutcome> {
  if (!signalIfSame(session.pid, session.pid_start_time, "SIGTERM")) return "stale";
  if (await exited(session, graceMs)) return "stopped";
  signalIfSame(session.pid, session.pid_start_time, "SIGKILL");
  if (await exited(session, 5_000)) return "killed";
  throw new HotpassError(`tunnel '${session.label}' (PID ${session.pid}) did not exit after SIGKILL`);
}

async function exited(session: TunnelSession, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!isSameProcess(session.pid, session.pid_start_time)) return true;
    await Bun.sleep(25);
  }
  return !isSameProcess(session.pid, session.pid_start_time);
}
