/** `hotpass lineage runs/show/graph/replay` through the compiled binary, from Marquez and from the local log. */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hotpass, tempDir } from "../../support/binary.ts";
import { startMarquez, type MarquezServer } from "../../support/marquez.ts";
import { statePaths } from "../../../src/telemetry/lineage/config.ts";
import { processStartTime } from "../../../src/net/process.ts";
import { simulateRefine, workspace, type Workspace } from "./helpers.ts";

type Json = Record<string, any>;
let marquez: MarquezServer;
let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
let ok: string;
let failed: string;

beforeAll(async () => {
  marquez = await startMarquez();
  tmp = tempDir();
  ws = workspace(tmp.path);
  ok = (await simulateRefine(ws, ["--lineage-url", marquez.url])).runId;
  failed = (await simulateRefine(ws, ["--lineage-url", marquez.url], { fail: "sheet Cleaned lacks Province" })).runId;
});
afterAll(async () => {
  await marquez.stop();
  tmp.cleanup();
});
afterEach(() => {
  expect(marquez.problems).toEqual([]);
});

const SOURCES = ["Marquez", "the local event log"] as const;
const envFor = (name: (typeof SOURCES)[number]) => (name === "Marquez" ? { ...ws.env, OPENLINEAGE_URL: marquez.url } : ws.env);

