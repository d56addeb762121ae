/**
 * "Check with hotpass qa" on a run's page, in Chromium against the compiled binary: with
 * --allow-run it checks a refined table and shows the counts the report it wrote holds; on a
 * table broken by hand (a column emptied, a column removed, a repeated hostile slug) it shows the
 * failures, as text; strict mode changes the exit code. Without --allow-run the action is absent
 * and the endpoint refuses; another origin, and a run whose table lies outside the dist folder,
 * are refused and nothing is written; a static export never offers it. A check is listed in Runs
 * (and the export) as a qa run, never as a refine, and the Command filter tells them apart.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { hotpass } from "../support/binary.ts";
import { accessibilityViolations, hasCount, hasText, launchBrowser, makeProject, refine, startDashboard, watchErrors, type Dashboard, type Project } from "./support.ts";

// Browser globals inside page.evaluate callbacks (they run in Chromium, not in Bun).
declare const document: any;
declare const window: any;

const HOSTILE = '<img src=x onerror="window.__xss=1">';

let project: Project;
let allowed: Dashboard;
let readOnly: Dashboard;
let browser: Browser;

interface Result {
  scope: string;
  success: boolean;
}

beforeAll(async () => {
  project = await makeProject(40);
  await refine(project, "good.csv");
  const broken = await refine(project, "names.json");
  const rows = (await Bun.file(join(project.dist, "names.json")).json()) as Record<string, unknown>[];
  // names.json: the name column emptied (an expectation fails, the contract holds).
  writeFileSync(join(project.dist, "names.json"), JSON.stringify(rows.map((r) => ({ ...r, organization_name: null }))));
  // broken.json: a column removed and a repeated, hostile slug (the contract breaks).
  writeFileSync(
    join(project.dist, "broken.json"),
    JSON.stringify(rows.map(({ contact_primary_email: _, ...r }, i) => (i < 2 ? { ...r, organization_slug: HOSTILE } : r))),
  );
  writeFileSync(join(project.dist, "broken-quality-report.json"), JSON.stringify({ ...broken, run_id: `${broken.run_id}-b`, output_path: join(project.dist, "broken.json") }));
  // A run whose table is outside the dist folder, directly and through a symlink.
  copyFileSync(join(project.dist, "good.csv"), join(project.root, "outside.csv"));
  symlinkSync(join(project.root, "outside.csv"), join(project.dist, "link.csv"));
  writeFileSync(join(project.dist, "away-quality-report.json"), JSON.stringify({ ...broken, run_id: "away", output_path: join(project.root, "outside.csv") }));
  writeFileSync(join(project.dist, "link-quality-report.json"), JSON.stringify({ ...broken, run_id: "link", output_path: join(project.dist, "link.csv") }));
  [allowed, readOnly, browser] = await Promise.all([
    startDashboard(["--dist-dir", project.dist, "--allow-run"], project.env, project.root),
    startDashboard(["--dist-dir", project.dist], project.env, project.root),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([allowed?.stop(), readOnly?.stop()]);
  project?.cleanup();
});

const runPage = (dashboard: Dashboard, report: string) => `${dashboard.url}#/run/${encodeURIComponent(`0/${report}`)}`;
const post = (dashboard: Dashboard, body: unknown, headers: Record<string, string> = { origin: dashboard.url.replace(/\/$/, "") }) =>
  fetch(`${dashboard.url}api/qa`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });

/** Passed and failed counts of a qa report's expectations and contract checks. */
function counts(report: { expectation_results: Result[] }) {
  const tally = (list: Result[]) => ({ passed: list.filter((r) => r.success).length, failed: list.filter((r) => !r.success).length });
  return {
    expectations: tally(report.expectation_results.filter((r) => r.scope !== "contract")),
    contract: tally(report.expectation_results.filter((r) => r.scope === "contract")),
  };
}

async function check(page: Page, report: string, strict = false): Promise<void> {
  await page.goto(runPage(allowed, report));
  await page.locator("#qa-start").waitFor();
  await hasText(page.locator("#qa-profile"), "aviation", true);
  if (strict) await page.check("#qa-strict");
  await page.click("#qa-start");
  await page.locator("#qa-summary").waitFor({ timeout: 30_000 });
}

