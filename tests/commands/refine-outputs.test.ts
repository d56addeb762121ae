/**
 * What refine writes, through the binary: never over an input file (however the path is spelled),
 * nothing of its own into the input folder unless told to, and no temporary file left behind by a
 * run that was killed outright — cleaned by the next run, and never one of a run still alive.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { processStartTime } from "../../src/net/process.ts";
import { BINARY, hotpass, tempDir } from "../support/binary.ts";
import { writeXlsx } from "../support/workbooks.ts";

const root = tempDir("hotpass-refine-outputs-");
afterAll(() => root.cleanup());
let counter = 0;

/** A case folder with `in/book.xlsx` and `in/leads.csv`. */
function workspace(): { dir: string; env: Record<string, string> } {
  const dir = join(root.path, `case-${++counter}`);
  mkdirSync(join(dir, "home"), { recursive: true });
  mkdirSync(join(dir, "in"));
  writeXlsx(join(dir, "in"), "book.xlsx", [{ name: "Sheet1", rows: [["Company", "Phone"], ["Alpha Aero", "0821234567"]] }]);
  writeFileSync(join(dir, "in", "leads.csv"), "Company,Phone\nBeta Flight,0831234567\n");
  const home = join(dir, "home");
  return { dir, env: { HOME: home, XDG_STATE_HOME: home, XDG_CONFIG_HOME: home, HOTPASS_CONFIG_DIR: home, HOTPASS_DISABLE_LINEAGE: "1" } };
}

function hashes(folder: string): Record<string, string> {
  return Object.fromEntries(readdirSync(folder).sort().map((name) => [name, createHash("sha256").update(readFileSync(join(folder, name))).digest("hex")]));
}

async function refine(ws: { dir: string; env: Record<string, string> }, ...args: string[]) {
  return hotpass(["refine", "--input-dir", "in", "--profile", "generic", ...args], { cwd: ws.dir, env: ws.env });
}

function oneError(stderr: string): string {
  const errors = stderr.split("\n").filter((line) => line.startsWith("hotpass: error:"));
  expect(errors).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  return errors[0]!;
}

describe("an output that is an input is refused, however it is spelled", () => {
  const spellings: [string, (dir: string) => string][] = [
    ["the input workbook itself", () => "in/book.xlsx"],
    ["the input CSV itself", () => "in/leads.csv"],
    ["a `..` spelling of it", () => "in/../in/./book.xlsx"],
    ["a symbolic link to it", (dir) => (symlinkSync(join(dir, "in", "book.xlsx"), join(dir, "link.xlsx")), "link.xlsx")],
    ["a hard link to it", (dir) => (linkSync(join(dir, "in", "book.xlsx"), join(dir, "hard.xlsx")), "hard.xlsx")],
    ["a link to the input folder", (dir) => (symlinkSync(join(dir, "in"), join(dir, "alias")), "alias/book.xlsx")],
  ];
  for (const [what, spell] of spellings) {
    test(what, async () => {
      const ws = workspace();
      const output = spell(ws.dir);
      const before = hashes(join(ws.dir, "in"));
      const result = await refine(ws, "--output-path", output);
      expect(result.code).toBe(2);
      expect(oneError(result.stderr)).toMatch(new RegExp(`--output-path .*${output.split("/").pop()!.replace(".", "\\.")} is the input file .*in/(book\\.xlsx|leads\\.csv): refine never writes over its inputs`));
      // Nothing replaced and nothing added: no report, no temporary file among the inputs.
      expect(hashes(join(ws.dir, "in"))).toEqual(before);
    });
  }

  test("an output that is a folder is refused before any work", async () => {
    const ws = workspace();
    mkdirSync(join(ws.dir, "out.xlsx"));
    const result = await refine(ws, "--output-path", "out.xlsx");
    expect(result.code).toBe(2);
    expect(oneError(result.stderr)).toMatch(/--output-path .*\/out\.xlsx is a folder/);
  });
});