describe("hotpass lineage answers from Marquez and from the local log alike", () => {
  for (const name of SOURCES) {
    test(`runs (${name}): newest first, with state, duration and inputs -> outputs`, async () => {
      const env = envFor(name);
      const table = await hotpass(["lineage", "runs"], { env });
      expect(table.code).toBe(0);
      const rows = table.stdout.trim().split("\n");
      expect(rows[0]).toMatch(/^RUN ID\s+JOB\s+STATE\s+STARTED\s+DURATION\s+INPUTS -> OUTPUTS$/);
      expect(rows[1]).toContain(failed);
      expect(rows[1]).toContain("FAILED");
      expect(rows[2]).toContain(ok);
      expect(rows[2]).toMatch(/COMPLETED .*Reachout Database\.xlsx, SACAA Cleaned\.xlsx -> refined\.xlsx$/);
      if (name === "Marquez") expect(table.stderr).toBe("");
      else expect(table.stderr).toContain(`reading the local event log ${statePaths(ws.env).log}`);

      const json = JSON.parse((await hotpass(["lineage", "runs", "--json", "--job", "hotpass.pipeline.aviation", "--limit", "1"], { env })).stdout);
      expect(json.runs).toHaveLength(1);
      expect(json.runs[0]).toMatchObject({ runId: failed, state: "FAILED", job: "hotpass.pipeline.aviation" });
      expect(json.runs[0].inputs.map((d: Json) => d.name).sort()).toEqual([...ws.inputs].sort());
    });

    test(`show (${name}): the run's state and facets, its inputs and outputs with theirs`, async () => {
      const env = envFor(name);
      const result = await hotpass(["lineage", "show", ok, "--json"], { env });
      expect(result.code).toBe(0);
      const { run } = JSON.parse(result.stdout);
      expect(run).toMatchObject({ runId: ok, state: "COMPLETED" });
      expect(run.runFacets.hotpass).toMatchObject({ profile: "aviation", qualityScoreMean: 0.62 });
      expect(run.outputs[0].name).toBe(ws.output);
      expect(run.outputs[0].facets.outputStatistics.rowCount).toBe(15);
      expect(run.outputs[0].facets.dataQualityMetrics.columnMetrics.contact_primary_email.nullCount).toBe(4);
      expect(run.events.map((e: Json) => e.eventType)).toEqual(["START", "COMPLETE"]);
      const text = await hotpass(["lineage", "show", failed], { env });
      expect(text.stdout).toMatch(/^state\s+FAILED$/m);
      expect(text.stdout).toContain("sheet Cleaned lacks Province");
    });

    test(`graph (${name}): a workbook's downstream and an output's upstream`, async () => {
      const env = envFor(name);
      const down = JSON.parse((await hotpass(["lineage", "graph", ws.inputs[0]!, "--json"], { env })).stdout);
      expect(down.upstream).toEqual([]);
      expect(down.downstream.map((e: Json) => e.to)).toContain("job:hotpass.local:hotpass.pipeline.aviation");
      expect(down.downstream.map((e: Json) => e.to).some((to: string) => to.endsWith(`:${ws.output}`))).toBe(true);
      const up = await hotpass(["lineage", "graph", ws.output], { env });
      expect(up.code).toBe(0);
      expect(up.stdout).toMatch(/^upstream\s+dataset .*Reachout Database\.xlsx\s+job hotpass\.pipeline\.aviation$/m);
      expect(up.stdout).toMatch(/^upstream\s+dataset .*SACAA Cleaned\.xlsx\s+job hotpass\.pipeline\.aviation$/m);
    });
  }

  test("with console telemetry the spans go to stderr, so --json output stays parseable", async () => {
    const result = await hotpass(["lineage", "runs", "--json", "--telemetry-exporter", "console"], { env: ws.env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).runs.length).toBe(2);
    expect(result.stderr).toContain('"name":"hotpass.lineage"');
  });

  test("an unknown run or dataset is one clear line, exit 2", async () => {
    const run = await hotpass(["lineage", "show", crypto.randomUUID()], { env: ws.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("hotpass: error: no run");
    const graph = await hotpass(["lineage", "graph", join(tmp.path, "nope.xlsx")], { env: { ...ws.env, OPENLINEAGE_URL: marquez.url } });
    expect(graph.code).toBe(2);
    expect(graph.stderr).toContain("no dataset");
  });

  test("with no URL, the Marquez port of the newest live hotpass net tunnel is used, and said", async () => {
    const config = join(tmp.path, "netconfig");
    mkdirSync(config, { recursive: true });
    const forward = (port: number) => [{ name: "marquez", local_port: port, remote_host: "marquez.staging.internal", remote_port: 5000 }];
    const me = { pid: process.pid, pid_start_time: processStartTime(process.pid)! };
    const session = (label: string, port: number, created_at: string, holder = me) => ({
      label,
      host: "bastion",
      port: 22,
      user: "ops",
      forwards: forward(port),
      ...holder,
      created_at,
      log_path: join(config, `${label}.log`),
    });
    writeFileSync(
      join(config, "tunnels.json"),
      JSON.stringify({
        version: 1,
        sessions: [
          session("old", 1, "2026-01-01T00:00:00Z"),
          session("staging", marquez.port, "2026-06-01T00:00:00Z"),
          // Newest, but its pid now belongs to another process (a different start time): not live.
          session("gone", 2, "2026-12-01T00:00:00Z", { pid: process.pid, pid_start_time: "1" }),
        ],
      }),
    );
    const result = await hotpass(["lineage", "runs", "--json"], { env: { ...ws.env, HOTPASS_CONFIG_DIR: config } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`using Marquez through the 'staging' tunnel at http://127.0.0.1:${marquez.port}`);
    expect(JSON.parse(result.stdout).source).toContain(`127.0.0.1:${marquez.port}`);
  });
});

describe("hotpass lineage replay", () => {
  test("sends the spool in order once; a second replay sends nothing; a down endpoint keeps it", async () => {
    const local = tempDir();
    const w = workspace(local.path, { OPENLINEAGE_URL: marquez.url });
    const paths = statePaths(w.env);
    await marquez.down();
    const one = await simulateRefine(w, []);
    const two = await simulateRefine(w, []);
    const stillDown = await hotpass(["lineage", "replay"], { env: w.env });
    expect(stillDown.code).toBe(1);
    expect(stillDown.stderr).toContain(`4 events still spooled in ${paths.spool}`);
    await marquez.up();
    const before = marquez.posts.length;
    const replay = await hotpass(["lineage", "replay", "--json"], { env: w.env });
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ sent: 4, rejected: 0, remaining: 0 });
    const sent = marquez.events.slice(-4).map((e) => `${e.event.run.runId === one.runId ? "one" : e.event.run.runId === two.runId ? "two" : "?"} ${e.event.eventType}`);
    expect(sent).toEqual(["one START", "one COMPLETE", "two START", "two COMPLETE"]);
    expect(existsSync(paths.spool)).toBe(false);
    const again = await hotpass(["lineage", "replay"], { env: w.env });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("nothing to replay");
    expect(marquez.posts.length - before).toBe(4);
    local.cleanup();
  });

  test("spooled events but no endpoint: exit 2 saying how to give one", async () => {
    const local = tempDir();
    const w = workspace(local.path, { OPENLINEAGE_URL: "http://127.0.0.1:9" });
    await simulateRefine(w, []);
    const result = await hotpass(["lineage", "replay"], { env: { ...w.env, OPENLINEAGE_URL: undefined } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("2 spooled events but nowhere to send them");
    expect(result.stderr).toContain("OPENLINEAGE_URL");
    local.cleanup();
  });
});
