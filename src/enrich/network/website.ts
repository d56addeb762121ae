/**
 * Website reachability: robots.txt first (once per origin), then HEAD, then GET when HEAD is
 * refused. Every request has a timeout, requests to one host are spaced by the host interval,
 * redirects are not followed (a 3xx answer already shows the site is up, and following it would
 * reach hosts robots.txt and the rate limit were not asked about). Results are cached on disk.
 */
import { VERSION } from "../../version.ts";
import { robotsAllows, parseRobots, type RobotsRule } from "./robots.ts";
import type { ResearchCache } from "./cache.ts";

export type WebsiteStatus = "reachable" | "unreachable" | "timeout" | "robots_disallowed";

export interface WebsiteCheck {
  status: WebsiteStatus;
  /** HTTP status of the answer that decided it. */
  http?: number;
  method?: "HEAD" | "GET";
  /** Error code for unreachable sites, e.g. ConnectionRefused. */
  detail?: string;
  /** When the check was made (ms since the epoch); earlier than this run for a cache hit. */
  at: number;
  cached: boolean;
}

export const USER_AGENT = `hotpass/${VERSION} (+enrich)`;

type Robots = { rules: RobotsRule[] } | { blocked: WebsiteStatus; detail?: string };

export class WebsiteChecker {
  private readonly lastRequest = new Map<string, number>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly robots = new Map<string, Promise<Robots>>();
  /** Requests actually sent (for the run summary). */
  requests = 0;

  constructor(
    private readonly options: { timeoutMs: number; hostIntervalMs: number },
    private readonly cache: ResearchCache,
  ) {}

  /** Runs `send` when the host's interval has passed since its previous request, one at a time. */
  private throttled<T>(host: string, send: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(host) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const wait = (this.lastRequest.get(host) ?? 0) + this.options.hostIntervalMs - Date.now();
        if (wait > 0) await Bun.sleep(wait);
        this.lastRequest.set(host, Date.now());
        this.requests++;
        return send();
      });
    this.queues.set(host, next);
    return next;
  }

  private request(url: URL, method: "HEAD" | "GET"): Promise<Response> {
    return this.throttled(url.host, async () => {
      const response = await fetch(url, {
        method,
        redirect: "manual",
        headers: { "user-agent": USER_AGENT },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (method === "GET") await response.body?.cancel().catch(() => undefined);
      return response;
    });
  }

  private robotsFor(url: URL): Promise<Robots> {
    let pending = this.robots.get(url.origin);
    if (!pending) {
      pending = this.fetchRobots(url);
      this.robots.set(url.origin, pending);
    }
    return pending;
  }

  private async fetchRobots(url: URL): Promise<Robots> {
    const key = `robots:${url.origin}`;
    const hit = this.cache.get<RobotsRule[]>(key);
    if (hit) return { rules: hit.value };
    try {
      const response = await this.throttled(url.host, async () => {
        const r = await fetch(new URL("/robots.txt", url), {
          redirect: "manual",
          headers: { "user-agent": USER_AGENT },
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        return { status: r.status, text: r.status === 200 ? await r.text() : "" };
      });
      // RFC 9309: no robots.txt (4xx) allows everything; a server error (5xx) disallows everything.
      const rules: RobotsRule[] =
        response.status >= 500 ? [{ allow: false, path: "/" }] : response.status === 200 ? parseRobots(response.text) : [];
      this.cache.set(key, rules);
      return { rules };
    } catch (error) {
      return failure(error);
    }
  }

  async check(address: string): Promise<WebsiteCheck> {
    const key = `web:${address}`;
    const hit = this.cache.get<Omit<WebsiteCheck, "cached">>(key);
    if (hit) return { ...hit.value, cached: true };
    const result = await this.checkLive(address);
    // Only answers are cached (an HTTP status, or robots.txt saying no): a timeout or a refused
    // connection may be a bad minute, and should not stick for the whole TTL.
    if (result.http !== undefined || result.status === "robots_disallowed") this.cache.set(key, { ...result, cached: undefined });
    return result;
  }

  private async checkLive(address: string): Promise<WebsiteCheck> {
    const at = Date.now();
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      return { status: "unreachable", detail: "invalid_url", at, cached: false };
    }
    const robots = await this.robotsFor(url);
    if ("blocked" in robots) return { status: robots.blocked, detail: robots.detail, at, cached: false };
    if (!robotsAllows(robots.rules, url.pathname + url.search)) return { status: "robots_disallowed", at, cached: false };
    let head: WebsiteCheck;
    try {
      const response = await this.request(url, "HEAD");
      head = verdict(response.status, "HEAD", at);
      if (head.status === "reachable") return head;
    } catch (error) {
      const failed = failure(error);
      if (failed.blocked === "timeout") return { status: "timeout", detail: failed.detail, at, cached: false };
    }
    try {
      return verdict((await this.request(url, "GET")).status, "GET", at);
    } catch (error) {
      const failed = failure(error);
      return { status: failed.blocked, detail: failed.detail, at, cached: false };
    }
  }
}

function verdict(http: number, method: "HEAD" | "GET", at: number): WebsiteCheck {
  return { status: http < 400 ? "reachable" : "unreachable", http, method, at, cached: false };
}

function failure(error: unknown): { blocked: WebsiteStatus; detail?: string } {
  const e = error as { name?: string; code?: string };
  if (e?.name === "TimeoutError" || e?.code === "ETIMEDOUT") return { blocked: "timeout" };
  return { blocked: "unreachable", detail: e?.code ?? e?.name ?? "error" };
}

/** The network status written to provenance, e.g. `reachable:200`, `timeout`, `robots_disallowed`. */
export function describeCheck(check: WebsiteCheck, timeoutMs: number): string {
  const base =
    check.status === "timeout"
      ? `timeout:${timeoutMs / 1000}s`
      : check.http !== undefined
        ? `${check.status}:${check.http}`
        : check.detail
          ? `${check.status}:${check.detail}`
          : check.status;
  return check.cached ? `${base} (cached)` : base;
}
