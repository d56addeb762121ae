import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../support/binary.ts";
import { startMarquez, type MarquezServer } from "../../support/marquez.ts";
import { openLineageValidator } from "../../support/schemas.ts";
import { drainSpool } from "../../../src/telemetry/lineage/delivery.ts";
import { endpointFromUrl, statePaths } from "../../../src/telemetry/lineage/config.ts";
import { profile, simulateEnrich, simulateRefine, workspace } from "./helpers.ts";

type Json = Record<string, any>;
let marquez: MarquezServer;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  marquez = await startMarquez();
});
afterAll(async () => {
  await marquez.stop();
});
afterEach(async () => {
  expect(marquez.problems).toEqual([]);
  marquez.events.length = 0;
  marquez.posts.length = 0;
  marquez.failWith(undefined);
  await marquez.up();
  tmp?.cleanup();
});

const lines = (path: string): Json[] =>
  existsSync(path) ? readFileSync(path, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];

describe("lineage of a refine run", () => {
  test("a successful run posts START then COMPLETE with the inputs read and a described output", async () => {
    tmp = tempDir();
    const ws = workspace(tmp.path, { OPENLINEAGE_API_KEY: "s3cret" });
    const run = await simulateRefine(ws, ["--lineage-url", marquez.url]);
    const events = marquez.events.map((e) => e.event as Json);
    expect(events.map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);
    expect(events.every((e) => e.run.runId === run.runId)).toBe(true);
    expect(marquez.posts.every((p) => p.authorization === "Bearer s3cret")).toBe(true);
    const [start, complete] = events as [Json, Json];
    expect(start.job).toMatchObject({ namespace: "hotpass.local", name: "hotpass.pipeline.aviation" });
    expect(start.job.facets.jobType).toMatchObject({ processingType: "BATCH", integration: "HOTPASS", jobType: "JOB" });
    expect(start.inputs.map((d: Json) => d.name).sort()).toEqual([...ws.inputs].sort());
    expect(start.outputs).toEqual([]);
    const reachout = complete.inputs.find((d: Json) => d.name === ws.inputs[0]);
    expect(reachout.inputFacets.inputStatistics).toMatchObject({ rowCount: 21, size: 17, fileCount: 1 });
    expect(reachout.facets.schema.fields.map((f: Json) => f.name)).toEqual(["Organisation", "Contact Info"]);
    const sacaa = complete.inputs.find((d: Json) => d.name === ws.inputs[1]);
    expect(sacaa.facets.dataQualityAssertions.assertions).toHaveLength(1);
    const [output] = complete.outputs;
    expect(output.name).toBe(ws.output);
    expect(output.namespace).toMatch(/^file:\/\//);
    expect(output.facets.schema.fields.map((f: Json) => f.name)).toEqual(["organization_name", "organization_slug", "contact_primary_email"]);
    expect(output.outputFacets.outputStatistics).toMatchObject({ rowCount: 15, size: 20 });
    expect(output.facets.dataQualityMetrics.columnMetrics.contact_primary_email).toEqual({ nullCount: 4 });
    expect(output.facets.dataQualityAssertions.assertions.map((a: Json) => [a.assertion, a.column, a.success])).toEqual([
      ["not_null", "organization_name", true],
      ["regex", "contact_primary_email", false],
    ]);
    expect(complete.run.facets.hotpass).toMatchObject({ command: "refine", profile: "aviation", qualityScoreMean: 0.62 });
    expect(complete.run.facets.processing_engine).toMatchObject({ name: "hotpass" });
    expect(complete.run.facets.nominalTime.nominalStartTime).toBeString();
    // The local event log keeps every event too.
    expect(lines(statePaths(ws.env).log).map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);
    expect(run.logs.filter((l) => l.level === "warn")).toEqual([]);
  });

  test("a data-contract failure ends the run with FAIL carrying the error message", async () => {
    tmp = tempDir();
    const ws = workspace(tmp.path);
    await simulateRefine(ws, ["--lineage-url", `${marquez.url}/api/v1`], { fail: "Contact Database.xlsx sheet Company_Cat lacks C_ID" });
    const events = marquez.events.map((e) => e.event as Json);
    expect(events.map((e) => e.eventType)).toEqual(["START", "FAIL"]);
    expect(events[1]!.run.facets.errorMessage).toMatchObject({ message: "Contact Database.xlsx sheet Company_Cat lacks C_ID", programmingLanguage: "TypeScript" });
    expect(events[1]!.outputs).toEqual([]);
  });

  test("the parent facet names the orchestrator's run from OPENLINEAGE_PARENT_ID", async () => {
    tmp = tempDir();
    const parentRun = crypto.randomUUID();
    const ws = workspace(tmp.path, { OPENLINEAGE_PARENT_ID: `airflow/etl.daily/refine/${parentRun}`, HOTPASS_LINEAGE_NAMESPACE: "staging" });
    await simulateRefine(ws, ["--lineage-url", marquez.url]);
    const [start] = marquez.events.map((e) => e.event as Json);
    expect(start!.job.namespace).toBe("staging");
    expect(start!.run.facets.parent).toMatchObject({ run: { runId: parentRun }, job: { namespace: "airflow", name: "etl.daily/refine" } });
  });

  test("Marquez down: events are spooled with one warning, then sent first, once, when it is back", async () => {
    tmp = tempDir();
    const ws = workspace(tmp.path);
    const paths = statePaths(ws.env);
    await marquez.down();
    const first = await simulateRefine(ws, ["--lineage-url", marquez.url]);
    const warnings = first.logs.filter((l) => l.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain("2 events not delivered");
    expect(warnings[0]!.message).toContain(paths.spool);
    expect(lines(paths.spool).map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);

    await marquez.up();
    const second = await simulateRefine(ws, ["--lineage-url", marquez.url]);
    expect(marquez.events.map((e) => `${e.event.run.runId === first.runId ? "first" : "second"} ${e.event.eventType}`)).toEqual([
      "first START",
      "first COMPLETE",
      "second START",
      "second COMPLETE",
    ]);
    expect(existsSync(paths.spool)).toBe(false);
    expect(second.logs.filter((l) => l.level === "warn")).toEqual([]);
    // Nothing left to send: a replay now sends nothing.
    const again = await drainSpool(endpointFromUrl(marquez.url, "test", {}), paths);
    expect(again.sent).toBe(0);
    expect(marquez.posts).toHaveLength(4);
  });

  test("a 5xx answer spools the event; a black-holed endpoint is given up on within the timeout", async () => {
    tmp = tempDir();
    const ws = workspace(tmp.path, { HOTPASS_LINEAGE_TIMEOUT: "0.3" });
    marquez.failWith(503);
    await simulateRefine(ws, ["--lineage-url", marquez.url]);
    expect(lines(statePaths(ws.env).spool)).toHaveLength(2);
    // Only the START was tried: the COMPLETE followed it into the spool without another attempt.
    expect(marquez.posts).toHaveLength(1);

    const silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const started = performance.now();
    const run = await simulateRefine(ws, ["--lineage-url", `http://127.0.0.1:${silent.port}`]);
    silent.stop(true);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(run.logs.find((l) => l.level === "warn")!.message).toContain("no answer within 0.3 s");
    expect(lines(statePaths(ws.env).spool)).toHaveLength(4);
  });

  test("a redirect is not followed as a GET: the events are kept and the warning names the new address", async () => {
    tmp = tempDir();
    const ws = workspace(tmp.path);
    const moved = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response(null, { status: 301, headers: { location: `${marquez.url}/api/v1/lineage` } }) });
    const run = await simulateRefine(ws, ["--lineage-url", moved.url.href]);
    moved.stop(true);
    expect(run.logs.find((l) => l.level === "warn")!.message).toContain(`HTTP 301 redirect to ${marquez.url}/api/v1/lineage`);
    expect(lines(statePaths(ws.env).spool)).toHaveLength(2);
    expect(marquez.posts).toHaveLength(0);
  });

  test("a 400 answer sets the events aside, reports them and never retries them", async () => {
    tmp = tempDir();
    const ws = workspace(tmp.path);
    const paths = statePaths(ws.env);
    marquez.failWith(400);
    const run = await simulateRefine(ws, ["--lineage-url", marquez.url]);
    const warning = run.logs.find((l) => l.level === "warn")!;
    expect(warning.message).toContain("2 events rejected");
    expect(warning.message).toContain(paths.rejected);
    expect(lines(paths.rejected).map((r) => [r.status, r.event.eventType])).toEqual([
      [400, "START"],
      [400, "COMPLETE"],
    ]);
    expect(existsSync(paths.spool)).toBe(false);
    marquez.failWith(undefined);
    await simulateRefine(ws, ["--lineage-url", marquez.url]);
    expect(marquez.posts).toHaveLength(4); // 2 refused + 2 new; the refused ones were not sent again
  });

  test("the file transport appends valid events as JSON lines", async () => {
    tmp = tempDir();
    const ws = workspace(tmp.path);
    const file = join(tmp.path, "out", "lineage.jsonl");
    await simulateRefine(ws, ["--lineage-file", file]);
    await simulateRefine(ws, ["--lineage-file", file]);
    const events = lines(file);
    expect(events.map((e) => e.eventType)).toEqual(["START", "COMPLETE", "START", "COMPLETE"]);
    const validator = openLineageValidator();
    for (const event of events) expect(validator.problems(event)).toEqual([]);
    expect(marquez.posts).toHaveLength(0);
  });
});

