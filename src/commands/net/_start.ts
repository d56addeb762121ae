/**
 * Bringing a tunnel up for `net up` and `net lease`: resolve the options, get the key passphrase
 * (HOTPASS_SSH_PASSPHRASE, else a prompt on a terminal), prune stale entries, then either show the
 * plan (--dry-run), hold the tunnel in this process (--foreground) or start the detached holder.
 */
import { HotpassError, usageError } from "../../errors.ts";
import type { Logger } from "../../log/logger.ts";
import { keyNeedsPassphrase, loadAuth } from "../../net/auth.ts";
import { holdUntilSignal, startHolder } from "../../net/daemon.ts";
import { openTunnel } from "../../net/holder.ts";
import { resolveUpSpec, type UpRequest } from "../../net/options.ts";
import { tunnelsFile } from "../../net/paths.ts";
import type { TunnelSpec } from "../../net/spec.ts";
import { TunnelStore, type TunnelSession } from "../../net/store.ts";
import { forwardLines } from "./_common.ts";

export interface Started {
  session: TunnelSession;
}

type Env = Record<string, string | undefined>;

async function passphraseFor(spec: TunnelSpec, env: Env): Promise<string | undefined> {
  if (env.HOTPASS_SSH_PASSPHRASE !== undefined) return env.HOTPASS_SSH_PASSPHRASE;
  if (!spec.identity || !(await keyNeedsPassphrase(spec.identity))) return undefined;
  if (!process.stdin.isTTY) {
    throw usageError(`the key ${spec.identity} is encrypted and no passphrase was given`, "set HOTPASS_SSH_PASSPHRASE (no terminal to ask on)");
  }
  const { password, isCancel } = await import("@clack/prompts");
  const answer = await password({ message: `Passphrase for ${spec.identity}` });
  if (isCancel(answer)) throw new HotpassError("cancelled", { exitCode: 1 });
  return answer;
}

export function printStarted(session: TunnelSession, moved: { name: string; from: number; to: number }[], logger: Logger): void {
  for (const m of moved) logger.warn(`local port ${m.from} for ${m.name} was busy; using ${m.to}`);
  if (logger.format === "json") {
    logger.info(`tunnel '${session.label}' up`, "net.tunnel_up", session);
    return;
  }
  console.log(`tunnel '${session.label}' up: PID ${session.pid}, ${session.user}@${session.host}:${session.port}`);
  for (const line of forwardLines(session)) console.log(line);
  console.log(`log: ${session.log_path}`);
}

/** Returns the started session (after Ctrl+C with `foreground`: `signal` aborted), or undefined after a dry run. */
export async function startTunnel(
  request: UpRequest & { dryRun?: boolean },
  logger: Logger,
  options: { foreground?: boolean; signal: AbortSignal },
  env: Env = process.env,
): Promise<Started | undefined> {
  const spec = resolveUpSpec(request, env);
  const store = new TunnelStore(tunnelsFile(env), (message) => logger.warn(message));
  const stale = await store.prune();
  for (const s of stale) logger.info(`removed stale tunnel entry '${s.label}' (PID ${s.pid} is gone)`);

  if (spec.label) {
    const running = (await store.read()).sessions.find((s) => s.label === spec.label);
    if (running) {
      throw usageError(`a tunnel labelled '${spec.label}' is already running (PID ${running.pid})`, `choose another --label, or 'hotpass net down --label ${spec.label}' first`);
    }
  }
  spec.passphrase = await passphraseFor(spec, env);
  if (request.dryRun) {
    await loadAuth({ identity: spec.identity, passphrase: spec.passphrase }, env);
    console.log(`dry run: would connect to ${spec.user}@${spec.host}:${spec.port} and forward`);
    for (const f of spec.forwards) {
      console.log(`  ${f.name}  127.0.0.1:${f.local_port || "any"} -> ${f.remote_host}:${f.remote_port}`);
    }
    console.log(`host keys from: ${spec.knownHosts.join(", ")}${spec.acceptNewInto ? ` (new keys recorded in ${spec.acceptNewInto})` : ""}`);
    console.log("nothing was started");
    return undefined;
  }
  if (options.foreground) {
    const tunnel = await openTunnel(spec, { env, echo: (line) => process.stderr.write(line) });
    printStarted(tunnel.session, tunnel.moved, logger);
    console.log("holding the tunnel in the foreground; Ctrl+C closes it");
    await holdUntilSignal(tunnel, options.signal);
    return { session: tunnel.session };
  }
  const report = await startHolder(spec, env);
  if (!report.ok) throw new HotpassError(report.message, { exitCode: report.exitCode, hint: report.hint });
  printStarted(report.session, report.moved, logger);
  return { session: report.session };
}
