/** Runs `hotpass doctor --json` through the binary in a clean HOME/config/state and indexes its checks by name. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { hotpass, type RunResult } from "../support/binary.ts";

export interface Check {
  name: string;
  status: "pass" | "warn" | "fail";
  message: string;
  fix?: string;
}

export interface DoctorRun extends RunResult {
  checks: Check[];
  byName: (name: string) => Check;
}

/** Environment with nothing inherited that would change the checks (OTEL_*, OPENLINEAGE_*, tunnels, ~/.ssh). */
export function isolatedEnv(dir: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const home = join(dir, "home");
  mkdirSync(home, { recursive: true });
  return {
    HOME: home,
    HOTPASS_CONFIG_DIR: join(dir, "config"),
    XDG_CONFIG_HOME: join(dir, "xdg-config"),
    XDG_STATE_HOME: join(dir, "xdg-state"),
    HOTPASS_STATE_DIR: join(dir, "state"),
    OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: undefined,
    OTEL_EXPORTER_OTLP_HEADERS: undefined,
    OTEL_SDK_DISABLED: undefined,
    OPENLINEAGE_URL: undefined,
    OPENLINEAGE_API_KEY: undefined,
    OPENLINEAGE_PARENT_ID: undefined,
    HOTPASS_DISABLE_LINEAGE: undefined,
    HOTPASS_NET_HOST: undefined,
    HOTPASS_NET_PORT: undefined,
    SSH_AUTH_SOCK: undefined,
    ...extra,
  };
}

export async function doctor(args: string[], options: { cwd: string; env: Record<string, string | undefined> }): Promise<DoctorRun> {
  const result = await hotpass(["doctor", "--json", ...args], { cwd: options.cwd, env: options.env, timeoutMs: 60_000 });
  let checks: Check[] = [];
  try {
    checks = JSON.parse(result.stdout).checks;
  } catch {
    throw new Error(`doctor printed no JSON (exit ${result.code}): ${result.stdout}${result.stderr}`);
  }
  return {
    ...result,
    checks,
    byName: (name) => {
      const found = checks.find((c) => c.name === name);
      if (!found) throw new Error(`no check '${name}' in: ${checks.map((c) => c.name).join(", ")}`);
      return found;
    },
  };
}