describe("without --allow-run", () => {
  test("the run's page offers no qa, and a same-origin POST is refused with nothing written", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const asked = page.waitForResponse((r) => r.url().includes("/api/qa?"));
    await page.goto(runPage(readOnly, "good-quality-report.json"));
    await asked;
    // The placeholder goes once the page knows the check is not offered.
    await page.locator("#facts").waitFor();
    await hasCount(page.locator("#qa"), 0);
    expect(await page.locator("#qa-start").count()).toBe(0);
    expect(await page.locator("section[aria-label='Check with hotpass qa']").count()).toBe(0);
    const response = await post(readOnly, { key: "0/good-quality-report.json", qaMode: "default" });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toBe("running qa is off; start the dashboard with --allow-run");
    expect(existsSync(join(project.dist, "good-qa-quality-report.json"))).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("refused with --allow-run", () => {
  test("a POST from another origin, or with no origin, is refused and writes nothing", async () => {
    const body = { key: "0/good-quality-report.json", qaMode: "default" };
    for (const headers of [{ origin: "http://evil.example" }, { origin: allowed.url.replace(/\/$/, ""), "sec-fetch-site": "cross-site" }, {} as Record<string, string>]) {
      const response = await post(allowed, body, headers);
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: string }).error).toContain("must come from this dashboard's own page");
    }
    expect(existsSync(join(project.dist, "good-qa-quality-report.json"))).toBe(false);
  });

  test("a run whose table lies outside the dist folder (a path or a symlink), or a path as the key, is refused", async () => {
    for (const key of ["0/away-quality-report.json", "0/link-quality-report.json", "0/../outside-quality-report.json", "0/good.csv", "/etc/passwd"]) {
      const response = await post(allowed, { key, qaMode: "default" });
      expect(response.status).toBe(404);
      const { error } = (await response.json()) as { error: string };
      if (key.endsWith("away-quality-report.json") || key.endsWith("link-quality-report.json")) expect(error).toContain("not in the dist folders");
    }
    expect(existsSync(join(project.root, "outside-qa-quality-report.json"))).toBe(false);
    expect(existsSync(join(project.dist, "link-qa-quality-report.json"))).toBe(false);
    expect((await post(allowed, { key: "0/good-quality-report.json", qaMode: "lenient" })).status).toBe(400);
  });
});

