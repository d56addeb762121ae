/**
 * The spill path: a run over its memory budget refines its records a partition at a time from
 * disk, and must give the same bytes as the run in memory — tables in every format, and the same
 * report (rule results with their sampled rows, conflicts, completeness) — and leave nothing on
 * disk: not on success, not on failure, and a killed run's folder is removed by the next run.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { parseCsv } from "../../src/formats/_csv-read.ts";
import { hotpass, tempDir } from "../support/binary.ts";

let work: { path: string; cleanup: () => void };
let data: string;
let env: Record<string, string>;

beforeAll(async () => {
  work = tempDir("hotpass-spill-");
  data = join(work.path, "data");
  await generateAviationWorkbooks({ orgs: 2000, out: data, seed: 3 });
  env = { HOME: work.path, XDG_STATE_HOME: join(work.path, "state") };
});
afterAll(() => work.cleanup());

async function refine(out: string, extra: string[] = [], input = data, profile = "aviation") {
  return hotpass(["refine", "--profile", profile, "--input-dir", input, "--output-path", out, "--run-id", "spill-run", "--log-format", "json", ...extra], { env, cwd: work.path });
}

/** The report without what differs between any two runs (timings, the output folder). */
function comparable(path: string, folder: string): unknown {
  const { performance_metrics, generated_at, started_at, ...rest } = JSON.parse(readFileSync(path, "utf8").replaceAll(folder, "OUT"));
  return rest;
}

/** The bundled generic profile under another name, with output rules of its own. */
function genericWith(name: string, output: string): string {
  const generic = readFileSync(join(import.meta.dir, "../../src/profiles/bundled/generic.yaml"), "utf8").replace(/^name: .*$/m, `name: ${name}`);
  const path = join(work.path, `${name}.yaml`);
  writeFileSync(path, `${generic}\nexpectations:\n  output: ${output}\n`);
  return path;
}

const events = (stdout: string) => stdout.trim().split("\n").map((line) => JSON.parse(line) as { event: string; data: Record<string, unknown> });

