/**
 * Network research over the enriched rows: website reachability and MX records. Only ever
 * called when the run allows the network; nothing in here is loaded otherwise.
 */
import type { EventBus } from "../../pipeline/events.ts";
import { emailDomain, firstEmail } from "../../rules/index.ts";
import type { NetworkOptions, ProvenanceEntry, RowView } from "../types.ts";
import { ResearchCache } from "./cache.ts";
import { describeMx, emailVerdict, MxChecker } from "./mx.ts";
import { describeCheck, WebsiteChecker, type WebsiteCheck } from "./website.ts";

/** At most this many hosts are contacted at once. */
const HOST_CONCURRENCY = 4;

export interface ResearchOutcome {
  requests: number;
  warnings: string[];
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}

function entryFor(entries: ProvenanceEntry[][], index: number, field: string): ProvenanceEntry | undefined {
  return entries[index]!.find((entry) => entry.field === field);
}

export async function research(
  rows: RowView[],
  entries: ProvenanceEntry[][],
  options: NetworkOptions,
  bus: EventBus,
): Promise<ResearchOutcome> {
  const cache = await ResearchCache.open(options.cacheDir, options.cacheTtlSeconds);
  const warnings: string[] = [];
  // Made first so a bad HOTPASS_DNS_SERVER stops the run before any request goes out.
  const mx = new MxChecker(options, cache);

  // Websites: one check per distinct address, hosts in parallel, each host throttled.
  bus.emit("enrich.fetcher.started", { fetcher: "website", strategy: "reachability", network_used: true });
  let started = performance.now();
  const web = new WebsiteChecker(options, cache);
  const sites = new Map<string, WebsiteCheck>();
  const addresses = [...new Set(rows.map((row) => row.get("website")).filter((w): w is string => w !== null))];
  const byHost = new Map<string, string[]>();
  for (const address of addresses) {
    let host = address;
    try {
      host = new URL(address).host;
    } catch {
      // checked (and reported invalid) on its own
    }
    byHost.set(host, [...(byHost.get(host) ?? []), address]);
  }
  await pool([...byHost.values()], HOST_CONCURRENCY, async (group) => {
    for (const address of group) sites.set(address, await web.check(address));
  });
  let touched = 0;
  rows.forEach((row, i) => {
    const address = row.get("website");
    const check = address ? sites.get(address) : undefined;
    if (!check) return;
    touched++;
    const status = describeCheck(check, options.timeoutMs);
    const existing = entryFor(entries, i, "website");
    if (existing) existing.network_status = status;
    else {
      entries[i]!.push({
        field: "website",
        source: `http:${address}`,
        timestamp: new Date(check.at).toISOString(),
        confidence: null,
        strategy: "website_reachability",
        network_status: status,
      });
    }
  });
  bus.emit("enrich.fetcher.completed", {
    fetcher: "website",
    strategy: "reachability",
    records: touched,
    seconds: (performance.now() - started) / 1000,
    network_used: true,
  });

  // MX records: one query per distinct email domain.
  bus.emit("enrich.fetcher.started", { fetcher: "mx", strategy: "mx_records", network_used: true });
  started = performance.now();
  const domains = new Map<string, Awaited<ReturnType<MxChecker["check"]>>>();
  const domainOf = (row: RowView) => {
    const email = row.get("contact_primary_email");
    const valid = email ? firstEmail(email) : null;
    return valid ? emailDomain(valid) : null;
  };
  const wanted = [...new Set(rows.map(domainOf).filter((d): d is string => d !== null))];
  await pool(wanted, HOST_CONCURRENCY, async (domain) => {
    domains.set(domain, await mx.check(domain));
  });
  let updated = 0;
  rows.forEach((row, i) => {
    const domain = domainOf(row);
    const result = domain ? domains.get(domain) : undefined;
    if (!result || !domain) return;
    const confidence = row.get("contact_primary_email_confidence");
    const verdict = emailVerdict(result.outcome, {
      status: row.get("contact_primary_email_status"),
      confidence: confidence === null || Number.isNaN(Number(confidence)) ? null : Number(confidence),
    });
    if (verdict) {
      row.set("contact_primary_email_status", verdict.status);
      row.set("contact_primary_email_confidence", verdict.confidence);
      updated++;
    }
    const previous = entryFor(entries, i, "contact_primary_email_status");
    if (previous) entries[i]!.splice(entries[i]!.indexOf(previous), 1);
    entries[i]!.push({
      field: "contact_primary_email_status",
      source: `dns:mx:${domain}`,
      timestamp: new Date(result.at).toISOString(),
      confidence: verdict?.confidence ?? null,
      strategy: "mx_lookup",
      network_status: describeMx(result),
    });
  });
  bus.emit("enrich.fetcher.completed", {
    fetcher: "mx",
    strategy: "mx_records",
    records: updated,
    seconds: (performance.now() - started) / 1000,
    network_used: true,
  });

  const problem = cache.save();
  if (problem) warnings.push(problem);
  return { requests: web.requests + mx.queries, warnings };
}
