/**
 * Sends one OpenLineage event over HTTP and says what became of it: accepted (2xx), rejected as
 * invalid (4xx: never worth retrying) or not delivered (refused, timed out, 5xx: worth retrying).
 */
import type { Endpoint } from "./config.ts";
import type { RunEvent } from "./types.ts";

export type SendResult =
  | { kind: "accepted" }
  | { kind: "rejected"; status: number; response: string }
  | { kind: "unavailable"; reason: string };

export async function postEvent(endpoint: Endpoint, event: RunEvent): Promise<SendResult> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
  let response: Response;
  try {
    response = await fetch(endpoint.lineageUrl, {
      method: "POST",
      headers,
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(endpoint.timeoutMs),
      // A 301/302 would be followed as a GET and answered 405, which would look like an invalid
      // event; a redirect is a configuration matter, so it is reported and the event kept.
      redirect: "manual",
    });
  } catch (error) {
    return { kind: "unavailable", reason: describeFetchError(error, endpoint) };
  }
  const text = await response.text().catch(() => "");
  if (response.ok) return { kind: "accepted" };
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get("location");
    return { kind: "unavailable", reason: `HTTP ${response.status} redirect${location ? ` to ${location}` : ""}; point the lineage URL at the final address` };
  }
  // 408 and 429 say "later", not "invalid".
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    return { kind: "rejected", status: response.status, response: text.slice(0, 2000) };
  }
  return { kind: "unavailable", reason: `HTTP ${response.status}` };
}

function describeFetchError(error: unknown, endpoint: Endpoint): string {
  const e = error as { name?: string; code?: string; message?: string };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `no answer within ${endpoint.timeoutMs / 1000} s`;
  if (e?.code === "ConnectionRefused" || e?.code === "ECONNREFUSED") return "connection refused";
  return e?.message ?? String(error);
}