describe("run ids and enrich", () => {
  test("a --run-id that is not a UUID maps to a stable UUID; the hotpass facet keeps it as given", async () => {
    tmp = tempDir();
    const ws = workspace(tmp.path);
    await simulateRefine(ws, ["--lineage-url", marquez.url], { runId: "nightly-2026-11-25" });
    await simulateRefine(ws, ["--lineage-url", marquez.url], { runId: "nightly-2026-11-25" });
    const ids = marquez.events.map((e) => e.event.run.runId);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(1);
    expect((marquez.events[0]!.event.run.facets as Json).hotpass.runId).toBe("nightly-2026-11-25");
  });

  test("enrich: job hotpass.enrich.<profile>, the refined workbook in, the enriched one out", async () => {
    tmp = tempDir();
    const ws = workspace(tmp.path);
    const enriched = join(tmp.path, "dist", "enriched.xlsx");
    await simulateRefine(ws, ["--lineage-url", marquez.url]);
    const run = await simulateEnrich(ws, ["--lineage-url", marquez.url], enriched);
    const events = marquez.events.filter((e) => e.event.run.runId === run.runId).map((e) => e.event as Json);
    expect(events.map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);
    expect(events[0]!.job.name).toBe("hotpass.enrich.aviation");
    expect(events[1]!.inputs.map((d: Json) => d.name)).toEqual([ws.output]);
    expect(events[1]!.outputs[0]).toMatchObject({ name: enriched, outputFacets: { outputStatistics: { rowCount: 15, size: 15 } } });
    expect(events[1]!.run.facets.hotpass.command).toBe("enrich");
    expect(events[1]!.inputs[0].facets.schema.fields.map((f: Json) => f.name)).toEqual(["organization_name", "website"]);
    expect(events[1]!.inputs[0].inputFacets.inputStatistics).toMatchObject({ rowCount: 15, size: 20 });
    expect(events[1]!.outputs[0].facets.dataQualityMetrics.columnMetrics.website).toEqual({ nullCount: 6 });
    expect(events[1]!.outputs[0].facets.schema.fields).toHaveLength(3);
    const failed = await simulateEnrich(ws, ["--lineage-url", marquez.url], enriched, { fail: "registry file missing" });
    const fail = marquez.events.filter((e) => e.event.run.runId === failed.runId).map((e) => e.event as Json);
    expect(fail.map((e) => e.eventType)).toEqual(["START", "FAIL"]);
    expect(fail[1]!.run.facets.errorMessage.message).toBe("registry file missing");
  });
});

