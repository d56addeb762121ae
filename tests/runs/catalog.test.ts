/**
 * The catalogue of runs over a dist folder written by the compiled binary: a refine is listed as
 * `refine`, a `hotpass qa` check of its table as `qa` (never as a refine), with the table it
 * checked; a strict qa failure is a failed check saying what qa exits with; an unreadable report
 * keeps the kind its file name gives it.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { listRuns, type RunSummary } from "../../src/runs/catalog.ts";
import { hotpass, tempDir } from "../support/binary.ts";

let work: { path: string; cleanup: () => void };
let dist: string;
let env: Record<string, string>;
let runs: RunSummary[];
let refineId: string;
let qaId: string;
let strictId: string;

beforeAll(async () => {
  work = tempDir("hotpass-catalog-");
  dist = join(work.path, "dist");
  env = { HOTPASS_STATE_DIR: join(work.path, "state"), HOME: work.path, OPENLINEAGE_URL: "", OTEL_EXPORTER_OTLP_ENDPOINT: "" };
  await generateAviationWorkbooks({ orgs: 30, out: join(work.path, "data"), seed: 5 });
  const refined = await hotpass(["refine", "--profile", "aviation", "--input-dir", "data", "--output-path", "dist/refined.json"], { cwd: work.path, env });
  expect(refined.code).toBe(0);
  refineId = (await Bun.file(join(dist, "refined-quality-report.json")).json()).run_id;
  const checked = await hotpass(["qa", "--profile", "aviation", "dist/refined.json"], { cwd: work.path, env });
  expect(checked.code).toBe(0);
  qaId = (await Bun.file(join(dist, "refined-qa-quality-report.json")).json()).run_id;
  // A copy with every name emptied fails an expectation: strict mode makes qa exit 2.
  const rows = (await Bun.file(join(dist, "refined.json")).json()) as Record<string, unknown>[];
  writeFileSync(join(dist, "nameless.json"), JSON.stringify(rows.map((row) => ({ ...row, organization_name: null }))));
  const strict = await hotpass(["qa", "--profile", "aviation", "--qa-mode", "strict", "dist/nameless.json"], { cwd: work.path, env });
  expect(strict.code).toBe(2);
  strictId = (await Bun.file(join(dist, "nameless-qa-quality-report.json")).json()).run_id;
  writeFileSync(join(dist, "half-qa-quality-report.json"), '{"run_id": "x", "generated_at": "2026-');
  writeFileSync(join(dist, "half-quality-report.json"), '{"run_id": "y", "generated_at": "2026-');
  runs = await listRuns([dist], { env });
});
afterAll(() => work.cleanup());

const byId = (id: string) => runs.find((run) => run.runId === id);

test("a qa check is listed as qa with the table it checked; the refine stays a refine", () => {
  expect(byId(refineId)).toMatchObject({ command: "refine", status: "passed", outputPath: join(dist, "refined.json") });
  expect(byId(qaId)).toMatchObject({ command: "qa", status: "passed", outputPath: join(dist, "refined.json"), reportPath: join(dist, "refined-qa-quality-report.json"), records: 30 });
  expect(runs.filter((run) => run.command === "refine").map((run) => run.runId)).not.toContain(qaId);
});

test("a strict qa failure is a failed qa check that says what qa exits with", () => {
  const strict = byId(strictId)!;
  expect(strict).toMatchObject({ command: "qa", status: "failed", problem: "expectations failed in --qa-mode strict (hotpass qa exits 2)" });
  expect(strict.expectationsFailed).toBeGreaterThan(0);
});

test("an unreadable report keeps the kind its name gives it", () => {
  const broken = runs.filter((run) => run.status === "broken").map((run) => [run.reportPath, run.command]);
  expect(broken.sort()).toEqual([
    [join(dist, "half-qa-quality-report.json"), "qa"],
    [join(dist, "half-quality-report.json"), "refine"],
  ]);
});
