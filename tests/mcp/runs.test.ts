/**
 * Refine and enrich through `dist/hotpass mcp --role operator`: the same bytes as the CLI, progress
 * while they run, lineage to a Marquez-like server and telemetry to an OTLP receiver marked
 * `hotpass.surface=mcp`, and every path kept inside the roots (nothing is written elsewhere).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { hotpass, tempDir } from "../support/binary.ts";
import { startMarquez, type MarquezServer } from "../support/marquez.ts";
import { startOtlpReceiver, type OtlpReceiver } from "../support/otlp-receiver.ts";
import { connect, isolatedEnv, textOf, type Session } from "./support.ts";

let work: { path: string; cleanup: () => void };
let outside: { path: string; cleanup: () => void };
let root: string;
let env: Record<string, string>;
let marquez: MarquezServer;
let otlp: OtlpReceiver;
let s: Session;

beforeAll(async () => {
  work = tempDir("hotpass-mcp-runs-");
  outside = tempDir("hotpass-mcp-runs-outside-");
  root = join(work.path, "root");
  await generateAviationWorkbooks({ orgs: 150, out: join(root, "data"), seed: 21 });
  env = isolatedEnv(work.path);
  [marquez, otlp] = await Promise.all([startMarquez(), startOtlpReceiver()]);
  s = await connect(
    ["--role", "operator", "--root", root, "--lineage-url", marquez.url, "--telemetry-exporter", "otlp", "--telemetry-otlp-endpoint", otlp.url],
    { cwd: work.path, env },
  );
});
afterAll(async () => {
  await s?.close();
  await Promise.all([marquez?.stop(), otlp?.stop()]);
  work.cleanup();
  outside.cleanup();
});

/** The report without what differs between any two runs (ids, clocks, durations). */
function comparable(path: string): Record<string, unknown> {
  const { run_id: _id, generated_at: _at, performance_metrics: _perf, trace_id: _trace, started_at: _start, ...rest } = JSON.parse(readFileSync(path, "utf8"));
  return rest;
}

describe("hotpass_refine", () => {
  let progress: Progress[] = [];
  let result: Awaited<ReturnType<Session["call"]>>;
  let cliReport: Record<string, unknown>;
  let cliTable: Buffer;

  beforeAll(async () => {
    const cli = await hotpass(["refine", "--profile", "aviation", "--input-dir", "data", "--output-path", "out/refined.csv", "--no-observability"], { cwd: root, env });
    expect(cli.code).toBe(0);
    cliTable = readFileSync(join(root, "out/refined.csv"));
    cliReport = comparable(join(root, "out/refined-quality-report.json"));
    cpSync(join(root, "out"), join(work.path, "cli-out"), { recursive: true });
    result = await s.call("hotpass_refine", { input_dir: "data", output_path: "out/refined.csv", profile: "aviation" }, { onprogress: (p) => progress.push(p) });
  });

  test("answers with the run's summary", () => {
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ output_path: join(root, "out/refined.csv"), records: 150, expectations_passed: true });
    expect(textOf(result)).toMatch(/^refined 150 organisations into .*refined\.csv/);
  });

  test("writes the same table, byte for byte, and the same report as the CLI on the same inputs", () => {
    expect(readFileSync(join(root, "out/refined.csv")).equals(cliTable)).toBe(true);
    expect(comparable(join(root, "out/refined-quality-report.json"))).toEqual(cliReport);
  });

  test("sends progress: files read, rows aggregated, percentages that only go up", () => {
    const messages = progress.map((p) => p.message ?? "");
    expect(messages.some((m) => /^read 1 of 3 files/.test(m))).toBe(true);
    expect(messages.some((m) => /^aggregated \d+ of 150 organisations/.test(m))).toBe(true);
    expect(progress.at(-1)).toMatchObject({ progress: 100, total: 100 });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress);
  });

  test("lineage reaches the Marquez-like server (valid events, START and COMPLETE) and telemetry says surface mcp", async () => {
    const runId = (result.structuredContent as { run_id: string }).run_id;
    const events = marquez.events.map((e) => e.event as { eventType: string; run: { facets: Record<string, { surface?: string }> } });
    const mine = events.filter((e) => JSON.stringify(e.run.facets).includes(runId));
    expect(mine.map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);
    for (const event of mine) expect(event.run.facets.hotpass?.surface).toBe("mcp");
    expect(marquez.problems).toEqual([]);
    for (let i = 0; i < 50 && !otlp.spans.some((span) => span.name === "hotpass.refine"); i++) await Bun.sleep(100);
    const root = otlp.spans.find((span) => span.name === "hotpass.refine" && span.attributes["hotpass.run_id"] === runId);
    expect(root?.resource["hotpass.surface"]).toBe("mcp");
  });

  test("a later quality report call sees the new run", async () => {
    const runId = (result.structuredContent as { run_id: string }).run_id;
    const report = await s.call("hotpass_quality_report", { run_id: runId });
    expect(report.structuredContent).toMatchObject({ run_id: runId, total_records: 150 });
  });
});