describe("reports go into the input folder only when the user names it", () => {
  test("an output in the input folder without --report-path / --dist-dir is refused before any work", async () => {
    const ws = workspace();
    const before = hashes(join(ws.dir, "in"));
    const result = await refine(ws, "--output-path", "in/refined.parquet");
    expect(result.code).toBe(2);
    expect(oneError(result.stderr)).toMatch(/the quality report \(next to --output-path\) would be written into the input folder .*\/in, where the next run would read it/);
    expect(result.stderr).toContain("--report-path");
    expect(hashes(join(ws.dir, "in"))).toEqual(before);
  });

  test("named with --dist-dir, the input folder takes the output and its reports; the inputs stay as they were", async () => {
    const ws = workspace();
    const before = hashes(join(ws.dir, "in"));
    const result = await refine(ws, "--output-path", "in/refined.parquet", "--dist-dir", "in");
    expect(result.code).toBe(0);
    const after = hashes(join(ws.dir, "in"));
    for (const [name, hash] of Object.entries(before)) expect(after[name]).toBe(hash);
    expect(Object.keys(after).sort()).toEqual(["book.xlsx", "leads.csv", "refined-quality-report.json", "refined.parquet"]);
  });

  test("an explicit --report-path into the input folder is the user's choice", async () => {
    const ws = workspace();
    const result = await refine(ws, "--output-path", "out/refined.xlsx", "--report-path", "in/report.json");
    expect(result.code).toBe(0);
    expect(existsSync(join(ws.dir, "in", "report.json"))).toBe(true);
  });
});

describe("temporary files of a killed run", () => {
  const temporaries = (folder: string) => (existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith(".tmp")) : []);

  test("SIGKILL while writing leaves the previous output intact; the next run removes the dead run's temporaries", async () => {
    const ws = workspace();
    const out = join(ws.dir, "out");
    expect((await refine(ws, "--output-path", "out/refined.xlsx")).code).toBe(0);
    const previous = readFileSync(join(out, "refined.xlsx"));

    // A run large enough to be caught in its write stage.
    const big = join(ws.dir, "big");
    await generateAviationWorkbooks({ orgs: 20_000, out: big });
    const run = Bun.spawn([BINARY, "refine", "--input-dir", big, "--output-path", join(out, "refined.xlsx"), "--profile", "aviation"], { cwd: ws.dir, env: { ...process.env, ...ws.env, HOTPASS_WORKERS: "0" }, stdout: "ignore", stderr: "pipe" });
    const deadline = performance.now() + 60_000;
    // Wait for the table's temporary (not the start-up probe, which lives a moment only).
    const tableTemporary = () => temporaries(out).some((name) => name.startsWith(".refined.xlsx."));
    while (!tableTemporary() && performance.now() < deadline && run.exitCode === null) await Bun.sleep(2);
    if (run.exitCode !== null) throw new Error(`the run ended (exit ${run.exitCode}) before it could be killed: ${await new Response(run.stderr).text()}`);
    run.kill("SIGKILL");
    await run.exited;
    const left = temporaries(out);
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((name) => name.includes(`.${run.pid}-`))).toBe(true);
    expect(readFileSync(join(out, "refined.xlsx")).equals(previous)).toBe(true);

    // A dead run's contract-notice temporary in its own run folder, and a live run's temporary.
    const notices = join(out, "contract-notices", "old-run");
    mkdirSync(notices, { recursive: true });
    writeFileSync(join(notices, `.crm-duplicates.csv.${run.pid}-1-0badc0de.tmp`), "x");
    const live = Bun.spawn(["sleep", "30"]);
    const liveTemp = `.refined.xlsx.${live.pid}-${processStartTime(live.pid)}-feedf00d.tmp`;
    writeFileSync(join(out, liveTemp), "still being written");
    // This very process, but with another start time: a PID reused since its owner died.
    const reused = `.refined.xlsx.${process.pid}-1-0000beef.tmp`;
    writeFileSync(join(out, reused), "x");
    try {
      expect((await refine(ws, "--output-path", "out/refined.xlsx")).code).toBe(0);
      expect(temporaries(out)).toEqual([liveTemp]);
      expect(existsSync(notices)).toBe(false);
    } finally {
      live.kill();
    }
  }, 120_000);
});
