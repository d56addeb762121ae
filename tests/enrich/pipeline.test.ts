/**
 * The whole path a user takes: `hotpass refine` on generated aviation workbooks, then the seed's
 * `hotpass enrich` line on its output, then `explain-provenance`; and the OpenLineage events of
 * an enrich run through the file transport.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { SSOT_COLUMNS } from "../../src/pipeline/types.ts";
import { hotpass } from "../support/binary.ts";
import { pairs, readRows, workspace, type Workspace } from "./support.ts";

let ws: Workspace;
beforeAll(async () => {
  ws = workspace();
  await generateAviationWorkbooks({ orgs: 40, out: join(ws.dir, "data"), seed: 5 });
  const refined = await hotpass(["refine", "--profile", "aviation", "--input-dir", "data", "--output-path", "dist/refined.xlsx"], {
    cwd: ws.dir,
    env: ws.env,
  });
  if (refined.code !== 0) throw new Error(`refine failed: ${refined.stderr}`);
});
afterAll(() => ws.cleanup());

describe("refine -> enrich -> explain-provenance", () => {
  test("enrich fills gaps in a real refined workbook and explain-provenance shows both stages", async () => {
    const input = await readRows(join(ws.dist, "refined.xlsx"));
    const result = await ws.run(["--profile", "aviation", "--allow-network=false", "--input", "dist/refined.xlsx", "--output", "dist/enriched.xlsx"]);
    expect(result.code).toBe(0);
    const output = await readRows(join(ws.dist, "enriched.xlsx"));
    expect(output.columns.slice(0, SSOT_COLUMNS.length)).toEqual([...SSOT_COLUMNS]);
    expect(output.rows.map((r) => r.organization_slug)).toEqual(input.rows.map((r) => r.organization_slug));
    // Nothing present was changed; something empty was filled.
    let filled = 0;
    output.rows.forEach((row, i) => {
      for (const column of SSOT_COLUMNS) {
        const before = input.rows[i]![column];
        if (before !== null) expect(row[column]).toEqual(before);
        else if (row[column] !== null) filled++;
      }
    });
    expect(filled).toBeGreaterThan(0);

    const enriched = output.rows.find((row) => row.provenance_source !== null)!;
    const explained = await hotpass(["explain-provenance", "--dataset", "dist/enriched.xlsx", "--row-id", String(enriched.organization_slug), "--json"], {
      cwd: ws.dir,
      env: ws.env,
    });
    expect(explained.code).toBe(0);
    const e = JSON.parse(explained.stdout);
    expect(typeof e.selection_provenance).toBe("object");
    expect(e.selection_provenance).not.toBeNull();
    expect(e.enrichment.map((entry: { field: string }) => entry.field)).toEqual(Object.keys(pairs(enriched.provenance_source)));
  });

  test("lineage: START and COMPLETE for job hotpass.enrich.aviation with the run id given", async () => {
    const runId = "4d2f8a4e-9b7c-4e1a-8f3d-2c6b5a4e3f21";
    const file = join(ws.dir, "lineage.jsonl");
    const result = await ws.run(
      ["--profile", "aviation", "--input", "dist/refined.xlsx", "--output", "dist/enriched-2.csv", "--observability", "--lineage-file", file, "--run-id", runId],
      { HOTPASS_DISABLE_LINEAGE: undefined },
    );
    expect(result.code).toBe(0);
    const events = readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(events.map((event) => event.eventType)).toEqual(["START", "COMPLETE"]);
    for (const event of events) {
      expect(event.job.name).toBe("hotpass.enrich.aviation");
      expect(event.run.runId).toBe(runId);
    }
    expect(events[1].outputs.map((o: { name: string }) => o.name).join()).toContain("enriched-2.csv");
  });
});
