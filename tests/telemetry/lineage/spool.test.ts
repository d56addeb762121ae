import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../support/binary.ts";
import { appendEvents, appendToLog, compactSpool, markSent, readLog, readSpool, withSpoolLock } from "../../../src/telemetry/lineage/spool.ts";
import { statePaths } from "../../../src/telemetry/lineage/config.ts";
import type { RunEvent } from "../../../src/telemetry/lineage/types.ts";
import { simulateRefine, workspace } from "./helpers.ts";

const event = (n: number): RunEvent => ({
  eventType: "START",
  eventTime: new Date(1_700_000_000_000 + n).toISOString(),
  producer: "https://example.com",
  schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
  run: { runId: crypto.randomUUID() },
  job: { namespace: "hotpass.local", name: `job-${n}` },
  inputs: [],
  outputs: [],
});

describe("the local event log", () => {
  test("past its size limit it keeps one previous generation, and is read oldest first", () => {
    const tmp = tempDir();
    const log = join(tmp.path, "lineage-events.jsonl");
    for (let n = 0; n < 10; n++) appendToLog(log, [event(n)], 600);
    expect(existsSync(`${log}.1`)).toBe(true);
    const names = readLog(log).map((e) => e.job.name);
    expect(names.at(-1)).toBe("job-9");
    expect(names).toEqual([...names].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))));
    tmp.cleanup();
  });
});

describe("bad settings", () => {
  test("a malformed OPENLINEAGE_URL is exit 2 when lineage is on, and ignored when it is off", async () => {
    const tmp = tempDir();
    const ws = workspace(tmp.path, { OPENLINEAGE_URL: "marquez:5000" });
    const error = await simulateRefine(ws, []).catch((e) => e);
    expect(error).toMatchObject({ exitCode: 2 });
    expect(String(error.message)).toContain("OPENLINEAGE_URL must be an http:// or https:// URL");
    const off = await simulateRefine(ws, ["--no-observability"]);
    expect(off.enabled).toBe(false);
    tmp.cleanup();
  });
});

describe("contradictory switches", () => {
  test("--no-observability with --lineage-url is a usage error naming both", async () => {
    const tmp = tempDir();
    const error = await simulateRefine(workspace(tmp.path), ["--no-observability", "--lineage-url", "http://127.0.0.1:9"]).catch((e) => e);
    expect(error).toMatchObject({ exitCode: 2 });
    expect(String(error.message)).toContain("--lineage-url has no effect with --no-observability");
    tmp.cleanup();
  });
});

describe("the spool", () => {
  test("a replay interrupted after delivering events resumes after them; compaction keeps only the rest", () => {
    const tmp = tempDir();
    const paths = statePaths({ HOTPASS_STATE_DIR: tmp.path });
    const [a, b, c] = [event(1), event(2), event(3)];
    appendEvents(paths.spool, [a, b, c]);
    markSent(paths, a);
    markSent(paths, b); // the process stops here, before compacting
    expect(readSpool(paths).map((e) => e.job.name)).toEqual(["job-3"]);
    appendEvents(paths.spool, [event(4)]); // a run appends meanwhile
    expect(compactSpool(paths)).toBe(2);
    expect(existsSync(paths.sent)).toBe(false);
    expect(readSpool(paths).map((e) => e.job.name)).toEqual(["job-3", "job-4"]);
    void c;
    tmp.cleanup();
  });
});

describe("the spool lock", () => {
  test("a lock left by a process that is gone is taken over; one held by a live process is waited for", async () => {
    const tmp = tempDir();
    const paths = statePaths({ HOTPASS_STATE_DIR: tmp.path });
    mkdirSync(tmp.path, { recursive: true });
    const dead = Bun.spawnSync(["true"]).pid;
    writeFileSync(paths.lock, `${dead} ${Date.now()}\n`);
    expect(await withSpoolLock(paths, () => "taken")).toBe("taken");
    expect(existsSync(paths.lock)).toBe(false);

    writeFileSync(paths.lock, `${process.pid} ${Date.now()}\n`);
    let done = false;
    const waiting = withSpoolLock(paths, () => (done = true));
    await Bun.sleep(200);
    expect(done).toBe(false);
    rmSync(paths.lock);
    await waiting;
    expect(done).toBe(true);
    tmp.cleanup();
  });
});
