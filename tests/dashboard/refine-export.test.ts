/**
 * The control-panel action and the static export, in Chromium against the compiled binary: a
 * refine started from the page with --allow-run streams its progress, completes and appears in
 * Runs; an input folder outside the named folders is refused; `--export DIR` opened from file://
 * shows the same runs, detail and table.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { hotpass } from "../support/binary.ts";
import { hasCount, hasText, launchBrowser, makeProject, refine, startDashboard, watchErrors, type Dashboard, type Project } from "./support.ts";

let project: Project;
let dashboard: Dashboard;
let browser: Browser;
let report: Record<string, any>;

beforeAll(async () => {
  project = await makeProject(80);
  report = await refine(project, "refined.xlsx");
  [dashboard, browser] = await Promise.all([startDashboard(["--dist-dir", project.dist, "--root", project.input, "--allow-run"], project.env, project.root), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.stop();
  project?.cleanup();
});

describe("refine from the page", () => {
  test("completes, shows its progress, and the run appears in Runs", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${dashboard.url}#/refine`);
    await page.selectOption("#r-profile", "aviation");
    const inputs = await page.locator("#r-input option").allTextContents();
    expect(inputs).toContain(project.input);
    await page.selectOption("#r-input", { label: project.input });
    await page.fill("#r-output", "from-page.csv");
    await page.click("#r-start");
    await hasText(page.locator("#r-outcome"), "Done: ", false, 60_000);
    await hasText(page.locator("#r-progress"), "read ");
    await hasText(page.locator("#r-progress"), "wrote ");
    expect(existsSync(join(project.dist, "from-page-quality-report.json"))).toBe(true);
    const written = await Bun.file(join(project.dist, "from-page-quality-report.json")).json();
    await hasText(page.locator("#r-outcome"), `${written.total_records} organisations`);
    await page.goto(dashboard.url);
    await hasText(page.locator("#runs"), written.run_id);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("an input folder outside the --dist-dir / --root folders, or an output path, is refused", async () => {
    const origin = dashboard.url.replace(/\/$/, "");
    const post = (body: unknown) => fetch(`${dashboard.url}api/refine`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", origin } });
    for (const body of [
      { profile: "aviation", input: "1/../..", dist: 0, output: "x.csv" },
      { profile: "aviation", input: "7", dist: 0, output: "x.csv" },
      { profile: "aviation", input: "1", dist: 0, output: "../x.csv" },
      { profile: "aviation", input: "1", dist: 0, output: "/tmp/x.csv" },
      { profile: "aviation; rm -rf /", input: "1", dist: 0, output: "x.csv" },
    ]) {
      const response = await post(body);
      expect(response.status).toBe(400);
    }
  });
});

describe("static export", () => {
  test("opened from file:// it shows the same runs, run detail and table", async () => {
    const out = join(project.root, "site");
    const result = await hotpass(["dashboard", "--dist-dir", project.dist, "--export", out], { env: project.env, cwd: project.root });
    expect(result.code).toBe(0);
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const home = pathToFileURL(join(out, "index.html")).href;
    await page.goto(home);
    await hasText(page.locator("#runs"), report.run_id);
    await hasText(page.locator("#runs"), report.data_quality_distribution.mean.toFixed(4));
    await page.goto(`${home}#/run/${encodeURIComponent("0/refined-quality-report.json")}`);
    await hasText(page.locator("#facts"), `Records${report.total_records}`);
    await hasCount(page.locator("#scores svg rect"), 10);
    await page.goto(`${home}#/table/${encodeURIComponent("0/refined-quality-report.json")}`);
    await hasText(page.locator("#t-info"), `${report.total_records} of ${report.total_records} rows match`);
    await page.click("#t-next");
    await hasText(page.locator("#t-info"), "page 2 of");
    await page.locator("button.open-row").first().click();
    await hasText(page.locator("#provenance h2"), "Provenance of");
    await page.goto(`${home}#/lineage?run=${report.run_id}`);
    await page.locator("svg.lineage g.node").first().waitFor();
    expect(await page.locator("#nav-refine").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
