/**
 * What the `net` subcommands share: the `up`/`lease` flags, a logger and a telemetry session
 * around each run, and the lines that describe a running tunnel.
 */
import { defineArgs, type ArgsOf } from "../../cli/args.ts";
import type { Logger } from "../../log/logger.ts";
import type { TunnelSession } from "../../net/store.ts";
import { withRun } from "../../run/lifecycle.ts";
import { loggerFor, loggingArgs, telemetryArgs, telemetryInputs } from "../_args.ts";

/** Flags shared by `net up` and `net lease`. */
export const upArgs = defineArgs({
  host: { type: "string", valueHint: "bastion", description: "the SSH bastion (or HOTPASS_NET_HOST)" },
  user: { type: "string", valueHint: "name", description: "login name (default HOTPASS_NET_USER, then $USER)" },
  port: { type: "string", valueHint: "n", description: "SSH port of the bastion (default 22)" },
  identity: { type: "string", valueHint: "file", description: "private key, OpenSSH or PEM (default: agent, then ~/.ssh keys)" },
  label: { type: "string", valueHint: "name", description: "name of this tunnel (default: the host, then host-2, ...)" },
  forward: {
    type: "string",
    repeatable: true,
    valueHint: "[name=]local:host:port",
    description: "forward a local port to REMOTE_HOST:REMOTE_PORT as seen from the bastion (repeatable)",
  },
  marquez: { type: "boolean", description: "forward Marquez (local 5000)" },
  "marquez-host": { type: "string", valueHint: "host", description: "Marquez host seen from the bastion (HOTPASS_MARQUEZ_HOST)" },
  "marquez-port": { type: "string", valueHint: "n", description: "Marquez port (HOTPASS_MARQUEZ_PORT, default 5000)" },
  prefect: { type: "boolean", description: "forward the Prefect API (local 4200)" },
  "prefect-host": { type: "string", valueHint: "host", description: "Prefect host seen from the bastion (HOTPASS_PREFECT_HOST)" },
  "prefect-port": { type: "string", valueHint: "n", description: "Prefect port (HOTPASS_PREFECT_PORT, default 4200)" },
  collector: { type: "boolean", description: "forward the OTLP/HTTP collector (local 4318)" },
  "collector-host": { type: "string", valueHint: "host", description: "collector host seen from the bastion (HOTPASS_COLLECTOR_HOST)" },
  "collector-port": { type: "string", valueHint: "n", description: "collector port (HOTPASS_COLLECTOR_PORT, default 4318)" },
  "auto-port": { type: "boolean", default: true, description: "move to the next free local port when one is busy (--no-auto-port: fail)" },
  "known-hosts": { type: "string", repeatable: true, valueHint: "file", description: "also trust host keys in FILE (and record --accept-new there)" },
  "accept-new": { type: "boolean", description: "accept and record the key of a host seen for the first time" },
  keepalive: { type: "string", valueHint: "seconds", description: "SSH keepalive interval (default 15)" },
  "dry-run": { type: "boolean", description: "check the options and show the plan; connect nothing" },
  ...loggingArgs,
  ...telemetryArgs,
});


/** `json`: the command's answer is JSON on stdout (console spans then go to stderr). */
type NetFlags = ArgsOf<typeof loggingArgs> & ArgsOf<typeof telemetryArgs> & { readonly json?: boolean };

/** Runs `body` with a logger inside a `net` run (root span `hotpass.net`), always ended. */
export function instrumented(args: NetFlags, given: ReadonlySet<string>, signal: AbortSignal, body: (logger: Logger) => Promise<number>): Promise<number> {
  const runId = crypto.randomUUID();
  const logger = loggerFor(args, runId);
  return withRun({ command: "net", runId, telemetry: telemetryInputs(args, given), logger, signal, machineStdout: args.json === true }, () => body(logger));
}

/** `marquez  http://127.0.0.1:5000 -> marquez.staging.internal:5000`, one per forward. */
export function forwardLines(session: TunnelSession): string[] {
  const width = Math.max(...session.forwards.map((f) => f.name.length));
  return session.forwards.map(
    (f) => `  ${f.name.padEnd(width)}  http://127.0.0.1:${f.local_port} -> ${f.remote_host}:${f.remote_port}`,
  );
}
