import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../support/binary.ts";
import { appendToLog, readLog } from "../../../src/telemetry/lineage/spool.ts";
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

describe("contradictory switches", () => {
  test("--no-observability with --lineage-url is a usage error naming both", async () => {
    const tmp = tempDir();
    const error = await simulateRefine(workspace(tmp.path), ["--no-observability", "--lineage-url", "http://127.0.0.1:9"]).catch((e) => e);
    expect(error).toMatchObject({ exitCode: 2 });
    expect(String(error.message)).toContain("--lineage-url has no effect with --no-observability");
    tmp.cleanup();
  });
});
