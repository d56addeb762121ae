/** Operations: live tunnels (as `net status`), the lineage spool (what `replay` would send), and the endpoints configured. */
import { exported, get } from "../api.ts";
import { clear, el, fmt, section, table } from "../dom.ts";

interface DoctorCheck {
  name: string;
  status: "pass" | "warn" | "fail";
  message: string;
  fix?: string;
}

interface OpsAnswer {
  tunnels: { path: string; rows: { label: string; target: string; pid: number; alive: boolean; state: string; createdAt: string; uptimeSeconds: number | null; reconnects: number; forwards: { name: string; local: string; remote: string }[] }[] };
  spool: { path: string; waiting: number; destination?: string; events: { eventType: string; eventTime: string; job: string; runId: string }[] };
  endpoints: { telemetry: { exporters: string[]; traces?: string; metrics?: string; headerNames: string[]; serviceName: string; problem?: string }; lineage: { source: string; url?: string; eventLog: string } };
}

export async function renderOps(main: HTMLElement) {
  const ops = await get<OpsAnswer>("/api/ops");
  main.appendChild(el("h1", {}, "Operations"));
  const t = ops.tunnels;
  main.appendChild(
    section(
      "Tunnels",
      el("p", {}, `From ${t.path}.`),
      t.rows.length
        ? table(["Label", "Target", "PID", "State", "Up", "Reconnects", "Forwards"], t.rows.map((r) => [r.label, r.target, String(r.pid), el("span", { class: `status ${r.alive ? "passed" : "failed"}` }, r.state), r.uptimeSeconds === null ? "–" : `${r.uptimeSeconds} s`, String(r.reconnects), r.forwards.map((f) => `${f.name} ${f.local} → ${f.remote}`).join("; ")]), "Tunnels")
        : el("p", { id: "no-tunnels" }, "No tunnels."),
    ),
  );
  const s = ops.spool;
  main.appendChild(
    section(
      "Lineage spool",
      el("p", { id: "spool-summary" }, `${s.waiting} event${s.waiting === 1 ? "" : "s"} waiting in ${s.path}; `, s.destination ? `'hotpass lineage replay' would send them to ${s.destination}.` : "nowhere to send them yet (set OPENLINEAGE_URL or open a tunnel with a marquez forward)."),
      s.events.length ? table(["Event", "Time", "Job", "Run id"], s.events.map((e) => [e.eventType, fmt.time(e.eventTime), e.job, e.runId]), "Spooled events (oldest first)") : null,
    ),
  );
  const tel = ops.endpoints.telemetry;
  const lin = ops.endpoints.lineage;
  main.appendChild(
    section(
      "Endpoints",
      table(
        ["What", "Setting"],
        [
          ["Telemetry exporters", tel.problem ? `misconfigured: ${tel.problem}` : tel.exporters.join(", ")],
          ["Traces endpoint", tel.traces ?? "–"],
          ["Metrics endpoint", tel.metrics ?? "–"],
          ["OTLP headers (names only)", tel.headerNames.join(", ") || "–"],
          ["Service name", tel.serviceName || "–"],
          ["Lineage answers from", lin.source],
          ["Lineage endpoint", lin.url ?? "–"],
          ["Local event log", lin.eventLog],
        ],
        "Configured endpoints (secrets are never shown)",
      ),
    ),
  );
  if (!exported) main.appendChild(doctorSection());
}

/** `hotpass doctor` on demand: it probes the configured collector, Marquez and bastions, so it runs only when asked. */
function doctorSection(): HTMLElement {
  const out = el("div", { id: "doctor" });
  const button = el("button", { type: "button", id: "run-doctor" }, "Run hotpass doctor");
  button.addEventListener("click", async () => {
    button.disabled = true;
    clear(out);
    out.appendChild(el("p", {}, "Checking…"));
    try {
      const { checks } = await get<{ checks: DoctorCheck[] }>("/api/doctor");
      clear(out);
      const failed = checks.filter((c) => c.status === "fail").length;
      out.append(
        el("p", { id: "doctor-summary" }, `${checks.length - failed} of ${checks.length} checks without a failure`),
        table(["Check", "Result", "Found", "What to do"], checks.map((c) => [c.name, el("span", { class: `status ${c.status === "pass" ? "passed" : c.status === "warn" ? "broken" : "failed"}` }, c.status), c.message, c.fix ?? ""]), "hotpass doctor"),
      );
    } catch (error) {
      clear(out);
      out.appendChild(el("p", { role: "alert", class: "error" }, `Doctor could not run: ${(error as Error).message}`));
    }
    button.disabled = false;
  });
  return section("Doctor", el("p", {}, "The same checks as 'hotpass doctor' for this dashboard's settings. 'hotpass qa' is on each run's page (Check with hotpass qa), when the dashboard was started with --allow-run."), button, out);
}
