/**
 * MX records for email domains through node:dns. `HOTPASS_DNS_SERVER=host:port` points the
 * resolver at one DNS server (the tests' own on 127.0.0.1); otherwise the system's resolvers are
 * used. Answers (found / none) are cached; errors and timeouts are not.
 */
import { Resolver } from "node:dns/promises";
import { usageError } from "../../errors.ts";
import type { ResearchCache } from "./cache.ts";

export type MxOutcome =
  | { status: "mx_found"; exchange: string }
  | { status: "no_mx" }
  | { status: "dns_error"; code: string };

export interface MxResult {
  outcome: MxOutcome;
  at: number;
  cached: boolean;
}

export class MxChecker {
  private readonly resolver: Resolver;
  queries = 0;

  constructor(
    options: { timeoutMs: number; dnsServer?: string },
    private readonly cache: ResearchCache,
  ) {
    this.resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
    if (options.dnsServer) {
      try {
        this.resolver.setServers([options.dnsServer]);
      } catch {
        throw usageError(`HOTPASS_DNS_SERVER '${options.dnsServer}' is not a DNS server address`, "use host:port, e.g. 127.0.0.1:5353");
      }
    }
  }

  async check(domain: string): Promise<MxResult> {
    const key = `mx:${domain}`;
    const hit = this.cache.get<MxOutcome>(key);
    if (hit) return { outcome: hit.value, at: hit.at, cached: true };
    const at = Date.now();
    const outcome = await this.resolve(domain);
    if (outcome.status !== "dns_error") this.cache.set(key, outcome, at);
    return { outcome, at, cached: false };
  }

  private async resolve(domain: string): Promise<MxOutcome> {
    this.queries++;
    try {
      const records = (await this.resolver.resolveMx(domain)).filter((r) => r.exchange !== "" && r.exchange !== ".");
      if (records.length === 0) return { status: "no_mx" };
      records.sort((a, b) => a.priority - b.priority);
      return { status: "mx_found", exchange: records[0]!.exchange };
    } catch (error) {
      const code = (error as { code?: string }).code ?? "ERROR";
      // Bun's resolver reports "no such domain" and "no MX record" both as ENOTFOUND; either way
      // nothing is published to receive mail for the domain.
      if (code === "ENODATA" || code === "ENOTFOUND") return { status: "no_mx" };
      return { status: "dns_error", code };
    }
  }
}

/** Email status and confidence after an MX answer; null leaves them as they are. */
export function emailVerdict(
  outcome: MxOutcome,
  current: { status: string | null; confidence: number | null },
): { status: string; confidence: number } | null {
  switch (outcome.status) {
    case "mx_found":
      // The domain accepts mail; the mailbox itself is not checked, so this caps at 0.8
      // unless refine already knew better (reserved example domains, 0.92).
      return { status: "deliverable", confidence: Math.max(current.confidence ?? 0, 0.8) };
    case "no_mx":
      return { status: "undeliverable", confidence: 0 };
    case "dns_error":
      return null;
  }
}

export function describeMx(result: MxResult): string {
  const o = result.outcome;
  const base = o.status === "mx_found" ? `mx_found:${o.exchange}` : o.status === "dns_error" ? `dns_error:${o.code}` : o.status;
  return result.cached ? `${base} (cached)` : base;
}
