/**
 * What every response carries and every request must pass: a strict Content-Security-Policy (no
 * inline script, nothing from another origin), the token for non-loopback hosts (compared in
 * constant time, never printed or logged), a Host check against DNS rebinding, and a same-origin
 * check on requests that change state.
 */
import { createHash, timingSafeEqual } from "node:crypto";

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy": CSP,
  "X-Content-Type-Options": "nosniff",
  // same-origin, not no-referrer: under no-referrer a form POST carries `Origin: null`, which the same-origin check must refuse.
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cache-Control": "no-store",
};

export function withHeaders(response: Response): Response {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!response.headers.has(name)) response.headers.set(name, value);
  return response;
}

export const COOKIE = "hotpass_dashboard";

const digest = (text: string) => createHash("sha256").update(text).digest();

/** The token given with --token or HOTPASS_DASHBOARD_TOKEN, held as its digest only. */
export class TokenGate {
  private readonly expected: Buffer | undefined;

  constructor(token: string | undefined) {
    this.expected = token ? digest(token) : undefined;
  }

  get required(): boolean {
    return this.expected !== undefined;
  }

  /** Compares digests (equal length) in constant time. */
  matches(candidate: string | undefined | null): boolean {
    if (!this.expected) return true;
    if (!candidate) return false;
    return timingSafeEqual(digest(candidate), this.expected);
  }

  /** The token from `Authorization: Bearer`, or from the cookie the login form sets. */
  allows(request: Request): boolean {
    if (!this.expected) return true;
    const auth = request.headers.get("authorization");
    if (auth?.startsWith("Bearer ") && this.matches(auth.slice(7).trim())) return true;
    return this.matches(cookie(request, COOKIE));
  }
}

export function cookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** On a loopback bind, only loopback Host headers: a DNS-rebinding page cannot reach the API. */
export function hostAllowed(request: Request, boundHost: string): boolean {
  if (!isLoopback(boundHost)) return true;
  const host = request.headers.get("host") ?? "";
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0]!;
  return isLoopback(name);
}

/** A state-changing request must come from a page this server served. */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin") return false;
  if (!origin) return false;
  const host = request.headers.get("host");
  return host !== null && (origin === `http://${host}` || origin === `https://${host}`);
}
