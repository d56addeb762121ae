/**
 * Refine on two threads: with several large enough workbooks the later files are read (and
 * normalised) by a worker thread; `HOTPASS_WORKERS=1` sends them there however small they are.
 * Whatever the thread, a user must get the same table, the same report, the same console lines
 * and the same errors as with `HOTPASS_WORKERS=0`.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as XLSX from "xlsx";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { hotpass, tempDir } from "../support/binary.ts";

let work: { path: string; cleanup: () => void };
let data: string;
let env: Record<string, string>;

beforeAll(async () => {
  work = tempDir("hotpass-threads-");
  data = join(work.path, "data");
  // 3,000 organisations: too little work for the worker unless HOTPASS_WORKERS=1 asks for it.
  await generateAviationWorkbooks({ orgs: 3000, out: data, seed: 11 });
  env = { HOME: work.path, HOTPASS_CONFIG_DIR: join(work.path, "config"), XDG_CONFIG_HOME: join(work.path, "xdg"), XDG_STATE_HOME: join(work.path, "xdg-state") };
});
afterAll(() => work.cleanup());

/** Runs refine on `input`, with HOTPASS_WORKERS set to `workers` (left unset when undefined). */
function refineWith(input: string, name: string, workers: "0" | "1" | undefined, extra: string[] = []) {
  return hotpass(["refine", "--profile", "aviation", "--input-dir", input, "--output-path", join(work.path, `${name}-${workers ?? "auto"}`, "refined.csv"), "--run-id", name, ...extra], {
    env: workers === undefined ? env : { ...env, HOTPASS_WORKERS: workers },
    cwd: work.path,
  });
}

/** Runs refine without and with the worker thread on the same input. */
async function both(input: string, name: string, extra: string[] = []) {
  return { one: await refineWith(input, name, "0", extra), two: await refineWith(input, name, "1", extra) };
}

/** Console text without the parts that differ between any two runs (timings, output folder). */
const comparable = (stderr: string, name: string) => stderr.replace(/\d+(\.\d+)? s\b/g, "N s").replaceAll(`${name}-0`, "OUT").replaceAll(`${name}-1`, "OUT");

const fileEvents = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line))
    .filter((entry) => entry.event === "load.file")
    .map((entry) => ({ file: entry.data.file.split("/").pop(), thread: entry.data.thread }));

describe("a refine split across two threads", () => {
  test("reads the later workbooks on the worker thread, and says so in the JSON log", async () => {
    const { one, two } = await both(data, "log", ["--log-format", "json"]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(fileEvents(one.stdout).map((e) => e.thread)).toEqual(["main", "main", "main"]);
    expect(fileEvents(two.stdout)).toEqual([
      { file: "Contact Database.xlsx", thread: "main" },
      { file: "Reachout Database.xlsx", thread: "worker" },
      { file: "SACAA Flight Schools - Refined copy__CLEANED.xlsx", thread: "worker" },
    ]);
  });

  test("left to itself, keeps a small input on one thread (a worker would not pay for its start)", async () => {
    const run = await refineWith(data, "auto", undefined, ["--log-format", "json"]);
    expect(run.code).toBe(0);
    expect(fileEvents(run.stdout).map((e) => e.thread)).toEqual(["main", "main", "main"]);
  });

  test("writes the same table, report and console lines as one thread", async () => {
    const { one, two } = await both(data, "same");
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(comparable(two.stderr, "same")).toBe(comparable(one.stderr, "same"));
    const table = (w: string) => readFileSync(join(work.path, `same-${w}`, "refined.csv"), "utf8");
    expect(table("1")).toBe(table("0"));
    expect(table("1").split("\r\n").length).toBeGreaterThan(3000);
    const report = (w: string) => {
      const { performance_metrics, generated_at, started_at, ...rest } = JSON.parse(readFileSync(join(work.path, `same-${w}`, "refined-quality-report.json"), "utf8").replaceAll(`same-${w}`, "OUT"));
      return rest;
    };
    expect(report("1")).toEqual(report("0"));
    expect(report("1").total_records).toBe(3000);
  });

  test("a truncated workbook that the worker reads stops the run with the same one-line error", async () => {
    const input = join(work.path, "truncated");
    cpSync(data, input, { recursive: true });
    const sacaa = join(input, "SACAA Flight Schools - Refined copy__CLEANED.xlsx");
    truncateSync(sacaa, Math.floor(statSync(sacaa).size / 2));
    const { one, two } = await both(input, "truncated");
    expect(two.code).toBe(2);
    expect(one.code).toBe(2);
    expect(two.stderr).toContain(`${sacaa}: the workbook is corrupt or truncated`);
    expect(two.stderr).not.toMatch(/^\s+at /m);
    expect(comparable(two.stderr, "truncated")).toBe(comparable(one.stderr, "truncated"));
    expect(existsSync(join(work.path, "truncated-1", "refined.csv"))).toBe(false);
  });

  test("a missing required column in a workbook the worker reads is the same data-contract failure", async () => {
    const input = join(work.path, "contract");
    cpSync(data, input, { recursive: true });
    const reachout = join(input, "Reachout Database.xlsx");
    const book = XLSX.read(readFileSync(reachout));
    const sheet = book.Sheets["Organisation"]!;
    for (const ref of Object.keys(sheet)) if (sheet[ref]?.v === "Organisation Name") sheet[ref] = { t: "s", v: "Org" };
    writeFileSync(reachout, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
    const { one, two } = await both(input, "contract");
    expect(two.code).toBe(2);
    expect(one.code).toBe(2);
    expect(two.stderr).toContain(`data contract failed: ${reachout}, sheet "Organisation" is missing required column(s) Organisation Name`);
    expect(two.stderr).not.toMatch(/^\s+at /m);
    expect(comparable(two.stderr, "contract")).toBe(comparable(one.stderr, "contract"));
    expect(existsSync(join(work.path, "contract-1", "refined.csv"))).toBe(false);
  });
});