describe("the lineage switch", () => {
  const cases: [string, string[], Record<string, string>, Parameters<typeof profile>[0], boolean][] = [
    ["profile features.observability", [], {}, { features: { observability: true } }, true],
    ["profile observability: true", [], {}, { observability: true }, true],
    ["no profile setting", [], {}, {}, false],
    ["--no-observability over the profile", ["--no-observability"], {}, { observability: true }, false],
    ["HOTPASS_DISABLE_LINEAGE=1 over --observability", ["--observability"], { HOTPASS_DISABLE_LINEAGE: "1" }, {}, false],
    ["profile observability: false", [], {}, { observability: false, features: { observability: true } }, false],
    ["--observability over profile observability: false", ["--observability"], {}, { observability: false }, true],
  ];
  for (const [name, argv, env, overrides, on] of cases) {
    test(`${name} -> lineage ${on ? "on" : "off"}`, async () => {
      tmp = tempDir();
      const ws = workspace(tmp.path, { OPENLINEAGE_URL: marquez.url, ...env });
      const run = await simulateRefine(ws, argv, { profile: profile(overrides) });
      expect(run.enabled ?? false).toBe(on);
      expect(marquez.events).toHaveLength(on ? 2 : 0);
      expect(existsSync(statePaths(ws.env).log)).toBe(on);
    });
  }
});
