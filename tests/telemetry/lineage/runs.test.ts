/**
 * Lineage of real `hotpass refine` and `hotpass enrich` runs through the compiled binary, on
 * generated aviation workbooks, against the Marquez-like server (which validates every event and
 * facet).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../../bench/generate.ts";
import { hotpass, tempDir } from "../../support/binary.ts";
import { startMarquez, type MarquezServer } from "../../support/marquez.ts";
import { openLineageValidator } from "../../support/schemas.ts";
import { writeXlsx } from "../../support/workbooks.ts";
import { statePaths } from "../../../src/telemetry/lineage/config.ts";

type Json = Record<string, any>;
let marquez: MarquezServer;
let work: ReturnType<typeof tempDir>;
let data: string;
let bad: string;
let workbooks: string[];

beforeAll(async () => {
  marquez = await startMarquez();
  work = tempDir("hotpass-lineage-refine-");
  data = join(work.path, "data");
  workbooks = (await generateAviationWorkbooks({ orgs: 30, out: data, seed: 5 })).files;
  bad = join(work.path, "bad");
  mkdirSync(bad, { recursive: true });
  writeXlsx(bad, "Reachout Database.xlsx", [
    { name: "Organisation", rows: [["Area", "Type"], ["Gauteng", "School"]] },
    { name: "Contact Info", rows: [["ID"], ["1"]] },
  ]);
});
afterAll(async () => {
  await marquez.stop();
  work.cleanup();
});
afterEach(async () => {
  expect(marquez.problems).toEqual([]);
  marquez.failWith(undefined);
  await marquez.up();
});

/** A fresh HOME/state per case, so spools and logs never leak between tests. */
function sandbox(name: string, extra: Record<string, string | undefined> = {}) {
  const home = join(work.path, name);
  mkdirSync(home, { recursive: true });
  const env = {
    HOME: home,
    XDG_STATE_HOME: join(home, "state"),
    XDG_CONFIG_HOME: join(home, "config"),
    HOTPASS_CONFIG_DIR: join(home, "hotpass-config"),
    HOTPASS_STATE_DIR: undefined,
    OPENLINEAGE_URL: undefined,
    OPENLINEAGE_API_KEY: undefined,
    OPENLINEAGE_PARENT_ID: undefined,
    HOTPASS_DISABLE_LINEAGE: undefined,
    HOTPASS_LINEAGE_NAMESPACE: undefined,
    OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
    ...extra,
  };
  const out = join(home, "out", "refined.xlsx");
  const refine = (args: string[], input = data) =>
    hotpass(["refine", "--profile", "aviation", "--input-dir", input, "--output-path", out, ...args], { env, cwd: home });
  return { home, env, out, refine, paths: statePaths(env) };
}

const runEvents = (runId: string) => marquez.events.filter((e) => e.event.run.runId === runId).map((e) => e.event as Json);
const jsonLines = (path: string): Json[] =>
  existsSync(path) ? readFileSync(path, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];
const reportRunId = (out: string) => JSON.parse(readFileSync(out.replace(/\.xlsx$/, "-quality-report.json"), "utf8")).run_id as string;

