/**
 * The Lineage page from Marquez instead of the local log: refine posts its events to a
 * Marquez-like endpoint (validating them against the OpenLineage schema, answering with Marquez's
 * API shapes), the dashboard is started with --lineage-url, and the graph shows what Marquez
 * holds. Also: Ctrl+C (SIGINT) stops the server cleanly with exit 0.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { startMarquez, type MarquezServer } from "../support/marquez.ts";
import { hasText, launchBrowser, makeProject, refine, startDashboard, type Project } from "./support.ts";

let project: Project;
let marquez: MarquezServer;
let browser: Browser;

beforeAll(async () => {
  [project, marquez, browser] = await Promise.all([makeProject(60), startMarquez(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await marquez?.stop();
  project?.cleanup();
});

test("the lineage graph comes from Marquez when --lineage-url names it", async () => {
  const report = await refine(project, "refined.xlsx", ["--lineage-url", marquez.url]);
  expect(marquez.events.length).toBeGreaterThan(0);
  const dashboard = await startDashboard(["--dist-dir", project.dist, "--lineage-url", marquez.url], project.env, project.root);
  try {
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}#/lineage?run=${report.run_id}`);
    await hasText(page.locator("#lineage-source"), `Marquez at ${marquez.url}`);
    await page.locator("svg.lineage g.node").first().waitFor();
    const ids = await page.locator("svg.lineage g.node").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-node") ?? ""));
    expect(ids.some((id) => id.endsWith("/refined.xlsx"))).toBe(true);
    expect(ids.some((id) => id.startsWith("job:"))).toBe(true);
    await page.close();
  } finally {
    expect(await dashboard.stop()).toBe(0);
  }
  expect(dashboard.stderr()).toContain("dashboard: stopped");
  expect(marquez.problems).toEqual([]);
});
