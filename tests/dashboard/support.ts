/**
 * What the dashboard tests share: dist folders made by the real binary (refine on generated
 * workbooks), the compiled binary serving them, and one headless Chromium per test file
 * (Debian's, driven by playwright-core; Playwright gives each launch a fresh profile folder).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "bun:test";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { BINARY, hotpass, tempDir } from "../support/binary.ts";

// Browser globals inside page.evaluate callbacks (they run in Chromium, not in Bun).
declare const document: any;
declare const window: any;
type Document = any;

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_FLAGS, headless: true });
}

export interface Dashboard {
  url: string;
  stderr: () => string;
  stop: () => Promise<number>;
}

/** Starts `dist/hotpass dashboard ... --port 0` and waits for the URL it prints. */
export async function startDashboard(args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<Dashboard> {
  const proc = Bun.spawn([BINARY, "dashboard", "--port", "0", ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  let err = "";
  void (async () => {
    for await (const chunk of proc.stderr) err += new TextDecoder().decode(chunk);
  })();
  const reader = proc.stdout.getReader();
  let out = "";
  const deadline = Date.now() + 30_000;
  while (!out.includes("\n")) {
    const { value, done } = await reader.read();
    if (done || Date.now() > deadline) throw new Error(`dashboard did not start: ${err}`);
    out += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return {
    url: out.split("\n")[0]!.trim(),
    stderr: () => err,
    // Ctrl+C must stop it: a dashboard still running 15 s later is killed and the test fails
    // saying so, instead of the hook timing out.
    stop: async () => {
      proc.kill("SIGINT");
      const stopped = await Promise.race([proc.exited, Bun.sleep(15_000).then(() => undefined)]);
      if (stopped !== undefined) return stopped;
      proc.kill("SIGKILL");
      throw new Error(`the dashboard did not stop within 15 s of SIGINT; its stderr:\n${err}`);
    },
  };
}

export interface Project {
  root: string;
  dist: string;
  input: string;
  state: string;
  env: Record<string, string>;
  cleanup: () => void;
}

/** A folder with generated aviation workbooks and an empty dist/, lineage state kept inside. */
export async function makeProject(orgs = 120, seed = 7): Promise<Project> {
  const { path, cleanup } = tempDir("hotpass-dashboard-");
  const input = join(path, "data");
  const dist = join(path, "dist");
  const state = join(path, "state");
  mkdirSync(dist, { recursive: true });
  await generateAviationWorkbooks({ orgs, out: input, seed });
  const env = { HOTPASS_STATE_DIR: state, HOME: path, XDG_CONFIG_HOME: join(path, "config"), OPENLINEAGE_URL: "", OTEL_EXPORTER_OTLP_ENDPOINT: "" };
  return { root: path, dist, input, state, env, cleanup };
}

/** One refine through the binary into the project's dist/ (lineage on, to the local event log). */
export async function refine(project: Project, output: string, extra: string[] = []): Promise<Record<string, any>> {
  const result = await hotpass(["refine", "--input-dir", project.input, "--output-path", join(project.dist, output), "--profile", "aviation", "--observability", ...extra], { env: project.env, cwd: project.root });
  if (result.code !== 0 && result.code !== 2) throw new Error(`refine failed (${result.code}): ${result.stderr}`);
  const report = output.replace(/\.[a-z]+$/, "-quality-report.json");
  return Bun.file(join(project.dist, report)).json();
}

/** Fails the test on any console error or page error (a CSP violation shows up as one). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return errors;
}

export function writeText(path: string, text: string): void {
  writeFileSync(path, text);
}

const AXE = await Bun.file(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url).pathname).text();

/** axe-core's WCAG 2 A/AA rules over the page as it stands; returns the violations (ids and targets). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the browser's debugging protocol: the page's CSP forbids inline script, as it should.
  await page.evaluate(AXE);
  const result = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
  })) as { violations: { id: string; nodes: { target: string[] }[] }[] };
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Waits (10 s at most) until the element's text is, or contains, `expected`; then asserts it. */
export async function hasText(locator: Locator, expected: string, exact = false, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let text = "";
  while (Date.now() < deadline) {
    text = (await locator.first().textContent({ timeout: 1000 }).catch(() => "")) ?? "";
    if (exact ? text === expected : text.includes(expected)) return;
    await Bun.sleep(50);
  }
  if (exact) expect(text).toBe(expected);
  else expect(text).toContain(expected);
}

/** Waits (10 s at most) until `count` elements match; then asserts it. */
export async function hasCount(locator: Locator, count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let n = -1;
  while (Date.now() < deadline) {
    n = await locator.count();
    if (n === count) return;
    await Bun.sleep(50);
  }
  expect(n).toBe(count);
}
