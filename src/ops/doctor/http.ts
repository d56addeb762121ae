/** One bounded HTTP request for a check: the answer, or why there was none, in words. */
export type HttpAnswer =
  | { kind: "answer"; status: number; contentType: string; body: string; location?: string }
  | { kind: "none"; reason: string; timedOut: boolean };

export async function probeHttp(
  url: string,
  init: { method: "GET" | "POST"; headers?: Record<string, string>; body?: Uint8Array },
  timeoutMs: number,
): Promise<HttpAnswer> {
  try {
    const response = await fetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      redirect: "manual",
      // No pooled connection is left behind to keep the process (or a server's socket) alive.
      keepalive: false,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.text().catch(() => "")).slice(0, 4096);
    return {
      kind: "answer",
      status: response.status,
      contentType: response.headers.get("content-type") ?? "",
      body,
      location: response.headers.get("location") ?? undefined,
    };
  } catch (error) {
    const e = error as { name?: string; code?: string; message?: string };
    if (e?.name === "TimeoutError" || e?.name === "AbortError") return { kind: "none", reason: `no answer within ${timeoutMs / 1000} s`, timedOut: true };
    if (e?.code === "ConnectionRefused" || e?.code === "ECONNREFUSED") return { kind: "none", reason: "connection refused", timedOut: false };
    if (e?.code === "ConnectionClosed" || e?.code === "ECONNRESET") return { kind: "none", reason: "the server closed the connection without an HTTP answer", timedOut: false };
    return { kind: "none", reason: e?.message ?? String(error), timedOut: false };
  }
}
