/**
 * The OTLP checks: each endpoint a run would export to gets a real, empty OTLP/HTTP export
 * request (a zero-length protobuf ExportTraceServiceRequest / ExportMetricsServiceRequest is a
 * valid empty message), with the run's headers, so a wrong path, a gRPC port or a refused token
 * shows up before a run loses its telemetry.
 */
import { redactUrl, type TelemetryOptions } from "../../telemetry/options.ts";
import { probeHttp } from "./http.ts";
import { fail, pass, warn, type DoctorCheck } from "./types.ts";

const GRPC_PORT = "4317";

export async function checkOtlp(options: TelemetryOptions): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = options.warnings.map((w) => warn("otlp settings", w, "use the collector's OTLP/HTTP port (4318 by default)"));
  if (!options.otlp) {
    const what = options.console ? "console exporter only: nothing is sent over the network" : "telemetry off: nothing is exported";
    return [...checks, pass("otlp", `${what} (to export: --telemetry-exporter otlp or OTEL_EXPORTER_OTLP_ENDPOINT)`)];
  }
  const { tracesUrl, metricsUrl, headers } = options.otlp;
  const results = await Promise.all([
    exportProbe("otlp traces", tracesUrl, headers, options.timeoutMs, "/v1/traces"),
    exportProbe("otlp metrics", metricsUrl, headers, options.timeoutMs, "/v1/metrics"),
  ]);
  return [...checks, ...results];
}

async function exportProbe(name: string, url: string, headers: Record<string, string>, timeoutMs: number, expectedPath: string): Promise<DoctorCheck> {
  const shown = redactUrl(url);
  const grpc = new URL(url).port === GRPC_PORT;
  const portFix = grpc ? "port 4317 is the collector's gRPC port; hotpass speaks OTLP/HTTP, which listens on 4318" : "check the host and port of the endpoint";
  const answer = await probeHttp(url, { method: "POST", headers: { ...headers, "content-type": "application/x-protobuf" }, body: new Uint8Array(0) }, timeoutMs);
  if (answer.kind === "none") {
    const fix = answer.reason === "connection refused" && !grpc ? "start the collector, or point the endpoint at it" : portFix;
    return fail(name, `${shown}: ${answer.reason}`, fix);
  }
  const { status } = answer;
  if (status >= 200 && status < 300) {
    if (/application\/(x-protobuf|protobuf|json)/i.test(answer.contentType) || answer.contentType === "") {
      return pass(name, `${shown} accepted an empty OTLP export (HTTP ${status})`);
    }
    return warn(name, `${shown} answered HTTP ${status} with ${answer.contentType}, not an OTLP response`, "check that the endpoint is an OTLP/HTTP collector");
  }
  if (status === 401 || status === 403) {
    return fail(name, `${shown} refused the credentials (HTTP ${status})`, "check --telemetry-otlp-header / OTEL_EXPORTER_OTLP_HEADERS (values are never shown)");
  }
  if (status === 404 || status === 405) {
    const path = new URL(url).pathname;
    const fix = path === expectedPath ? portFix : `the OTLP/HTTP path is ${expectedPath}; an endpoint given without a path gets it`;
    return fail(name, `${shown}: HTTP ${status}, no OTLP receiver at ${path}`, fix);
  }
  if (status === 415) return fail(name, `${shown} does not take protobuf (HTTP 415)`, "point the endpoint at an OTLP/HTTP receiver");
  if (status >= 300 && status < 400) {
    return fail(name, `${shown} redirects (HTTP ${status}${answer.location ? ` to ${redactUrl(answer.location)}` : ""})`, "use the final address as the endpoint");
  }
  if (status === 429 || status === 503) return warn(name, `${shown} is busy (HTTP ${status})`, "runs export anyway and report what was dropped; check the collector's load");
  return fail(name, `${shown}: HTTP ${status}`, "check the collector's logs");
}
