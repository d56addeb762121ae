/**
 * File-system errors through the binary: each is one line naming the path and what to do, exit 2
 * for what the user must fix (input folder, input file, output folder), exit 1 for a full disk
 * while writing (nothing about the command is wrong), with the previous output intact.
 *
 * Permission errors cannot be provoked as root, so as root the binary runs as `nobody` (setpriv).
 * The full disk is real: a 1 MiB tmpfs (mount needs root; without it that test is skipped, and
 * says so). A read-only file system is a tmpfs mounted read-only.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { BINARY, hotpass, tempDir, type RunResult } from "../support/binary.ts";
import { runBounded } from "../support/bounded.ts";
import { writeXlsx } from "../support/workbooks.ts";

const root = tempDir("hotpass-fs-errors-");
chmodSync(root.path, 0o755);
const mounts: string[] = [];
afterAll(() => {
  for (const mount of mounts) spawnSync("umount", ["-l", mount]);
  root.cleanup();
});
const isRoot = process.getuid?.() === 0;
let counter = 0;

function workspace(): { dir: string; env: Record<string, string> } {
  const dir = join(root.path, `case-${++counter}`);
  mkdirSync(join(dir, "in"), { recursive: true });
  mkdirSync(join(dir, "home"));
  writeXlsx(join(dir, "in"), "book.xlsx", [{ name: "Sheet1", rows: [["Company"], ["Alpha Aero"]] }]);
  chmodSync(dir, 0o777);
  chmodSync(join(dir, "home"), 0o777);
  const home = join(dir, "home");
  return { dir, env: { HOME: home, XDG_STATE_HOME: home, XDG_CONFIG_HOME: home, HOTPASS_CONFIG_DIR: home, HOTPASS_DISABLE_LINEAGE: "1" } };
}

/** refine as a user without special rights (as root: `nobody`, through setpriv). */
async function refineUnprivileged(ws: { dir: string; env: Record<string, string> }, ...args: string[]): Promise<RunResult> {
  const command = [BINARY, "refine", "--input-dir", "in", "--output-path", "out/refined.xlsx", "--profile", "generic", ...args];
  const prefix = isRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
  const run = () => runBounded([...prefix, ...command], { cwd: ws.dir, env: ws.env, ceilingMiB: 512, timeoutMs: 30_000 });
  const result = await run();
  // Once in a full CI run the unprivileged child died of a SIGKILL that neither it nor the
  // bound sent, 16 ms after it started; such a run says nothing about the error under test, so
  // it is run once more (a kill by the bound, or any exit code, is taken as it is).
  return result.code === 137 && !result.killed ? run() : result;
}

async function refine(ws: { dir: string; env: Record<string, string> }, ...args: string[]): Promise<RunResult> {
  return hotpass(["refine", "--input-dir", "in", "--output-path", "out/refined.xlsx", "--profile", "generic", ...args], { cwd: ws.dir, env: ws.env });
}

function oneError(result: RunResult, code: number): string {
  expect(result.code).toBe(code);
  const errors = result.stderr.split("\n").filter((line) => line.startsWith("hotpass: error:"));
  expect(errors).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toContain("--debug to see where");
  return errors[0]!;
}

function mountTmpfs(dir: string, options: string): boolean {
  mkdirSync(dir, { recursive: true });
  const done = spawnSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir]).status === 0;
  if (done) mounts.push(dir);
  return done;
}