describe("hotpass_refine keeps to the roots", () => {
  test("an output outside, or through a folder linked out, is refused and nothing is written there", async () => {
    symlinkSync(outside.path, join(root, "linked-out"));
    const direct = await s.call("hotpass_refine", { input_dir: "data", output_path: join(outside.path, "x.csv") });
    expect(direct.isError).toBe(true);
    expect(textOf(direct)).toContain("output_path");
    const linked = await s.call("hotpass_refine", { input_dir: "data", output_path: "linked-out/x.csv" });
    expect(textOf(linked)).toContain("through a symbolic link");
    expect(readdirSync(outside.path)).toEqual([]);
  });

  test("an input folder holding a link to a file outside is refused naming the link", async () => {
    mkdirSync(join(root, "sneaky"));
    cpSync(join(root, "data"), join(root, "sneaky"), { recursive: true });
    symlinkSync("/etc/hosts", join(root, "sneaky", "hosts.csv"));
    const result = await s.call("hotpass_refine", { input_dir: "sneaky", output_path: "out/sneaky.csv" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("hosts.csv in");
    expect(existsSync(join(root, "out/sneaky.csv"))).toBe(false);
  });

  test("bad arguments and a missing input folder fail as results with the CLI's message", async () => {
    const missing = await s.call("hotpass_refine", { input_dir: "nope", output_path: "out/a.csv" });
    expect(textOf(missing)).toContain("hotpass: error: input_dir 'nope': no such file or folder");
    const schema = await s.call("hotpass_refine", { input_dir: "data", output_path: "out/a.csv", qa_mode: "lenient" });
    expect(textOf(schema)).toContain("invalid arguments for hotpass_refine: qa_mode");
    const format = await s.call("hotpass_refine", { input_dir: "data", output_path: "out/a.docx" });
    expect(format.isError).toBe(true);
    expect(textOf(format)).toMatch(/^hotpass: error: .*\.docx/);
  });
});

describe("hotpass_enrich (operator: offline)", () => {
  test("enriches the refined table into a new file; the input is untouched", async () => {
    const before = readFileSync(join(root, "out/refined.csv"));
    const result = await s.call("hotpass_enrich", { input: "out/refined.csv", output: "out/enriched.csv" });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ output_path: join(root, "out/enriched.csv"), total_records: 150, network_checks: 0 });
    expect(readFileSync(join(root, "out/refined.csv")).equals(before)).toBe(true);
    expect(existsSync(join(root, "out/enriched.csv"))).toBe(true);
  });

  test("refuses an input outside the roots and the same file as input and output", async () => {
    const outsideInput = await s.call("hotpass_enrich", { input: "/etc/hosts", output: "out/e.csv" });
    expect(textOf(outsideInput)).toContain("input '/etc/hosts' is outside the folders");
    const same = await s.call("hotpass_enrich", { input: "out/refined.csv", output: "out/refined.csv" });
    expect(same.isError).toBe(true);
    expect(textOf(same)).toContain("same file");
  });
});

describe("hotpass_qa", () => {
  test("checks the refined table and writes its report beside it", async () => {
    const result = await s.call("hotpass_qa", { table: "out/refined.csv", profile: "aviation" });
    expect(result.structuredContent).toMatchObject({ passed: true, exit_code: 0, contract_broken: false, records: 150, report_path: join(root, "out/refined-qa-quality-report.json") });
    expect(existsSync(join(root, "out/refined-qa-quality-report.json"))).toBe(true);
  });

  test("the check is listed as a qa run, not a refine, and its quality report is read by its run id", async () => {
    const report = JSON.parse(readFileSync(join(root, "out/refined-qa-quality-report.json"), "utf8"));
    const listed = await s.call("hotpass_list_runs", { limit: 500 });
    type Listed = { run_id: string; kind: string; output_path: string | null };
    const runs = (listed.structuredContent as { runs: Listed[] }).runs;
    expect(runs).toContainEqual(expect.objectContaining({ run_id: report.run_id, kind: "qa", output_path: join(root, "out/refined.csv") }));
    expect(textOf(listed)).toContain(`${report.run_id}  qa  passed`);
    const refines = (await s.call("hotpass_list_runs", { kind: "refine", limit: 500 })).structuredContent as { runs: Listed[] };
    expect(refines.runs.map((r) => r.run_id)).not.toContain(report.run_id);
    const checks = (await s.call("hotpass_list_runs", { kind: "qa", limit: 500 })).structuredContent as { runs: Listed[] };
    expect(checks.runs.map((r) => r.run_id)).toEqual([report.run_id]);
    const summary = await s.call("hotpass_quality_report", { run_id: report.run_id });
    expect(summary.structuredContent).toMatchObject({ run_id: report.run_id, report_path: join(root, "out/refined-qa-quality-report.json"), total_records: 150 });
  });

  test("a table that breaks the contract is an answer (passed: false, exit code 2), not an error", async () => {
    writeFileSync(join(root, "out/hand-made.csv"), "organization_name\nAcme\n");
    const result = await s.call("hotpass_qa", { table: "out/hand-made.csv" });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ passed: false, exit_code: 2, contract_broken: true });
    expect(textOf(result)).toContain("the contract is broken");
  });

  test("refuses a table outside the roots", async () => {
    const result = await s.call("hotpass_qa", { table: "/etc/hosts" });
    expect(textOf(result)).toContain("table '/etc/hosts' is outside the folders");
  });
});
