/**
 * Network research, against servers the tests start on 127.0.0.1: website reachability (robots,
 * HEAD then GET, per-host spacing, timeout, cache), MX records through a local DNS server, and
 * the guarantee that without --allow-network no socket is opened at all.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { startDnsServer, type DnsServer } from "../support/dns-server.ts";
import { startSite, type Site } from "../support/http-site.ts";
import { pairs, readRows, refinedRow, workspace, writeRefined, type Workspace } from "./support.ts";

let ws: Workspace;
const servers: { close(): Promise<void> }[] = [];
beforeEach(() => {
  ws = workspace();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  ws.cleanup();
});

async function site(options: Parameters<typeof startSite>[0] = {}): Promise<Site> {
  const s = await startSite(options);
  servers.push(s);
  return s;
}
async function dns(mx: Record<string, string | null>): Promise<DnsServer> {
  const d = await startDnsServer(mx);
  servers.push(d);
  return d;
}

describe("hotpass enrich --allow-network", () => {
  test("network off (absent or =false): no connection and no DNS query, although research would otherwise happen", async () => {
    const web = await site();
    const resolver = await dns({ "skyhigh.co.za": "mail.skyhigh.co.za" });
    await writeRefined(join(ws.dist, "refined.csv"), [
      refinedRow("Sky High", { website: `${web.url}/`, contact_primary_email: "ops@skyhigh.co.za", contact_primary_email_status: "risky" }),
    ]);
    const env = { HOTPASS_DNS_SERVER: resolver.address };
    for (const flag of [[], ["--allow-network=false"]]) {
      const off = await ws.run(["--input", "dist/refined.csv", "--output", "dist/off.csv", ...flag], env);
      expect(off.code).toBe(0);
      expect(web.connections).toBe(0);
      expect(resolver.queries).toEqual([]);
    }
    const [row] = (await readRows(join(ws.dist, "off.csv"))).rows;
    expect(row!.contact_primary_email_status).toBe("risky");

    // The same input with the network allowed does reach both servers: the zero above is real.
    const on = await ws.run(["--input", "dist/refined.csv", "--output", "dist/on.csv", "--allow-network=true"], env);
    expect(on.code).toBe(0);
    expect(web.connections).toBeGreaterThan(0);
    expect(resolver.queries).toContain("skyhigh.co.za");
  });

  test("reachability: HEAD, GET when HEAD is refused, 404 unreachable, robots.txt disallow respected", async () => {
    const web = await site({ robots: "User-agent: *\nDisallow: /private\n", headRefused: ["/gets"], missing: ["/gone"] });
    await writeRefined(join(ws.dist, "refined.csv"), [
      refinedRow("Heads", { website: `${web.url}/heads` }),
      refinedRow("Gets", { website: `${web.url}/gets` }),
      refinedRow("Gone", { website: `${web.url}/gone` }),
      refinedRow("Private", { website: `${web.url}/private/area` }),
    ]);
    const result = await ws.run(["--input", "dist/refined.csv", "--output", "dist/out.csv", "--allow-network", "--network-host-interval", "0"]);
    expect(result.code).toBe(0);
    const rows = (await readRows(join(ws.dist, "out.csv"))).rows;
    const status = (i: number) => pairs(rows[i]!.provenance_network_status).website;
    expect(status(0)).toBe("reachable:200");
    expect(status(1)).toBe("reachable:200");
    expect(status(2)).toBe("unreachable:404");
    expect(status(3)).toBe("robots_disallowed");
    expect(pairs(rows[0]!.provenance_strategy).website).toBe("website_reachability");
    // A present website is checked, never changed.
    expect(rows[2]!.website).toBe(`${web.url}/gone`);
    const seen = web.requests.map((r) => `${r.method} ${r.path}`);
    expect(seen.filter((s) => s === "GET /robots.txt")).toHaveLength(1);
    expect(seen).toContain("HEAD /heads");
    expect(seen).toContain("HEAD /gets");
    expect(seen).toContain("GET /gets");
    expect(seen).not.toContain("GET /heads");
    expect(seen.some((s) => s.includes("/private"))).toBe(false);
    expect(web.requests.every((r) => r.userAgent.startsWith("hotpass/"))).toBe(true);
  });

  test("a hostile robots.txt rule (`/*a*a*…*b`) over a long path neither stalls the run nor is misread", async () => {
    const rule = `/${"*a".repeat(14)}*b`;
    const web = await site({ robots: `User-agent: *\nDisallow: ${rule}\nAllow: /${"*a".repeat(16)}*c$\n` });
    const long = "a".repeat(4_000);
    await writeRefined(join(ws.dist, "refined.csv"), [
      refinedRow("Long", { website: `${web.url}/${long}` }),
      refinedRow("Long B", { website: `${web.url}/${long}b` }),
      refinedRow("Long C", { website: `${web.url}/${long}b${long}c` }),
    ]);
    const started = performance.now();
    const result = await ws.run(["--input", "dist/refined.csv", "--output", "dist/out.csv", "--allow-network", "--network-host-interval", "0"]);
    expect(result.code).toBe(0);
    const rows = (await readRows(join(ws.dist, "out.csv"))).rows;
    expect(rows.map((row) => pairs(row.provenance_network_status).website)).toEqual(["reachable:200", "robots_disallowed", "reachable:200"]);
    expect(web.requests.map((r) => r.path).filter((path) => path.endsWith("b"))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(30_000); // generous (a loaded machine): the RegExp it replaced never finished
  });

  test("requests to one host are spaced by --network-host-interval", async () => {
    const web = await site();
    await writeRefined(join(ws.dist, "refined.csv"), [
      refinedRow("One", { website: `${web.url}/one` }),
      refinedRow("Two", { website: `${web.url}/two` }),
      refinedRow("Three", { website: `${web.url}/three` }),
    ]);
    const result = await ws.run(["--input", "dist/refined.csv", "--output", "dist/out.csv", "--allow-network", "--network-host-interval", "0.3"]);
    expect(result.code).toBe(0);
    const times = web.requests.map((r) => r.at);
    expect(times.length).toBe(4); // robots.txt + three HEADs
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(280);
  });

  test("a slow website is bounded by --network-timeout and recorded as a timeout", async () => {
    const web = await site({ slow: { "/slow": 10_000 } });
    await writeRefined(join(ws.dist, "refined.csv"), [refinedRow("Slow", { website: `${web.url}/slow` })]);
    const result = await ws.run([
      "--input", "dist/refined.csv", "--output", "dist/out.csv", "--allow-network", "--network-timeout", "0.5", "--network-host-interval", "0",
    ]);
    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(8_000);
    const [row] = (await readRows(join(ws.dist, "out.csv"))).rows;
    expect(pairs(row!.provenance_network_status).website).toBe("timeout:0.5s");
    // A timeout is not retried with GET.
    expect(web.requests.filter((r) => r.path === "/slow").map((r) => r.method)).toEqual(["HEAD"]);
  });

  test("an unreachable website (nothing listening) is recorded, the run still succeeds", async () => {
    const closed = await startSite();
    const url = closed.url;
    await closed.close();
    await writeRefined(join(ws.dist, "refined.csv"), [refinedRow("Closed", { website: `${url}/` })]);
    const result = await ws.run(["--input", "dist/refined.csv", "--output", "dist/out.csv", "--allow-network", "--network-timeout", "2"]);
    expect(result.code).toBe(0);
    const [row] = (await readRows(join(ws.dist, "out.csv"))).rows;
    expect(pairs(row!.provenance_network_status).website).toMatch(/^unreachable:/);
    // A refused connection may be a bad minute: it is not cached for the next run.
    const cache = Bun.file(join(ws.env.XDG_CACHE_HOME!, "hotpass", "enrich-research.json"));
    const entries = (await cache.exists()) ? Object.keys((await cache.json()).entries) : [];
    expect(entries).not.toContain(`web:${url}/`);
  });

  test("a second run inside the TTL answers from the on-disk cache without a connection", async () => {
    const web = await site();
    await writeRefined(join(ws.dist, "refined.csv"), [refinedRow("Cached", { website: `${web.url}/page` })]);
    const args = ["--input", "dist/refined.csv", "--allow-network", "--network-host-interval", "0"];
    const first = await ws.run([...args, "--output", "dist/first.csv"]);
    expect(first.code).toBe(0);
    const connections = web.connections;
    expect(connections).toBeGreaterThan(0);
    const second = await ws.run([...args, "--output", "dist/second.csv"]);
    expect(second.code).toBe(0);
    expect(web.connections).toBe(connections);
    const [row] = (await readRows(join(ws.dist, "second.csv"))).rows;
    expect(pairs(row!.provenance_network_status).website).toBe("reachable:200 (cached)");
    expect(await Bun.file(join(ws.env.XDG_CACHE_HOME!, "hotpass", "enrich-research.json")).exists()).toBe(true);
    // With a zero TTL the cache is stale and the site is asked again.
    const third = await ws.run([...args, "--output", "dist/third.csv", "--cache-ttl", "0"]);
    expect(third.code).toBe(0);
    expect(web.connections).toBeGreaterThan(connections);
  });

  test("MX records through HOTPASS_DNS_SERVER update the email status and confidence", async () => {
    const resolver = await dns({ "skyhigh.co.za": "mail.skyhigh.co.za", "nomail.co.za": null });
    await writeRefined(join(ws.dist, "refined.csv"), [
      refinedRow("Has MX", { contact_primary_email: "ops@skyhigh.co.za", contact_primary_email_status: "risky", contact_primary_email_confidence: 0.35 }),
      refinedRow("No MX", { contact_primary_email: "ops@nomail.co.za", contact_primary_email_status: "risky", contact_primary_email_confidence: 0.35 }),
      refinedRow("No Domain", { contact_primary_email: "ops@nowhere.invalid", contact_primary_email_status: "risky", contact_primary_email_confidence: 0.35 }),
    ]);
    const result = await ws.run(["--input", "dist/refined.csv", "--output", "dist/out.csv", "--allow-network"], {
      HOTPASS_DNS_SERVER: resolver.address,
    });
    expect(result.code).toBe(0);
    const rows = (await readRows(join(ws.dist, "out.csv"))).rows;
    expect(rows[0]!.contact_primary_email_status).toBe("deliverable");
    expect(rows[0]!.contact_primary_email_confidence).toBe(0.8);
    expect(pairs(rows[0]!.provenance_network_status).contact_primary_email_status).toBe("mx_found:mail.skyhigh.co.za");
    expect(pairs(rows[0]!.provenance_strategy).contact_primary_email_status).toBe("mx_lookup");
    // No MX record, and no such domain at all: nothing receives mail there.
    for (const row of [rows[1]!, rows[2]!]) {
      expect(row.contact_primary_email_status).toBe("undeliverable");
      expect(row.contact_primary_email_confidence).toBe(0);
      expect(pairs(row.provenance_network_status).contact_primary_email_status).toBe("no_mx");
    }
    expect(new Set(resolver.queries)).toEqual(new Set(["skyhigh.co.za", "nomail.co.za", "nowhere.invalid"]));
  });

  test("a DNS server that never answers is bounded by the timeout and leaves the email status alone", async () => {
    const silent = (await import("node:dgram")).createSocket("udp4");
    await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
    servers.push({ close: () => new Promise((resolve) => silent.close(() => resolve())) });
    await writeRefined(join(ws.dist, "refined.csv"), [
      refinedRow("Quiet", { contact_primary_email: "ops@quiet.co.za", contact_primary_email_status: "risky", contact_primary_email_confidence: 0.35 }),
    ]);
    const result = await ws.run(["--input", "dist/refined.csv", "--output", "dist/out.csv", "--allow-network", "--network-timeout", "0.5"], {
      HOTPASS_DNS_SERVER: `127.0.0.1:${silent.address().port}`,
    });
    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(10_000);
    const [row] = (await readRows(join(ws.dist, "out.csv"))).rows;
    expect(row!.contact_primary_email_status).toBe("risky");
    expect(row!.contact_primary_email_confidence).toBe(0.35);
    expect(pairs(row!.provenance_network_status).contact_primary_email_status).toMatch(/^dns_error:/);
  });
});