describe("inputs the user must fix: exit 2, naming the path", () => {
  test("an input folder that cannot be read (EACCES)", async () => {
    const ws = workspace();
    chmodSync(join(ws.dir, "in"), 0o000);
    try {
      const line = oneError(await refineUnprivileged(ws), 2);
      expect(line).toMatch(/cannot (list|open) the input folder .*\/in: permission denied \(EACCES\)/);
    } finally {
      chmodSync(join(ws.dir, "in"), 0o755);
    }
  });

  test("an input file that cannot be read (EACCES)", async () => {
    const ws = workspace();
    chmodSync(join(ws.dir, "in"), 0o755);
    chmodSync(join(ws.dir, "in", "book.xlsx"), 0o000);
    const line = oneError(await refineUnprivileged(ws), 2);
    expect(line).toMatch(/in\/book\.xlsx.*permission denied/);
  });

  test("a symbolic link that loops (ELOOP)", async () => {
    const ws = workspace();
    symlinkSync("loop.xlsx", join(ws.dir, "in", "loop.xlsx"));
    const line = oneError(await refine(ws), 2);
    expect(line).toMatch(/in\/loop\.xlsx: cannot read it: a loop of symbolic links \(ELOOP\)/);
  });

  test("a symbolic link to nothing", async () => {
    const ws = workspace();
    symlinkSync("gone.xlsx", join(ws.dir, "in", "dangling.xlsx"));
    const result = await refine(ws);
    expect(oneError(result, 2)).toMatch(/in\/dangling\.xlsx: cannot read it: no such file or folder \(ENOENT\)/);
    expect(result.stderr).toContain("points at nothing");
  });

  test("a pipe named like a workbook is not read (it would block the run)", async () => {
    const ws = workspace();
    spawnSync("mkfifo", [join(ws.dir, "in", "fifo.csv")]);
    const result = await runBounded([BINARY, "refine", "--input-dir", "in", "--output-path", "out/refined.xlsx", "--profile", "generic"], { cwd: ws.dir, env: ws.env, timeoutMs: 20_000 });
    expect(result.killed).toBeUndefined();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("ignored 1 file(s) that are not workbooks: fifo.csv");
  });
});

describe("outputs", () => {
  test("an output folder under a file (ENOTDIR) is exit 2 before any work", async () => {
    const ws = workspace();
    writeFileSync(join(ws.dir, "file.txt"), "x");
    expect(oneError(await refine(ws, "--output-path", "file.txt/refined.xlsx"), 2)).toMatch(/cannot write to the output folder .*file\.txt: (a file stands where a folder should be \(EEXIST\)|a part of the path is a file, not a folder \(ENOTDIR\))/);
  });

  test("an output folder without write permission (EACCES) is exit 2", async () => {
    const ws = workspace();
    mkdirSync(join(ws.dir, "locked"), { mode: 0o555 });
    chmodSync(join(ws.dir, "in"), 0o755);
    const line = oneError(await refineUnprivileged(ws, "--output-path", "locked/refined.xlsx"), 2);
    expect(line).toMatch(/cannot write to the output folder .*locked: permission denied \(EACCES\)/);
  });

  test.skipIf(!isRoot)("a read-only file system (EROFS) is exit 2", async () => {
    const ws = workspace();
    const ro = join(ws.dir, "ro");
    expect(mountTmpfs(ro, "ro,size=64k")).toBe(true);
    const result = await refine(ws, "--output-path", "ro/refined.xlsx");
    expect(oneError(result, 2)).toMatch(/cannot write to the output folder .*ro: the file system is read-only \(EROFS\)/);
    expect(result.stderr).toContain("writable file system");
  });

  test.skipIf(!isRoot)("a full disk while writing (ENOSPC) is exit 1 naming the file; the previous output is intact and no temporary is left", async () => {
    const ws = workspace();
    const disk = join(ws.dir, "disk");
    expect(mountTmpfs(disk, "size=1m")).toBe(true);
    expect((await refine(ws, "--output-path", "disk/refined.xlsx")).code).toBe(0);
    const previous = readFileSync(join(disk, "refined.xlsx"));
    // A larger input whose table no longer fits once the disk is nearly full.
    const big = join(ws.dir, "big");
    await generateAviationWorkbooks({ orgs: 3_000, out: big });
    writeFileSync(join(disk, "filler"), new Uint8Array(1024 * 1024 - previous.length * 3 - 64 * 1024));
    const result = await hotpass(["refine", "--input-dir", big, "--output-path", "disk/refined.xlsx", "--profile", "aviation"], { cwd: ws.dir, env: ws.env });
    const line = oneError(result, 1);
    expect(line).toMatch(/writing .*disk\/refined(\.xlsx|-quality-report\.json) failed: no space left on the device \(ENOSPC\); the previous output files are untouched/);
    expect(result.stderr).toContain("df -h");
    expect(readFileSync(join(disk, "refined.xlsx")).equals(previous)).toBe(true);
    // No temporary and no folder made for the failed run's contract notices.
    expect(readdirSync(disk).sort()).toEqual(["filler", "refined-quality-report.json", "refined.xlsx"]);
  }, 120_000);
});

test("the cases above leave the inputs where they were", () => {
  expect(existsSync(join(root.path, "case-1", "in", "book.xlsx"))).toBe(true);
});