describe("refine over its memory budget", () => {
  for (const format of ["csv", "xlsx", "json", "parquet"]) {
    test(`.${format}: the same bytes and the same report as in memory, and no spill folder left`, async () => {
      const memory = join(work.path, `mem-${format}`);
      const disk = join(work.path, `disk-${format}`);
      const inMemory = await refine(join(memory, `refined.${format}`));
      const spilled = await refine(join(disk, `refined.${format}`), ["--memory-budget-mb", "0.01"]);
      expect(inMemory.code).toBe(0);
      expect(spilled.code).toBe(0);
      expect(events(inMemory.stdout).some((e) => e.event === "load.spilling")).toBe(false);
      const spilling = events(spilled.stdout).find((e) => e.event === "load.spilling");
      expect(spilling?.data.partitions).toBeGreaterThanOrEqual(8);
      expect(readFileSync(join(disk, `refined.${format}`))).toEqual(readFileSync(join(memory, `refined.${format}`)));
      const report = comparable(join(disk, "refined-quality-report.json"), disk);
      expect(report).toEqual(comparable(join(memory, "refined-quality-report.json"), memory));
      expect((report as { conflicts: { count: number } }).conflicts.count).toBeGreaterThan(0);
      expect(readdirSync(disk).filter((name) => name.startsWith("."))).toEqual([]);
    });
  }

  test("failing expectations: the same counts and the same sampled rows, numbered in the merged table", async () => {
    const input = join(work.path, "generic");
    mkdirSync(input, { recursive: true });
    const lines = ["Company,Email,Phone,Website,Province"];
    for (let i = 0; i < 3000; i++) {
      // Names in an order of their own (a permutation of 0..1699), not the order they appear in.
      const name = `Org ${String((i * 7919) % 1700).padStart(4, "0")} ${i % 7 === 0 ? "Aviation" : "Air"}`;
      const email = i % 5 === 0 ? `bad-${i}@` : `ops${i}@org${i % 1700}.co.za`;
      lines.push(`${name},${email},082 ${String(1000000 + i).slice(0, 3)} ${String(1000 + (i % 9000))},${i % 3 ? `www.org${i}.co.za` : ""},${i % 4 ? "Gauteng" : "kzn"}`);
    }
    writeFileSync(join(input, "a.csv"), lines.slice(0, 1500).join("\n"));
    writeFileSync(join(input, "b.csv"), [lines[0], ...lines.slice(1500)].join("\n"));
    const memory = join(work.path, "generic-mem");
    const disk = join(work.path, "generic-disk");
    // Provinces other than Gauteng fail a rule of the profile's: failures in many partitions.
    const profile = genericWith("gauteng-only", "[{ rule: value_set, column: province, values: [Gauteng] }]");
    expect((await refine(join(memory, "out.csv"), [], input, profile)).code).toBe(0);
    expect((await refine(join(disk, "out.csv"), ["--memory-budget-mb", "0.001"], input, profile)).code).toBe(0);
    expect(readFileSync(join(disk, "out.csv"), "utf8")).toBe(readFileSync(join(memory, "out.csv"), "utf8"));
    const report = comparable(join(disk, "out-quality-report.json"), disk) as { expectation_results: { samples: unknown[] }[] };
    const inMemory = comparable(join(memory, "out-quality-report.json"), memory) as typeof report;
    expect(report).toEqual(inMemory);
    const failing = report.expectation_results.find((r) => r.samples.length > 0) as { samples: { row: number }[] } | undefined;
    expect(failing?.samples).toHaveLength(5);
    // The samples are the first failing rows of the table as written (not the first aggregated).
    const table: string[][] = [];
    parseCsv(readFileSync(join(memory, "out.csv")), (cells) => void table.push(cells));
    const province = table[0]!.indexOf("province");
    const firstFailing = table.slice(1).flatMap((cells, i) => (cells[province] && cells[province] !== "Gauteng" ? [i + 1] : [])).slice(0, 5);
    expect(failing!.samples.map((sample) => sample.row)).toEqual(firstFailing);
  });

  test("two threads loading while spilling, joined rows following their records to disk: the same bytes as in memory", async () => {
    // 20,000 organisations: the Contact Database's contacts sheet joins rows to companies that
    // went to disk thousands of rows before (a load spills every 20,000 records and joined rows).
    const big = join(work.path, "data-20k");
    await generateAviationWorkbooks({ orgs: 20_000, out: big, seed: 4 });
    const both = { ...env, HOTPASS_WORKERS: "1" };
    const memory = join(work.path, "mem-20k");
    const disk = join(work.path, "disk-20k");
    const run = (out: string, extra: string[]) =>
      hotpass(["refine", "--profile", "aviation", "--input-dir", big, "--output-path", join(out, "refined.xlsx"), "--run-id", "spill-run", "--log-format", "json", ...extra], { env: both, cwd: work.path });
    const inMemory = await run(memory, []);
    // Over the budget, yet enough of it for two workbooks read at once.
    const spilled = await run(disk, ["--memory-budget-mb", "64"]);
    expect(inMemory.code).toBe(0);
    expect(spilled.code).toBe(0);
    const loaded = events(spilled.stdout);
    expect(loaded.some((e) => e.event === "load.spilling")).toBe(true);
    expect(new Set(loaded.filter((e) => e.event === "load.file").map((e) => e.data.thread))).toEqual(new Set(["main", "worker"]));
    expect(readFileSync(join(disk, "refined.xlsx"))).toEqual(readFileSync(join(memory, "refined.xlsx")));
    expect(comparable(join(disk, "refined-quality-report.json"), disk)).toEqual(comparable(join(memory, "refined-quality-report.json"), memory));
  }, 60_000);

  test("a failed spilling run leaves no spill folder; a killed run's folder goes with the next run", async () => {
    const out = join(work.path, "fail");
    mkdirSync(out, { recursive: true });
    // A spill folder named for a process that is long gone, as a killed run leaves it.
    const stale = join(out, ".hotpass-spill.999999-1-0a1b2c3d.tmp");
    mkdirSync(join(stale, "raw"), { recursive: true });
    writeFileSync(join(stale, "raw", "main-0"), "[]\n");
    // Strict mode with an output rule no row meets: the run fails in its write stage.
    const profile = genericWith("strict", "[{ rule: not_null, column: intent_top_insights }]");
    const failed = await refine(join(out, "refined.csv"), ["--memory-budget-mb", "0.01", "--qa-mode", "strict"], data, profile);
    expect(failed.code).toBe(2);
    expect(events(failed.stdout).some((e) => e.event === "load.spilling")).toBe(true);
    expect(readdirSync(out).filter((name) => name.startsWith(".hotpass-spill"))).toEqual([]);
  });
});
