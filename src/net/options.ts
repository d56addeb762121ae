/**
 * `net up` options resolved once into a TunnelSpec: flags > HOTPASS_* environment > defaults.
 * Presets: Marquez 5000, Prefect 4200, OTLP collector 4318 (local and remote port), with remote
 * hosts marquez/prefect/otel-collector.staging.internal.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { usageError } from "../errors.ts";
import { sshDir } from "./paths.ts";
import type { TunnelSpec } from "./spec.ts";
import type { TunnelForward } from "./store.ts";

type Env = Record<string, string | undefined>;

/** What `net up` / `net lease` were asked for (the flags, camelCase; any surface may build one). */
export interface UpRequest {
  host?: string;
  user?: string;
  port?: string;
  identity?: string;
  label?: string;
  /** `[NAME=]LOCAL:REMOTE_HOST:REMOTE_PORT`, as given. */
  forward: readonly string[];
  marquez?: boolean;
  marquezHost?: string;
  marquezPort?: string;
  prefect?: boolean;
  prefectHost?: string;
  prefectPort?: string;
  collector?: boolean;
  collectorHost?: string;
  collectorPort?: string;
  autoPort?: boolean;
  knownHosts: readonly string[];
  acceptNew?: boolean;
  keepalive?: string;
}

export const PRESETS = {
  marquez: { port: 5000, host: "marquez.staging.internal" },
  prefect: { port: 4200, host: "prefect.staging.internal" },
  collector: { port: 4318, host: "otel-collector.staging.internal" },
} as const;

export type PresetName = keyof typeof PRESETS;

const FORWARD = /^(?:([A-Za-z0-9_.-]+)=)?(\d{1,5}):(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/;

function portNumber(text: string, what: string, allowZero = false): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535 || (value === 0 && !allowZero)) {
    throw usageError(`${what} must be a port number (1-65535), got '${text}'`);
  }
  return value;
}

/** Parses `[NAME=]LOCAL:REMOTE_HOST:REMOTE_PORT` (LOCAL 0 picks any free port). */
export function parseForward(text: string): TunnelForward {
  const match = FORWARD.exec(text);
  if (!match) {
    throw usageError(`--forward '${text}' is not LOCAL:REMOTE_HOST:REMOTE_PORT`, "for example --forward 8080:grafana.staging.internal:3000");
  }
  const [, name, local, host, remote] = match;
  const remoteHost = host!.replace(/^\[(.*)\]$/, "$1");
  const remotePort = portNumber(remote!, "the remote port");
  return { name: name ?? `${remoteHost}:${remotePort}`, local_port: portNumber(local!, "the local port", true), remote_host: remoteHost, remote_port: remotePort };
}

function presetForward(name: PresetName, request: UpRequest, env: Env): TunnelForward | undefined {
  const upper = name.toUpperCase();
  const hostFlag = request[`${name}Host`];
  const portFlag = request[`${name}Port`];
  if (!request[name] && hostFlag === undefined && portFlag === undefined) return undefined;
  const preset = PRESETS[name];
  const host = hostFlag ?? env[`HOTPASS_${upper}_HOST`] ?? preset.host;
  const port = portFlag ?? env[`HOTPASS_${upper}_PORT`];
  return {
    name,
    local_port: preset.port,
    remote_host: host,
    remote_port: port === undefined ? preset.port : portNumber(port, `--${name}-port`),
  };
}

/** The login name: --user, HOTPASS_NET_USER, USER, LOGNAME, then the passwd entry for our uid. */
export function defaultUser(env: Env): string | undefined {
  const named = env.HOTPASS_NET_USER || env.USER || env.LOGNAME;
  if (named) return named;
  const uid = process.getuid?.();
  try {
    const line = readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .find((l) => l.split(":")[2] === String(uid));
    return line?.split(":")[0];
  } catch {
    return undefined;
  }
}

export function resolveUpSpec(request: UpRequest, env: Env): TunnelSpec {
  const host = request.host ?? env.HOTPASS_NET_HOST;
  if (!host) throw usageError("net up needs --host BASTION", "or set HOTPASS_NET_HOST");
  const user = request.user ?? defaultUser(env);
  if (!user) throw usageError("cannot tell which user to log in as", "pass --user");
  const port = portNumber(request.port ?? env.HOTPASS_NET_PORT ?? "22", "--port");

  const forwards: TunnelForward[] = [];
  for (const name of Object.keys(PRESETS) as PresetName[]) {
    const forward = presetForward(name, request, env);
    if (forward) forwards.push(forward);
  }
  for (const text of request.forward) forwards.push(parseForward(text));
  if (forwards.length === 0) {
    throw usageError("nothing to forward", "pass --marquez, --prefect, --collector or --forward LOCAL:REMOTE_HOST:REMOTE_PORT");
  }
  const names = new Set<string>();
  for (const f of forwards) {
    if (names.has(f.name)) throw usageError(`two forwards are named '${f.name}'`, "name them with --forward NAME=LOCAL:HOST:PORT");
    names.add(f.name);
  }

  // Absolute paths: the holder runs from "/" so it never keeps a working folder busy.
  const identityArg = request.identity;
  const identity = identityArg === undefined ? undefined : resolve(identityArg);
  if (identity !== undefined && !existsSync(identity)) throw usageError(`identity file not found: ${identityArg}`, "pass an existing private key with --identity");
  const extraKnown = request.knownHosts.map((file) => resolve(file));
  const userKnown = join(sshDir(env), "known_hosts");
  const label = request.label;
  if (label !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(label)) {
    throw usageError(`--label '${label}' is not a simple name`, "use letters, digits, '.', '_' and '-'");
  }
  const keepalive = Number(request.keepalive ?? "15");
  if (!Number.isFinite(keepalive) || keepalive <= 0) throw usageError("--keepalive must be a positive number of seconds");

  return {
    label,
    host,
    port,
    user,
    identity,
    forwards,
    autoPort: request.autoPort !== false,
    knownHosts: [userKnown, ...extraKnown],
    acceptNewInto: request.acceptNew ? (extraKnown[0] ?? userKnown) : undefined,
    keepaliveMs: Math.round(keepalive * 1000),
  };
}