describe("with --allow-run", () => {
  test("checks a refined table and shows the counts of the report it wrote", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await check(page, "good-quality-report.json");
    const path = join(project.dist, "good-qa-quality-report.json");
    await hasText(page.locator("#qa-summary"), `report: ${path}`);
    const written = await Bun.file(path).json();
    expect(written.command).toBe("qa");
    expect(written.profile).toBe("aviation");
    const { expectations, contract } = counts(written);
    expect(expectations.passed).toBeGreaterThan(0);
    expect(contract).toEqual({ passed: 2, failed: 0 });
    await hasText(page.locator("#qa-summary"), `checked ${written.total_records} rows of ${join(project.dist, "good.csv")}: `);
    await hasText(page.locator("#qa-expectations"), `${expectations.passed} passed, ${expectations.failed} failed`, true);
    await hasText(page.locator("#qa-contract"), "kept: 2 of 2 checks passed", true);
    await hasText(page.locator("#qa-exit"), "hotpass qa would exit 0", true);
    await hasText(page.locator("#qa-report a"), "good-qa-quality-report.json", true);
    expect(await accessibilityViolations(page)).toEqual([]);
    // The check lands in Runs, and its link opens it as a run.
    await page.locator("#qa-report a", { hasText: "open the check as a run" }).click();
    await hasText(page.locator("h1"), `Run ${written.run_id}`, true);
    await hasText(page.locator("#facts"), "Commandqa");
    await hasText(page.locator("#facts"), `Table checked${join(project.dist, "good.csv")}`);
    await hasText(page.locator("#run-lineage"), "A qa check records no lineage: it reads a table and writes only its report.", true);
    // Runs lists the check as qa, beside the refine that wrote the table, and filters by command.
    await page.goto(allowed.url);
    await hasText(page.locator("#runs"), written.run_id);
    const refineId = (await Bun.file(join(project.dist, "good-quality-report.json")).json()).run_id;
    const commandOf = (runId: string) => page.locator("#runs tbody tr", { hasText: runId }).locator("td").nth(1);
    await hasText(commandOf(written.run_id), "qa", true);
    await hasText(commandOf(refineId), "refine", true);
    await page.selectOption("#f-command", "qa");
    await hasCount(page.locator("#runs tbody tr"), 1);
    await hasText(commandOf(written.run_id), "qa", true);
    await page.selectOption("#f-command", "refine");
    await hasText(page.locator("#runs"), refineId);
    expect(await page.locator("#runs tbody tr", { hasText: written.run_id }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("an emptied column fails its expectation: exit 0 by default, 2 in strict mode", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const path = join(project.dist, "names-qa-quality-report.json");
    await check(page, "names-quality-report.json");
    const lenient = await Bun.file(path).json();
    const { expectations } = counts(lenient);
    expect(expectations.failed).toBeGreaterThan(0);
    await hasText(page.locator("#qa-summary"), `${expectations.failed} expectation(s) FAILED`);
    await hasText(page.locator("#qa-expectations"), `${expectations.passed} passed, ${expectations.failed} failed`, true);
    await hasText(page.locator("#qa-exit"), "hotpass qa would exit 0", true);
    const failed = lenient.expectation_results.find((r: { column?: string; success: boolean }) => r.column === "organization_name" && !r.success);
    expect(failed).toBeDefined();
    await hasText(page.locator("#qa-failures"), failed.message);

    await check(page, "names-quality-report.json", true);
    await hasText(page.locator("#qa-exit"), "hotpass qa would exit 2", true);
    expect((await Bun.file(path).json()).qa_mode).toBe("strict");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("a removed column and a repeated hostile slug break the contract, shown as text", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await check(page, "broken-quality-report.json");
    const written = await Bun.file(join(project.dist, "broken-qa-quality-report.json")).json();
    const { expectations, contract } = counts(written);
    expect(contract.failed).toBe(2);
    await hasText(page.locator("#qa-summary"), "CONTRACT BROKEN");
    await hasText(page.locator("#qa-contract"), `broken: 2 of ${contract.passed + contract.failed} checks failed`, true);
    await hasText(page.locator("#qa-expectations"), `${expectations.passed} passed, ${expectations.failed} failed`, true);
    await hasText(page.locator("#qa-exit"), "hotpass qa would exit 2", true);
    await hasText(page.locator("#qa-failures"), "contact_primary_email");
    await hasText(page.locator("#qa-failures code"), HOSTILE);
    const found = await page.evaluate(() => ({ xss: (window as { __xss?: number }).__xss, images: document.querySelectorAll("main img").length }));
    expect(found).toEqual({ xss: undefined, images: 0 });
    await hasCount(page.locator("#qa-failures tbody tr"), written.expectation_results.filter((r: Result) => !r.success).length);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("static export", () => {
  test("does not offer qa, even when exported with --allow-run; the checks made are listed as qa", async () => {
    const out = join(project.root, "site");
    const result = await hotpass(["dashboard", "--dist-dir", project.dist, "--allow-run", "--export", out], { env: project.env, cwd: project.root });
    expect(result.code).toBe(0);
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${pathToFileURL(join(out, "index.html")).href}#/run/${encodeURIComponent("0/good-quality-report.json")}`);
    await page.locator("#facts").waitFor();
    await hasCount(page.locator("#qa"), 0);
    expect(await page.locator("#qa-start").count()).toBe(0);
    // The checks made above are in the export's Runs as qa, and open as qa runs.
    const check = (await Bun.file(join(project.dist, "good-qa-quality-report.json")).json()).run_id;
    await page.goto(`${pathToFileURL(join(out, "index.html")).href}#/`);
    await hasText(page.locator("#runs tbody tr", { hasText: check }).locator("td").nth(1), "qa", true);
    await page.selectOption("#f-command", "qa");
    await hasCount(page.locator("#runs tbody tr"), 3);
    await page.goto(`${pathToFileURL(join(out, "index.html")).href}#/run/${encodeURIComponent("0/good-qa-quality-report.json")}`);
    await hasText(page.locator("#facts"), "Commandqa");
    expect(errors).toEqual([]);
    await page.close();
  });
});
