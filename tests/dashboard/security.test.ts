/**
 * What the dashboard refuses: hostile spreadsheet cells stay text (no script runs, no element is
 * made, no javascript: link), paths out of the dist folder (sent over plain HTTP, unnormalised),
 * requests without the token, state changes from another origin, and a non-loopback host
 * without a token.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { hotpass, tempDir } from "../support/binary.ts";
import { hasText, launchBrowser, startDashboard, watchErrors, type Dashboard } from "./support.ts";

// Browser globals inside page.evaluate callbacks (they run in Chromium, not in Bun).
declare const document: any;
declare const window: any;
type Document = any;

const folder = tempDir("hotpass-dashboard-security-");
const input = join(folder.path, "data");
const dist = join(folder.path, "dist");
const env = { HOTPASS_STATE_DIR: join(folder.path, "state"), HOME: folder.path };
const TOKEN = "s3cret-dashboard-token-for-tests";
let open: Dashboard;
let guarded: Dashboard;
let browser: Browser;

/** One request exactly as written (no client normalises the path), answered status and body. */
function rawGet(url: string, target: string, headers: string[] = []): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write([`GET ${target} HTTP/1.1`, `Host: ${hostname}:${port}`, "Connection: close", ...headers, "", ""].join("\r\n")));
    let data = "";
    socket.on("data", (chunk) => (data += chunk.toString("latin1")));
    socket.on("end", () => resolve({ status: Number(data.split(" ")[1]), body: data.slice(data.indexOf("\r\n\r\n") + 4) }));
    socket.on("error", reject);
  });
}

beforeAll(async () => {
  mkdirSync(input, { recursive: true });
  writeFileSync(
    join(input, "orgs.csv"),
    [
      "Organisation Name,Website,Email,Province,Phone,Description",
      '"<script>window.__xss=1</script>",https://safe.example.org,a@b.co.za,Gauteng,0821234567,javascript:window.__xss=3',
      '"<img src=x onerror=""window.__xss=2"">",https://good.example.org,c@d.co.za,Western Cape,0831234567,plain',
      "Plain Aviation,http://plain.example.com,e@f.co.za,Gauteng,0841234567,\"<a href=javascript:window.__xss=4>click</a>\"",
    ].join("\n"),
  );
  const refined = await hotpass(["refine", "--input-dir", input, "--output-path", join(dist, "refined.csv")], { env });
  expect(refined.code).toBe(0);
  symlinkSync("/etc/passwd", join(dist, "escape.csv"));
  [open, guarded, browser] = await Promise.all([
    startDashboard(["--dist-dir", dist], env),
    startDashboard(["--dist-dir", dist], { ...env, HOTPASS_DASHBOARD_TOKEN: TOKEN }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([open?.stop(), guarded?.stop()]);
  folder.cleanup();
});

describe("hostile cells", () => {
  test("<script>, <img onerror> and javascript: values render as inert text, in the table and in provenance", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    let dialogs = 0;
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(`${open.url}#/table/${encodeURIComponent("0/refined-quality-report.json")}`);
    await page.check("#t-all");
    await hasText(page.locator("#t-grid"), "<script>window.__xss=1</script>");
    await hasText(page.locator("#t-grid"), '<img src=x onerror="window.__xss=2">');
    await hasText(page.locator("#t-grid"), "javascript:window.__xss=3");
    for (const button of await page.locator("button.open-row").all()) {
      await button.click();
      await hasText(page.locator("#provenance h2"), "Provenance of");
    }
    const found = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: number }).__xss,
      scripts: document.querySelectorAll("main script").length,
      images: document.querySelectorAll("main img").length,
      badLinks: [...document.querySelectorAll("a")].filter((a) => !/^(https?:|#|\/files\/)/.test(a.getAttribute("href") ?? "#")).length,
      links: [...document.querySelectorAll("#t-grid a")].map((a) => a.getAttribute("href")),
    }));
    expect(found.xss).toBeUndefined();
    expect(found.scripts).toBe(0);
    expect(found.images).toBe(0);
    expect(found.badLinks).toBe(0);
    expect(found.links).toContain("https://good.example.org");
    expect(dialogs).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("every response carries a Content-Security-Policy without inline script", async () => {
    const response = await fetch(open.url);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("default-src 'none'");
  });
});

describe("paths", () => {
  const attempts = [
    "/files/0/../../../../etc/passwd",
    "/files/0/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/files/0/..%2f..%2f..%2fetc%2fpasswd",
    "/files/0/%252e%252e/%252e%252e/etc/passwd",
    "/files/0/%2fetc%2fpasswd",
    "/files/0//etc/passwd",
    "/files/0/..\\..\\..\\etc\\passwd",
    "/files/0/refined.csv%00.txt",
    "/files/0/escape.csv",
    "/files/1/passwd",
    "/api/run?key=0/../../../etc/passwd-quality-report.json",
  ];
  for (const target of attempts) {
    test(`refuses ${target}`, async () => {
      const { status, body } = await rawGet(open.url, target);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(body).not.toContain("root:");
    });
  }

  test("serves a file that is inside the dist folder, as a download", async () => {
    const { status, body } = await rawGet(open.url, "/files/0/refined-quality-report.json");
    expect(status).toBe(200);
    expect(body).toContain('"run_id"');
  });
});

describe("token and origin", () => {
  test("without the token every page and answer is 401; with it, 200; the token is never printed", async () => {
    for (const target of ["/", "/api/runs", "/files/0/refined.csv", "/api/ops"]) expect((await rawGet(guarded.url, target)).status).toBe(401);
    expect((await rawGet(guarded.url, "/api/runs", ["Authorization: Bearer wrong-token"])).status).toBe(401);
    const ok = await rawGet(guarded.url, "/api/runs", [`Authorization: Bearer ${TOKEN}`]);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("refined-quality-report.json");
    expect(guarded.stderr()).not.toContain(TOKEN);
  });

  test("the sign-in form lets a browser in with the token", async () => {
    const page = await browser.newPage();
    await page.goto(guarded.url);
    await page.fill("#token", TOKEN);
    await page.click("button[type=submit]");
    await page.locator("#runs tbody tr").first().waitFor();
    await page.close();
  });

  test("a non-loopback host without a token is refused before anything listens", async () => {
    const result = await hotpass(["dashboard", "--dist-dir", dist, "--host", "0.0.0.0", "--port", "0"], { env: { ...env, HOTPASS_DASHBOARD_TOKEN: "" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("HOTPASS_DASHBOARD_TOKEN");
  });

  test("a refine request from another origin, or with runs off, is refused", async () => {
    const body = JSON.stringify({ profile: "generic", input: "0", dist: 0, output: "x.csv" });
    const foreign = await fetch(`${open.url}api/refine`, { method: "POST", body, headers: { "content-type": "application/json", origin: "http://evil.example" } });
    expect(foreign.status).toBe(403);
    const same = await fetch(`${open.url}api/refine`, { method: "POST", body, headers: { "content-type": "application/json", origin: open.url.replace(/\/$/, "") } });
    expect(same.status).toBe(403);
    expect(((await same.json()) as { error: string }).error).toContain("--allow-run");
  });
});
