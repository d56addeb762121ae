/**
 * `runDoctor`: checks a Hotpass set-up before a run, the same way a run would resolve it (the
 * profile loader, the telemetry and lineage resolvers, tunnels.json, known_hosts), and returns one
 * result per check. Never throws for a broken set-up: every problem is a failed check. Used by
 * `hotpass doctor`, and callable from the dashboard and the MCP server.
 *
 * @example
 * const checks = await runDoctor({ profile: "aviation", inputDir: "data" });
 * const ok = checks.every((check) => check.status !== "fail");
 */
import { dirname, resolve } from "node:path";
import { isAlive, type TunnelSession } from "../../net/store.ts";
import { configuredEndpoint, resolveLineageConfig, type LineageInputs } from "../../telemetry/lineage/config.ts";
import { resolveTelemetryOptions, type TelemetryInputs } from "../../telemetry/options.ts";
import { checkFolder, checkInput, checkProfile } from "./local.ts";
import { checkLineage } from "./lineage.ts";
import { checkBastion, checkTunnels, parseBastion, recordedTunnels, type Bastion } from "./net.ts";
import { checkOtlp } from "./otlp.ts";
import { failed, type DoctorCheck } from "./types.ts";

export type { CheckStatus, DoctorCheck } from "./types.ts";

export interface DoctorOptions {
  profile?: string;
  profileSearchPath?: string[];
  /** Default `./data`, as refine. */
  inputDir?: string;
  /** Default `dist/refined.xlsx`, as refine. */
  outputPath?: string;
  /** Default: the output's folder, as refine. */
  distDir?: string;
  telemetry?: TelemetryInputs;
  lineage?: LineageInputs;
  /** `host[:port]`; default HOTPASS_NET_HOST (and HOTPASS_NET_PORT). Live tunnels' bastions are checked too. */
  bastion?: string;
  /** known_hosts files trusted besides ~/.ssh/known_hosts (as `net up --known-hosts`). */
  knownHosts?: string[];
  /** How long an SSH server gets to present its key (default 5 s). */
  sshTimeoutMs?: number;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorCheck[]> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const { check: profileCheck, profile } = await checkProfile(options.profile, options.profileSearchPath ?? []);
  const checks: DoctorCheck[] = [profileCheck, ...checkInput(resolve(cwd, options.inputDir ?? "./data"), profile)];

  const output = resolve(cwd, options.outputPath ?? "dist/refined.xlsx");
  const dist = resolve(cwd, options.distDir ?? dirname(output));
  if (dist === dirname(output)) checks.push(checkFolder("output and dist", dist));
  else checks.push(checkFolder("output", dirname(output)), checkFolder("dist", dist));

  const network: Promise<DoctorCheck[]>[] = [];
  try {
    const telemetry = resolveTelemetryOptions({ inputs: options.telemetry ?? {}, env, profile });
    network.push(checkOtlp(telemetry));
  } catch (error) {
    checks.push(failed("otlp", error, "fix the telemetry settings"));
  }
  try {
    const flags = options.lineage ?? {};
    network.push(checkLineage(resolveLineageConfig(flags, profile, env, cwd), configuredEndpoint(flags, env)));
  } catch (error) {
    checks.push(failed("lineage", error, "fix the lineage settings"));
  }
  const { path, sessions } = recordedTunnels(env);
  network.push(checkTunnels(path, sessions));
  let bastions: Bastion[];
  try {
    bastions = bastionsToCheck(options.bastion, env, sessions);
  } catch (error) {
    bastions = [];
    checks.push(failed("bastion", error, "give the bastion as host or host:port"));
  }
  for (const bastion of bastions) {
    network.push(checkBastion(bastion, options.knownHosts ?? [], env, options.sshTimeoutMs ?? 5000).then((check) => [check]));
  }
  for (const group of await Promise.all(network)) checks.push(...group);
  return checks;
}

/** The configured bastion and those of live tunnels, each once. */
function bastionsToCheck(flag: string | undefined, env: Record<string, string | undefined>, sessions: TunnelSession[]): Bastion[] {
  const found: Bastion[] = [];
  const configured = flag ?? env.HOTPASS_NET_HOST;
  if (configured) {
    const port = env.HOTPASS_NET_PORT && !flag ? Number(env.HOTPASS_NET_PORT) : 22;
    const bastion = parseBastion(configured, port);
    if (!Number.isInteger(bastion.port) || bastion.port < 1 || bastion.port > 65535) throw new Error(`the bastion port in '${configured}' is not a port number`);
    found.push(bastion);
  }
  for (const session of sessions) {
    if (!isAlive(session)) continue;
    if (!found.some((b) => b.host === session.host && b.port === session.port)) found.push({ host: session.host, port: session.port });
  }
  return found;
}

/** Counts for a summary line. */
export function summarise(checks: readonly DoctorCheck[]): { passed: number; warnings: number; failed: number } {
  return {
    passed: checks.filter((c) => c.status === "pass").length,
    warnings: checks.filter((c) => c.status === "warn").length,
    failed: checks.filter((c) => c.status === "fail").length,
  };
}
