/**
 * Ctrl+C during a refine, through the binary: the run stops cleanly (exit 130), its temporary
 * files are removed, the previous output is untouched, the run's failure says it was cancelled
 * and its lineage ends with FAIL.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { BINARY, tempDir } from "../support/binary.ts";

let work: { path: string; cleanup: () => void };
let data: string;

beforeAll(async () => {
  work = tempDir("hotpass-cancel-");
  data = join(work.path, "data");
  await generateAviationWorkbooks({ orgs: 20_000, out: data, seed: 5 });
});
afterAll(() => work.cleanup());

/** Starts a refine and sends `signal` once the JSON log shows `event`; returns what happened. */
async function interrupt(event: string, signal: "SIGINT" | "SIGTERM", out: string, extra: string[] = []) {
  const lineage = join(work.path, `${signal}.lineage.jsonl`);
  const proc = Bun.spawn(
    [BINARY, "refine", "--profile", "aviation", "--input-dir", data, "--output-path", join(out, "refined.xlsx"), "--log-format", "json", "--lineage-file", lineage, ...extra],
    { stdout: "pipe", stderr: "pipe", env: { ...process.env, HOME: work.path, XDG_STATE_HOME: join(work.path, "state"), NO_COLOR: "1" } },
  );
  const lines: string[] = [];
  const decoder = new TextDecoder();
  let buffered = "";
  let sent = false;
  for await (const chunk of proc.stdout) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      lines.push(line);
      if (!sent && JSON.parse(line).event === event) {
        proc.kill(signal);
        sent = true;
      }
    }
  }
  const code = await proc.exited;
  const records = lines.map((line) => JSON.parse(line) as { event: string; data: Record<string, unknown> });
  const lineageTypes = readFileSync(lineage, "utf8").trim().split("\n").map((line) => JSON.parse(line).eventType);
  return { code, records, lineageTypes, stderr: await new Response(proc.stderr).text() };
}

test("Ctrl+C while the output is being written: exit 130, no temporary file, the previous output kept, lineage FAIL", async () => {
  const out = join(work.path, "out-int");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "refined.xlsx"), "previous");
  const result = await interrupt("write.started", "SIGINT", out);
  expect(result.code).toBe(130);
  expect(readdirSync(out)).toEqual(["refined.xlsx"]);
  expect(readFileSync(join(out, "refined.xlsx"), "utf8")).toBe("previous");
  const failed = result.records.find((r) => r.event === "pipeline.failed");
  expect(failed?.data).toMatchObject({ reason: "cancelled", error: "interrupted by SIGINT" });
  expect(result.records.some((r) => r.event === "pipeline.completed")).toBe(false);
  expect(result.lineageTypes).toEqual(["START", "FAIL"]);
  expect(result.stderr).not.toMatch(/\n\s+at /);
});

test("SIGTERM while reading: exit 143, nothing written", async () => {
  const out = join(work.path, "out-term");
  const result = await interrupt("load.file", "SIGTERM", out);
  expect(result.code).toBe(143);
  expect(() => readdirSync(out)).toThrow(); // the output folder it created for itself is gone
  expect(result.records.find((r) => r.event === "pipeline.failed")?.data).toMatchObject({ reason: "cancelled" });
  expect(result.lineageTypes.at(-1)).toBe("FAIL");
});

test("Ctrl+C while a spilling run aggregates its partitions on two threads: exit 130, no spill folder, nothing written", async () => {
  const out = join(work.path, "out-spill");
  const result = await interrupt("aggregate.progress", "SIGINT", out, ["--memory-budget-mb", "1"]);
  expect(result.records.some((r) => r.event === "load.spilling")).toBe(true);
  expect(result.code).toBe(130);
  expect(() => readdirSync(out)).toThrow();
  expect(result.records.find((r) => r.event === "pipeline.failed")?.data).toMatchObject({ reason: "cancelled" });
  expect(result.stderr).not.toMatch(/\n\s+at /);
});