describe("refine emits lineage", () => {
  test("a successful run: START then COMPLETE, same run id as the report, workbooks in, described output out", async () => {
    const s = sandbox("ok", { OPENLINEAGE_API_KEY: "k3y" });
    const result = await s.refine(["--observability", "--lineage-url", marquez.url]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("lineage:");
    const runId = reportRunId(s.out);
    const [start, complete, ...rest] = runEvents(runId);
    expect(rest).toEqual([]);
    expect([start!.eventType, complete!.eventType]).toEqual(["START", "COMPLETE"]);
    expect(start!.job.name).toBe("hotpass.pipeline.aviation");
    expect(complete!.inputs.map((d: Json) => d.name).sort()).toEqual([...workbooks].sort());
    const output = complete!.outputs[0];
    expect(output.name).toBe(s.out);
    expect(output.facets.schema.fields).toHaveLength(42);
    expect(output.outputFacets.outputStatistics.rowCount).toBe(30);
    expect(output.outputFacets.outputStatistics.size).toBe(readFileSync(s.out).length);
    expect(Object.keys(output.facets.dataQualityMetrics.columnMetrics)).toHaveLength(42);
    expect(output.facets.dataQualityAssertions.assertions.length).toBeGreaterThan(0);
    expect(complete!.run.facets.hotpass.qualityScoreMean).toBeGreaterThan(0);
    expect(marquez.posts.filter((p) => (p.body as Json)?.run?.runId === runId).every((p) => p.authorization === "Bearer k3y")).toBe(true);
  });

  test("a data-contract failure: exit 2, and a FAIL event whose errorMessage names the problem", async () => {
    const s = sandbox("contract");
    const result = await s.refine(["--observability", "--lineage-url", marquez.url], bad);
    expect(result.code).toBe(2);
    const failed = marquez.events.map((e) => e.event as Json).filter((e) => e.eventType === "FAIL").at(-1)!;
    expect(failed.run.facets.errorMessage.message).toContain("missing required column");
    expect(runEvents(failed.run.runId).map((e) => e.eventType)).toEqual(["START", "FAIL"]);
  });

  test("Marquez down: the run succeeds with one warning; replay sends each event once; a second replay sends nothing", async () => {
    const s = sandbox("down", { OPENLINEAGE_URL: marquez.url });
    await marquez.down();
    const result = await s.refine(["--observability"]);
    expect(result.code).toBe(0);
    const warnings = result.stderr.split("\n").filter((l) => l.includes("lineage:"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`2 events not delivered to ${marquez.url}/api/v1/lineage (connection refused); spooled to ${s.paths.spool}`);
    const runId = reportRunId(s.out);
    await marquez.up();
    const replay = await hotpass(["lineage", "replay"], { env: s.env });
    expect(replay.code).toBe(0);
    expect(runEvents(runId).map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);
    const again = await hotpass(["lineage", "replay"], { env: s.env });
    expect(again.stderr).toContain("nothing to replay");
    expect(runEvents(runId)).toHaveLength(2);
  });

  test("concurrent runs spool safely, and two replays racing each other send every event exactly once", async () => {
    const s = sandbox("race", { OPENLINEAGE_URL: marquez.url });
    await marquez.down();
    const outs = [1, 2, 3].map((n) => join(s.home, "out", `r${n}.xlsx`));
    const runs = await Promise.all(
      outs.map((out) => hotpass(["refine", "--profile", "aviation", "--input-dir", data, "--output-path", out, "--observability"], { env: s.env, cwd: s.home })),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(jsonLines(s.paths.spool)).toHaveLength(6);
    await marquez.up();
    const before = marquez.events.length;
    const replays = await Promise.all([hotpass(["lineage", "replay"], { env: s.env }), hotpass(["lineage", "replay"], { env: s.env })]);
    expect(replays.map((r) => r.code)).toEqual([0, 0]);
    const received = marquez.events.slice(before).map((e) => `${e.event.run.runId} ${e.event.eventType}`);
    expect(received).toHaveLength(6);
    expect(new Set(received).size).toBe(6);
    for (const out of outs) {
      expect(runEvents(reportRunId(out)).map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);
    }
    expect(existsSync(s.paths.spool)).toBe(false);
  });

  test("a 400 answer: the events are set aside and reported, and the next run does not resend them", async () => {
    const s = sandbox("rejected", { OPENLINEAGE_URL: marquez.url });
    marquez.failWith(400);
    const result = await s.refine(["--observability"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`2 events rejected by ${marquez.url}/api/v1/lineage as invalid (HTTP 400`);
    expect(jsonLines(s.paths.rejected)).toHaveLength(2);
    marquez.failWith(undefined);
    const posts = marquez.posts.length;
    expect((await s.refine(["--observability"])).code).toBe(0);
    expect(marquez.posts.length - posts).toBe(2);
    expect(existsSync(s.paths.spool)).toBe(false);
  });

  test("the parent facet from OPENLINEAGE_PARENT_ID, in the namespace HOTPASS_LINEAGE_NAMESPACE", async () => {
    const parent = crypto.randomUUID();
    const s = sandbox("parent", { OPENLINEAGE_PARENT_ID: `prefect/nightly-flow/${parent}`, HOTPASS_LINEAGE_NAMESPACE: "ci" });
    expect((await s.refine(["--observability", "--lineage-url", marquez.url])).code).toBe(0);
    const [start] = runEvents(reportRunId(s.out));
    expect(start!.job.namespace).toBe("ci");
    expect(start!.run.facets.parent).toMatchObject({ run: { runId: parent }, job: { namespace: "prefect", name: "nightly-flow" } });
  });

  test("the file transport writes valid JSON lines; with no URL and no file the local log keeps them", async () => {
    const s = sandbox("file");
    const file = join(s.home, "lineage", "events.jsonl");
    expect((await s.refine(["--lineage-file", file])).code).toBe(0);
    const events = jsonLines(file);
    expect(events.map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);
    const validator = openLineageValidator();
    for (const event of events) expect(validator.problems(event)).toEqual([]);

    const local = await s.refine(["--observability"]);
    expect(local.stderr).toContain(`lineage: no OPENLINEAGE_URL or --lineage-url; events kept in ${s.paths.log}`);
    const runs = await hotpass(["lineage", "runs", "--json"], { env: s.env });
    expect(JSON.parse(runs.stdout).runs.map((r: Json) => r.state)).toEqual(["COMPLETED", "COMPLETED"]);
  });
});

describe("enrich emits lineage", () => {
  test("the refined table in, the enriched one out, and the graph runs from the workbooks through both jobs", async () => {
    const s = sandbox("enrich", { OPENLINEAGE_URL: marquez.url });
    expect((await s.refine(["--observability"])).code).toBe(0);
    const enriched = join(s.home, "out", "enriched.xlsx");
    const runId = crypto.randomUUID();
    const result = await hotpass(
      ["enrich", "--profile", "aviation", "--input", "out/refined.xlsx", "--output", "out/enriched.xlsx", "--run-id", runId, "--observability"],
      { env: s.env, cwd: s.home },
    );
    expect(result.code).toBe(0);
    const [start, complete, ...rest] = runEvents(runId);
    expect(rest).toEqual([]);
    expect([start!.eventType, complete!.eventType]).toEqual(["START", "COMPLETE"]);
    expect(start!.job.name).toBe("hotpass.enrich.aviation");
    expect(complete!.inputs.map((d: Json) => d.name)).toEqual([s.out]);
    expect(complete!.inputs[0].inputFacets.inputStatistics.rowCount).toBe(30);
    const output = complete!.outputs[0];
    expect(output.name).toBe(enriched);
    expect(output.outputFacets.outputStatistics).toMatchObject({ rowCount: 30, size: readFileSync(enriched).length });
    expect(output.facets.schema.fields.length).toBeGreaterThan(42);

    const graph = await hotpass(["lineage", "graph", workbooks[0]!, "--json"], { env: s.env });
    const downstream = JSON.parse(graph.stdout).downstream.map((e: Json) => `${e.from} -> ${e.to}`);
    expect(downstream.some((e: string) => e.endsWith(":hotpass.enrich.aviation") && e.includes(s.out))).toBe(true);
    expect(downstream.some((e: string) => e.startsWith("job:hotpass.local:hotpass.enrich.aviation") && e.endsWith(enriched))).toBe(true);
  });

  test("an input that is not a refined table: exit 2 and a FAIL event saying so", async () => {
    const s = sandbox("enrich-bad", { OPENLINEAGE_URL: marquez.url });
    writeFileSync(join(s.home, "notes.csv"), "a,b\n1,2\n");
    const runId = crypto.randomUUID();
    const result = await hotpass(["enrich", "--profile", "aviation", "--input", "notes.csv", "--output", "e.csv", "--run-id", runId, "--observability"], {
      env: s.env,
      cwd: s.home,
    });
    expect(result.code).toBe(2);
    const events = runEvents(runId);
    expect(events.map((e) => e.eventType)).toEqual(["START", "FAIL"]);
    expect(events[1]!.run.facets.errorMessage.message).toContain("is not a refined output");
  });
});

describe("each switch turns lineage off or on", () => {
  const profileFile = (dir: string, body: string) => {
    const base = readFileSync(join(import.meta.dir, "../../../src/profiles/bundled/aviation.yaml"), "utf8");
    const path = join(dir, "p.yaml");
    writeFileSync(path, `${base}\n${body}\n`);
    return path;
  };
  const cases: [string, string[], Record<string, string>, string | undefined, boolean][] = [
    ["nothing set", [], {}, undefined, false],
    ["--observability", ["--observability"], {}, undefined, true],
    ["HOTPASS_DISABLE_LINEAGE=1 beats --observability", ["--observability"], { HOTPASS_DISABLE_LINEAGE: "1" }, undefined, false],
    ["profile features.observability: true", [], {}, "features:\n  observability: true", true],
    ["--no-observability beats the profile", ["--no-observability"], {}, "observability: true", false],
    ["profile observability: false", [], {}, "observability: false", false],
  ];
  for (const [name, args, env, profile, on] of cases) {
    test(`${name}: lineage ${on ? "on" : "off"}`, async () => {
      const s = sandbox(`switch-${name.replace(/\W+/g, "-")}`, { OPENLINEAGE_URL: marquez.url, ...env });
      const withProfile = profile ? ["--profile", profileFile(s.home, profile)] : [];
      const result = await s.refine([...args, ...withProfile]);
      expect(result.code).toBe(0);
      expect(runEvents(reportRunId(s.out))).toHaveLength(on ? 2 : 0);
      expect(existsSync(s.paths.log)).toBe(on);
    });
  }
});
