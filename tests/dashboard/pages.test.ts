/**
 * The served dashboard in headless Chromium, against the compiled binary and dist folders made
 * by real refines: each page shows the numbers the report files hold, filters and paging work, a
 * row's provenance opens, a new run appears without a reload, and axe finds no WCAG 2 AA issue.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { readTable } from "../../src/formats/index.ts";
import { hotpass } from "../support/binary.ts";
import { accessibilityViolations, hasCount, hasText, launchBrowser, makeProject, refine, startDashboard, watchErrors, type Dashboard, type Project } from "./support.ts";

// Browser globals inside page.evaluate callbacks (they run in Chromium, not in Bun).
declare const document: any;
declare const window: any;
type Document = any;

let project: Project;
let dashboard: Dashboard;
let browser: Browser;
let page: Page;
let errors: string[];
let first: Record<string, any>;
let second: Record<string, any>;
const KEY_SECOND = encodeURIComponent("0/second-quality-report.json");

beforeAll(async () => {
  project = await makeProject(150);
  first = await refine(project, "first.xlsx");
  second = await refine(project, "second.csv");
  // Cut off mid-write (a copy interrupted, a full disk): it begins like a report, then stops.
  writeFileSync(join(project.dist, "half-quality-report.json"), '{"run_id": "cut-off", "generated_at": "2026-01-01T00:00:00Z", "total_rec');
  [dashboard, browser] = await Promise.all([startDashboard(["--dist-dir", project.dist], project.env, project.root), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = watchErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.stop();
  project?.cleanup();
});

const rowsOf = (p: Page) => p.locator("#runs tbody tr");

describe("Runs", () => {
  test("lists every run newest first with the report's numbers, and the broken report as broken", async () => {
    await page.goto(dashboard.url);
    await hasCount(rowsOf(page), 3);
    const cells = await rowsOf(page).evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    const byRun = (runId: string) => cells.find((c) => c[3] === runId)!;
    for (const report of [first, second]) {
      const row = byRun(report.run_id);
      expect(row[2]).toBe("aviation");
      expect(row[4]).toBe(report.total_records.toLocaleString("en"));
      expect(row[5]).toBe(report.data_quality_distribution.mean.toFixed(4));
      expect(row[6]).toBe(String(report.invalid_records));
      expect(row[7]).toBe(`${report.expectation_results.length} passed, 0 failed`);
    }
    // Newest first: the second refine ran after the first.
    expect(cells.findIndex((c) => c[3] === second.run_id)).toBeLessThan(cells.findIndex((c) => c[3] === first.run_id));
    expect(cells.some((c) => c[9]!.startsWith("broken: ") && c[9]!.includes("not complete JSON"))).toBe(true);
    expect(await page.locator("svg.trend circle").count()).toBe(4);
  });

  test("filters by status and profile", async () => {
    await page.goto(dashboard.url);
    await page.selectOption("#f-status", "broken");
    await hasCount(rowsOf(page), 1);
    await page.selectOption("#f-status", "");
    await page.selectOption("#f-profile", "aviation");
    await hasCount(rowsOf(page), 2);
    await page.fill("#f-from", "2000-01-01");
    await page.fill("#f-to", "2000-01-02");
    await page.locator("#f-to").dispatchEvent("change");
    await hasCount(rowsOf(page), 0);
  });

  test("a new run appears while the page is open, without a reload", async () => {
    await page.goto(dashboard.url);
    await hasCount(rowsOf(page), 3);
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const third = await refine(project, "third.json");
    await hasText(page.locator("#runs"), third.run_id, false, 15_000);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  });
});

describe("Runs from enrich and from the lineage log", () => {
  test("an enrich run and a refine that failed before writing a report are listed, the failure with its reason", async () => {
    const enriched = await hotpass(["enrich", "--profile", "aviation", "--input", join(project.dist, "second.csv"), "--output", join(project.dist, "second-enriched.csv")], { env: project.env, cwd: project.root });
    expect(enriched.code).toBe(0);
    const enrichReport = await Bun.file(join(project.dist, "second-enriched-enrich-report.json")).json();
    const bad = join(project.root, "bad");
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, "a.xlsx"), "not a zip");
    const failed = await hotpass(["refine", "--input-dir", bad, "--output-path", join(project.dist, "never.xlsx"), "--profile", "aviation", "--observability"], { env: project.env, cwd: project.root });
    expect(failed.code).toBe(2);
    await page.goto(dashboard.url);
    await hasText(page.locator("#runs"), enrichReport.run_id);
    const cells = await rowsOf(page).evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    const enrichRow = cells.find((c) => c[3] === enrichReport.run_id)!;
    expect(enrichRow[1]).toBe("enrich");
    expect(enrichRow[4]).toBe(enrichReport.total_records.toLocaleString("en"));
    const failedRow = cells.find((c) => c[9]!.startsWith("failed: "))!;
    expect(failedRow[9]).toContain("not a .xlsx workbook");
    await page.selectOption("#f-status", "failed");
    await hasCount(rowsOf(page), 1);
  });
});

describe("Run detail", () => {
  test("shows the report's numbers, expectations with a filter, sources, dropped rows and charts", async () => {
    await page.goto(`${dashboard.url}#/run/${KEY_SECOND}`);
    const facts = page.locator("#facts");
    await hasText(facts, `Records${second.total_records}`);
    await hasText(facts, `Source rows${second.source_rows}`);
    await hasText(facts, `Mean quality${second.data_quality_distribution.mean.toFixed(4)}`);
    const results = second.expectation_results as { rule: string }[];
    await hasText(page.locator("#expectation-summary"), `${results.length} passed, 0 failed`, true);
    await hasCount(page.locator("#expectations tbody tr"), results.length);
    const rule = results[0]!.rule;
    await page.selectOption("#f-rule", rule);
    await hasCount(page.locator("#expectations tbody tr"), results.filter((r) => r.rule === rule).length);
    for (const [source, rows] of Object.entries(second.source_breakdown as Record<string, number>)) {
      await hasText(page.locator("section[aria-label=Sources]"), `${source}${rows}`);
    }
    for (const [reason, rows] of Object.entries(second.dropped_rows as Record<string, number>)) {
      await hasText(page.locator("section[aria-label='Dropped rows by reason']"), `${reason}${rows}`);
    }
    await hasText(page.locator("#conflict-count"), `${second.conflicts.count} conflicts`, true);
    // Score bands add up to the records; completeness has one bar per column.
    await hasCount(page.locator("#scores svg rect"), 10);
    const banded = await page.locator("#scores svg text.value").allTextContents();
    expect(banded.reduce((sum, n) => sum + Number(n), 0)).toBe(second.total_records);
    // load, normalise, aggregation (normalise included, as the report counts it), expectations, write
    await hasCount(page.locator("section[aria-label='Stage durations'] svg rect"), 5);
    await hasText(page.locator("#run-lineage"), "second.csv");
  });

  test("a half-written report is shown as such", async () => {
    await page.goto(`${dashboard.url}#/run/${encodeURIComponent("0/half-quality-report.json")}`);
    await hasText(page.locator("#broken"), "not complete JSON");
  });
});

describe("Table", () => {
  test("pages, searches, filters and sorts on the server; a row opens its provenance", async () => {
    const table = await readTable(join(project.dist, "second.csv"));
    const col = (name: string) => table.columns.indexOf(name);
    await page.goto(`${dashboard.url}#/table/${KEY_SECOND}`);
    const info = page.locator("#t-info");
    const total = table.rows.length;
    await hasText(info, `${total} of ${total} rows match; page 1 of ${Math.ceil(total / 50)}`, true);
    await hasCount(page.locator("#rows tbody tr"), 50);
    await page.click("#t-next");
    await hasText(info, "page 2 of");
    await hasText(page.locator("#rows tbody tr").first(), "#51");

    const province = String(table.rows.find((r) => r[col("province")])![col("province")]);
    await page.selectOption("#t-province", province);
    const inProvince = table.rows.filter((r) => r[col("province")] === province).length;
    await hasText(info, `${inProvince} of ${total} rows match; page 1`);
    await page.selectOption("#t-province", "");

    await page.selectOption("#t-missing", "website");
    await hasText(info, `${table.rows.filter((r) => r[col("website")] === null).length} of ${total} rows match`);
    await page.selectOption("#t-missing", "");

    await page.fill("#t-min", "0.8");
    await hasText(info, `${table.rows.filter((r) => Number(r[col("data_quality_score")]) >= 0.8).length} of ${total} rows match`);
    await page.fill("#t-min", "");

    const name = String(table.rows[7]![col("organization_name")]);
    await page.fill("#t-q", name.toUpperCase());
    const hits = table.rows.filter((r) => r.some((c) => c !== null && String(c).toLowerCase().includes(name.toLowerCase()))).length;
    await hasText(info, `${hits} of ${total} rows match`);
    await page.fill("#t-q", "");
    await hasText(info, `${total} of ${total} rows match`);

    await page.click("button.sort[data-column=data_quality_score]");
    await page.click("button.sort[data-column=data_quality_score]");
    await hasCount(page.locator("th[aria-sort=descending]"), 1);
    const best = Math.max(...table.rows.map((r) => Number(r[col("data_quality_score")])));
    const scoreCell = await page.locator("#rows tbody tr").first().locator("td").nth(7).textContent();
    expect(Number(scoreCell)).toBe(best);

    await page.locator("#rows tbody tr button.open-row").first().click();
    await hasText(page.locator("#provenance h2"), "Provenance of");
    const selection = await page.locator("#provenance table").first().locator("tbody tr td:first-child").allTextContents();
    expect(selection).toContain("organization_name");
    await hasText(page.locator("#provenance"), "Nothing enriched for this row.");
  });
});

describe("Lineage and Operations", () => {
  test("the lineage graph around a run shows its job and datasets, with depth control", async () => {
    await page.goto(`${dashboard.url}#/lineage?run=${second.run_id}`);
    await hasText(page.locator("#lineage-source"), "local event log");
    const nodes = page.locator("svg.lineage g.node");
    await nodes.first().waitFor();
    const ids = await nodes.evaluateAll((n) => n.map((g) => g.getAttribute("data-node") ?? ""));
    expect(ids.some((id) => id.startsWith("job:") && id.endsWith("hotpass.pipeline.aviation"))).toBe(true);
    expect(ids.some((id) => id.endsWith("/second.csv"))).toBe(true);
    await page.fill("#l-depth", "1");
    await page.locator("#l-depth").dispatchEvent("change");
    await page.locator("svg.lineage g.node").first().waitFor();
  });

  test("operations show tunnels, the spool and the endpoints", async () => {
    await page.goto(`${dashboard.url}#/ops`);
    await hasText(page.locator("#no-tunnels"), "No tunnels.", true);
    await hasText(page.locator("#spool-summary"), "0 events waiting");
    await hasText(page.locator("section[aria-label=Endpoints]"), join(project.state, "lineage-events.jsonl"));
    await page.click("#run-doctor");
    await hasText(page.locator("#doctor-summary"), "checks without a failure", false, 30_000);
    const names = await page.locator("#doctor tbody tr td:first-child").allTextContents();
    expect(names).toContain("profile");
    expect(names).toContain("lineage spool");
  });
});

describe("accessibility", () => {
  for (const [name, hash] of [["Runs", "#/"], ["Run detail", `#/run/${KEY_SECOND}`], ["Table", `#/table/${KEY_SECOND}`], ["Lineage", "#/lineage"], ["Operations", "#/ops"], ["Run a refine", "#/refine"]] as const) {
    test(`${name}: axe finds no WCAG 2 AA violation`, async () => {
      await page.goto(`${dashboard.url}${hash}`);
      await page.waitForFunction(() => document.getElementById("main")?.getAttribute("aria-busy") === "false");
      await page.waitForTimeout(300);
      expect(await accessibilityViolations(page)).toEqual([]);
    });
  }

  test("no page logged an error (no CSP violation, no script error)", () => {
    expect(errors).toEqual([]);
  });
});
