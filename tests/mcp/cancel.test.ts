/**
 * `notifications/cancelled` during a refine through `dist/hotpass mcp`: the run stops, no output
 * or temporary file is left, the Marquez-like server receives the run's FAIL, and the server goes
 * on answering. SIGTERM to the server during a refine does the same, then the server exits.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { tempDir } from "../support/binary.ts";
import { startMarquez, type MarquezServer } from "../support/marquez.ts";
import { connect, isolatedEnv, type Session } from "./support.ts";

let work: { path: string; cleanup: () => void } | undefined;
let marquez: MarquezServer | undefined;
let s: Session | undefined;

/** A refine that takes a few seconds, a Marquez-like server, and an operator session. */
async function setUp(): Promise<{ s: Session; marquez: MarquezServer; dir: string }> {
  work = tempDir("hotpass-mcp-cancel-");
  await generateAviationWorkbooks({ orgs: 20_000, out: join(work.path, "data"), seed: 13 });
  marquez = await startMarquez();
  s = await connect(["--role", "operator", "--lineage-url", marquez.url], { cwd: work.path, env: isolatedEnv(work.path) });
  return { s, marquez, dir: work.path };
}
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterEach(async () => {
  await s?.close();
  await marquez?.stop();
  work?.cleanup();
});

describe("cancelling a refine", () => {
  test("stops the run: no output, no temporary file, lineage FAIL, and the server still answers", async () => {
    const { s, marquez, dir } = await setUp();
    const controller = new AbortController();
    const call = s.call(
      "hotpass_refine",
      { input_dir: "data", output_path: "out/refined.xlsx", profile: "aviation" },
      { signal: controller.signal, onprogress: (p) => (p.message?.startsWith("read 1 of") ? controller.abort("the agent changed its mind") : undefined) },
    );
    await expect(call).rejects.toThrow();
    let fail: unknown;
    for (let i = 0; i < 300 && !fail; i++) {
      fail = marquez.events.map((e) => e.event as { eventType: string }).find((e) => e.eventType === "FAIL");
      if (!fail) await Bun.sleep(100);
    }
    expect(fail).toBeDefined();
    expect(marquez.problems).toEqual([]);
    const out = join(dir, "out");
    expect(existsSync(join(out, "refined.xlsx"))).toBe(false);
    expect(existsSync(out) ? readdirSync(out).filter((name) => name.endsWith(".tmp")) : []).toEqual([]);
    const after = await s.call("hotpass_list_runs");
    expect(after.isError).toBeFalsy();
    // The run is listed as failed, from its lineage FAIL: it wrote no report.
    const runs = (after.structuredContent as { runs: { status: string; report_path: string | null; problem: string | null }[] }).runs;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "failed", report_path: null });
    expect(runs[0]!.problem).toContain("the agent changed its mind"); // the reason the client gave
  }, 120_000);

  test("SIGTERM to the server stops a running refine the same way, then the server exits", async () => {
    const { s, marquez, dir } = await setUp();
    const pid = (s.client.transport as { pid?: number | null } | undefined)?.pid;
    expect(typeof pid).toBe("number");
    let reading: () => void;
    const started = new Promise<void>((resolve) => (reading = resolve));
    const call = s.call("hotpass_refine", { input_dir: "data", output_path: "out/refined.xlsx", profile: "aviation" }, { onprogress: () => reading() });
    await started;
    process.kill(pid!, "SIGTERM");
    await expect(call).rejects.toThrow();
    for (let i = 0; i < 300 && isAlive(pid!); i++) await Bun.sleep(100);
    expect(isAlive(pid!)).toBe(false);
    const events = marquez.events.map((e) => e.event as { eventType: string });
    expect(events.map((e) => e.eventType)).toEqual(["START", "FAIL"]);
    const out = join(dir, "out");
    expect(existsSync(join(out, "refined.xlsx"))).toBe(false);
    expect(existsSync(out) ? readdirSync(out).filter((name) => name.endsWith(".tmp")) : []).toEqual([]);
  }, 120_000);
});
