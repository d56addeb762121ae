/**
 * Finds the Marquez port of the most recent live `hotpass net` tunnel in tunnels.json, so
 * `hotpass lineage` reaches the staging Marquez without a URL. Deliberately small and tolerant:
 * anything unreadable or unexpected means "no tunnel", never an error.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Env } from "./config.ts";

export interface TunnelMarquez {
  url: string;
  label: string;
}

export function tunnelsPath(env: Env): string {
  const dir = env.HOTPASS_CONFIG_DIR || join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config"), "hotpass");
  return join(dir, "tunnels.json");
}

function alive(pid: unknown): boolean {
  if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function marquezFromTunnels(env: Env): TunnelMarquez | undefined {
  const path = tunnelsPath(env);
  if (!existsSync(path)) return undefined;
  let sessions: unknown;
  try {
    sessions = (JSON.parse(readFileSync(path, "utf8")) as { sessions?: unknown }).sessions;
  } catch {
    return undefined;
  }
  if (!Array.isArray(sessions)) return undefined;
  type Session = { label?: unknown; created_at?: unknown; pid?: unknown; forwards?: unknown };
  const newestFirst = (sessions as Session[])
    .filter((s) => typeof s === "object" && s !== null)
    .sort((a, b) => String(b.created_at ?? "").localeCompare(String(a.created_at ?? "")));
  for (const session of newestFirst) {
    if (!alive(session.pid) || !Array.isArray(session.forwards)) continue;
    const forward = (session.forwards as { name?: unknown; local_port?: unknown }[]).find(
      (f) => typeof f?.name === "string" && f.name.toLowerCase() === "marquez" && typeof f.local_port === "number",
    );
    if (forward) return { url: `http://127.0.0.1:${forward.local_port as number}`, label: String(session.label ?? "tunnel") };
  }
  return undefined;
}
