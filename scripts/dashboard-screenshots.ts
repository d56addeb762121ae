#!/usr/bin/env bun
/**
 * Screenshots of every dashboard page for the README (docs/screenshots/dashboard-*.png), taken in
 * headless Chromium from the compiled binary serving a generated dist/ with four refines:
 *
 *   bun run build.ts && bun run scripts/dashboard-screenshots.ts
 */
import { join, resolve } from "node:path";
import { generateAviationWorkbooks } from "../bench/generate.ts";
import { hotpass } from "../tests/support/binary.ts";
import { launchBrowser, makeProject, startDashboard } from "../tests/dashboard/support.ts";

const out = resolve(import.meta.dir, "..", "docs", "screenshots");
const project = await makeProject(300, 11);
try {
  const runs: string[] = [];
  for (const [i, orgs] of [120, 300, 220, 400].entries()) {
    const input = join(project.root, `batch-${i}`);
    await generateAviationWorkbooks({ orgs, out: input, seed: 20 + i });
    const result = await hotpass(["refine", "--input-dir", input, "--output-path", join(project.dist, `batch-${i}.xlsx`), "--profile", "aviation", "--observability"], { env: project.env, cwd: project.root });
    if (result.code !== 0) throw new Error(result.stderr);
    runs.push(`0/batch-${i}-quality-report.json`);
  }
  const dashboard = await startDashboard(["--dist-dir", project.dist, "--root", project.root, "--allow-run"], project.env, project.root);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const key = encodeURIComponent(runs.at(-1)!);
  const shoot = async (name: string, hash: string, ready: string, act?: () => Promise<void>) => {
    await page.goto(`${dashboard.url}${hash}`);
    await page.locator(ready).first().waitFor();
    await act?.();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, `dashboard-${name}.png`) });
    console.log(`wrote docs/screenshots/dashboard-${name}.png`);
  };
  await shoot("runs", "#/", "#runs tbody tr");
  await shoot("run", `#/run/${key}`, "#scores svg");
  await shoot("table", `#/table/${key}`, "#rows tbody tr", async () => {
    await page.locator("button.open-row").nth(1).click();
    await page.locator("#provenance table").first().waitFor();
    await page.locator("#provenance").scrollIntoViewIfNeeded();
  });
  const runId = (await Bun.file(join(project.dist, "batch-3-quality-report.json")).json()).run_id as string;
  await shoot("lineage", `#/lineage?run=${runId}`, "svg.lineage g.node");
  await shoot("ops", "#/ops", "#spool-summary");
  await shoot("refine", "#/refine", "#r-start", async () => {
    await page.selectOption("#r-input", { label: join(project.root, "batch-2") });
    await page.fill("#r-output", "from-the-page.xlsx");
    await page.click("#r-start");
    await page.locator("#r-outcome a").waitFor({ timeout: 60_000 });
  });
  await browser.close();
  await dashboard.stop();
} finally {
  project.cleanup();
}
