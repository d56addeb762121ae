/**
 * `hotpass explain-provenance`: every provenance value of one organisation, as text and JSON,
 * on an enriched output and on a plain refined one; an unknown slug is exit 2 with suggestions.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hotpass } from "../support/binary.ts";
import { refinedRow, workspace, writeRefined, type Workspace } from "./support.ts";

let ws: Workspace;
beforeAll(async () => {
  ws = workspace();
  mkdirSync(join(ws.dir, ".hotpass", "lookups"), { recursive: true });
  writeFileSync(join(ws.dir, ".hotpass", "lookups", "organizations.csv"), "name,province\nAlpha Aviation,Limpopo\n");
  await writeRefined(join(ws.dist, "refined.parquet"), [
    refinedRow("Alpha Aviation", { contact_primary_email: "ops@alpha-aviation.co.za" }),
    refinedRow("Beta Air"),
  ]);
  const result = await ws.run(["--input", "dist/refined.parquet", "--output", "dist/enriched.xlsx"]);
  if (result.code !== 0) throw new Error(result.stderr);
});
afterAll(() => ws.cleanup());

const explain = (args: string[]) => hotpass(["explain-provenance", ...args], { cwd: ws.dir, env: ws.env });

describe("hotpass explain-provenance", () => {
  test("--json lists refine's selection provenance and every enriched field", async () => {
    const result = await explain(["--dataset", "dist/enriched.xlsx", "--row-id", "alpha-aviation", "--json"]);
    expect(result.code).toBe(0);
    const e = JSON.parse(result.stdout);
    expect(e.organization_name).toBe("Alpha Aviation");
    expect(e.selection_provenance.organization_name.source_dataset).toBe("SACAA Cleaned");
    const byField = Object.fromEntries(e.enrichment.map((entry: { field: string }) => [entry.field, entry]));
    expect(Object.keys(byField).sort()).toEqual(["province", "website"]);
    expect(byField.province).toMatchObject({ value: "Limpopo", source: "lookup:organizations.csv", confidence: 0.95, strategy: "exact_name", network_status: "disabled" });
    expect(byField.website).toMatchObject({ value: "https://alpha-aviation.co.za", source: "derived:contact_primary_email", confidence: 0.9, strategy: "email_domain" });
    expect(Date.parse(byField.website.timestamp)).not.toBeNaN();
  });

  test("text output names each field with its source, confidence, strategy, time and network status", async () => {
    const result = await explain(["--dataset", "dist/enriched.xlsx", "--row-id", "alpha-aviation"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Alpha Aviation (alpha-aviation)");
    expect(result.stdout).toContain("refine: selection provenance");
    expect(result.stdout).toContain("source_dataset=SACAA Cleaned");
    expect(result.stdout).toMatch(/province = Limpopo\n\s+source lookup:organizations\.csv; confidence 0\.95; strategy exact_name\n\s+at \S+; network disabled/);
  });

  test("a refined output that was never enriched shows refine's provenance and no enrichment", async () => {
    const result = await explain(["--dataset", "dist/refined.parquet", "--row-id", "beta-air", "--json"]);
    expect(result.code).toBe(0);
    const e = JSON.parse(result.stdout);
    expect(e.enrichment).toEqual([]);
    expect(e.selection_provenance.organization_name.value).toBe("Beta Air");
  });

  test("an unknown slug is exit 2 with close slugs suggested", async () => {
    const result = await explain(["--dataset", "dist/enriched.xlsx", "--row-id", "alpha-aviaton"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("no organisation with organization_slug 'alpha-aviaton'");
    expect(result.stderr).toContain("did you mean: alpha-aviation?");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test("a missing dataset is exit 2 naming it", async () => {
    const result = await explain(["--dataset", "dist/nope.csv", "--row-id", "x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot read dist/nope.csv: no such file");
  });
});
