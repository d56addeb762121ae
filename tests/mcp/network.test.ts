/**
 * Network research through MCP happens only when the call asks for it AND the server's role is
 * admin; a local web site and DNS server on 127.0.0.1 count every connection and query, so a
 * zero is a real zero.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { tempDir } from "../support/binary.ts";
import { startDnsServer, type DnsServer } from "../support/dns-server.ts";
import { startSite, type Site } from "../support/http-site.ts";
import { refinedRow, writeRefined } from "../enrich/support.ts";
import { connect, isolatedEnv, textOf } from "./support.ts";

let work: { path: string; cleanup: () => void };
let web: Site;
let resolver: DnsServer;
let env: Record<string, string>;

beforeAll(async () => {
  work = tempDir("hotpass-mcp-network-");
  [web, resolver] = await Promise.all([startSite(), startDnsServer({ "skyhigh.co.za": "mail.skyhigh.co.za" })]);
  await writeRefined(join(work.path, "refined.csv"), [
    refinedRow("Sky High", { website: `${web.url}/`, contact_primary_email: "ops@skyhigh.co.za", contact_primary_email_status: "risky" }),
  ]);
  env = isolatedEnv(work.path, { HOTPASS_DNS_SERVER: resolver.address });
});
afterAll(async () => {
  await Promise.all([web?.close(), resolver?.close()]);
  work.cleanup();
});

describe("hotpass_enrich and the network", () => {
  test("operator: asking for the network is refused and opens no socket; offline enrich opens none either", async () => {
    const s = await connect(["--role", "operator"], { cwd: work.path, env });
    try {
      const refused = await s.call("hotpass_enrich", { input: "refined.csv", output: "op-net.csv", allow_network: true });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain("allow_network needs the admin role");
      const offline = await s.call("hotpass_enrich", { input: "refined.csv", output: "op-off.csv" });
      expect(offline.structuredContent).toMatchObject({ network_checks: 0 });
    } finally {
      await s.close();
    }
    expect(web.connections).toBe(0);
    expect(resolver.queries).toEqual([]);
  });

  test("admin: no network unless the call asks; with allow_network the site and the resolver are reached", async () => {
    const s = await connect(["--role", "admin"], { cwd: work.path, env });
    try {
      const offline = await s.call("hotpass_enrich", { input: "refined.csv", output: "admin-off.csv" });
      expect(offline.structuredContent).toMatchObject({ network_checks: 0 });
      expect(web.connections).toBe(0);
      const online = await s.call("hotpass_enrich", { input: "refined.csv", output: "admin-on.csv", allow_network: true });
      expect(online.isError).toBeFalsy();
      expect((online.structuredContent as { network_checks: number }).network_checks).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
    expect(web.connections).toBeGreaterThan(0);
    expect(resolver.queries).toContain("skyhigh.co.za");
  });
});
