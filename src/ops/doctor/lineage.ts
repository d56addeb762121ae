/**
 * The lineage checks: the endpoint answers Marquez's read API (GET /api/v1/namespaces, which
 * every Marquez has), the file transport's folder is writable, and what waits in the spool.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Endpoint, LineageConfig, StatePaths } from "../../telemetry/lineage/config.ts";
import { spoolSize } from "../../telemetry/lineage/spool.ts";
import { redactUrl } from "../../telemetry/options.ts";
import { probeHttp } from "./http.ts";
import { checkFolder } from "./local.ts";
import { fail, pass, warn, type DoctorCheck } from "./types.ts";

const TURN_ON = "turn lineage on with --observability or `observability: true` in the profile";

export async function checkLineage(config: LineageConfig, endpoint: Endpoint | undefined): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = config.warnings.map((w) => warn("lineage settings", w, "set OPENLINEAGE_PARENT_ID as namespace/job/runId, the runId a UUID"));
  if (endpoint) {
    const answered = await probeMarquez(endpoint);
    if (answered.status === "pass" && !config.enabled) {
      checks.push(warn("lineage", `${answered.message}, but lineage is off for a run with these settings (an endpoint alone does not turn it on)`, TURN_ON));
    } else checks.push(answered);
  } else if (!config.enabled) {
    checks.push(pass("lineage", `off: no events are sent (${TURN_ON})`));
  }
  if (config.enabled && config.file) checks.push(checkFolder("lineage file", dirname(config.file)));
  if (config.enabled && !endpoint && !config.file) checks.push(pass("lineage", `on; events go to the local event log ${config.paths.log} only`));
  checks.push(checkSpool(config.paths));
  return checks;
}

async function probeMarquez(endpoint: Endpoint): Promise<DoctorCheck> {
  const shown = redactUrl(endpoint.apiBase);
  const headers: Record<string, string> = { accept: "application/json" };
  if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
  const answer = await probeHttp(`${endpoint.apiBase}/namespaces?limit=1`, { method: "GET", headers }, endpoint.timeoutMs);
  if (answer.kind === "none") {
    const fix = answer.reason === "connection refused" ? "start Marquez (deploy/compose/), or fix --lineage-url / OPENLINEAGE_URL" : "check the host and port of the lineage URL";
    return fail("lineage", `${shown}: ${answer.reason}; runs would spool their events`, fix);
  }
  if (answer.status === 401 || answer.status === 403) {
    return fail("lineage", `${shown} refused the credentials (HTTP ${answer.status})`, "check OPENLINEAGE_API_KEY (its value is never shown)");
  }
  if (answer.status >= 200 && answer.status < 300) {
    const namespaces = marquezNamespaces(answer.body);
    if (namespaces !== undefined) return pass("lineage", `Marquez answers at ${shown} (${namespaces} namespace(s))`);
    return fail("lineage", `${shown} answered HTTP ${answer.status}, but not as Marquez's API`, "point --lineage-url / OPENLINEAGE_URL at Marquez, e.g. http://localhost:5000");
  }
  if (answer.status === 404) return fail("lineage", `${shown}: HTTP 404, no Marquez API there`, "point --lineage-url / OPENLINEAGE_URL at Marquez, e.g. http://localhost:5000");
  return fail("lineage", `${shown}: HTTP ${answer.status}`, "check Marquez's logs");
}

function marquezNamespaces(body: string): number | undefined {
  try {
    const value = JSON.parse(body) as { namespaces?: unknown };
    return Array.isArray(value.namespaces) ? value.namespaces.length : undefined;
  } catch {
    return undefined;
  }
}

function checkSpool(paths: StatePaths): DoctorCheck {
  const pending = spoolSize(paths);
  const rejected = existsSync(paths.rejected) ? readFileSync(paths.rejected, "utf8").split("\n").filter((l) => l.trim()).length : 0;
  if (pending === 0 && rejected === 0) return pass("lineage spool", `empty (${paths.spool})`);
  const parts: string[] = [];
  if (pending > 0) parts.push(`${pending} event(s) waiting in ${paths.spool}`);
  if (rejected > 0) parts.push(`${rejected} event(s) refused as invalid in ${paths.rejected}`);
  const fix = pending > 0 ? "send them with 'hotpass lineage replay' once the endpoint answers" : "read the refused events and their answers; they are never retried";
  return warn("lineage spool", parts.join("; "), fix);
}
