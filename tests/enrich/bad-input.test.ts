/**
 * Bad input: one clear line, the documented exit code, no stack trace, the input untouched and
 * no partial output left behind.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { refinedRow, workspace, writeRefined, type Workspace } from "./support.ts";

let ws: Workspace;
beforeEach(() => {
  ws = workspace();
});
afterEach(() => ws.cleanup());

function expectCleanFailure(result: { code: number; stderr: string }, code: number, message: string): void {
  expect(result.code).toBe(code);
  expect(result.stderr).toContain(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe("hotpass enrich with bad input", () => {
  test("a missing input is exit 2 naming the file", async () => {
    const result = await ws.run(["--input", "dist/missing.xlsx", "--output", "dist/out.xlsx"]);
    expectCleanFailure(result, 2, "cannot read dist/missing.xlsx: no such file");
    expect(existsSync(join(ws.dist, "out.xlsx"))).toBe(false);
  });

  test("a corrupt workbook is exit 2", async () => {
    writeFileSync(join(ws.dist, "broken.parquet"), "PAR1 this is not parquet");
    const result = await ws.run(["--input", "dist/broken.parquet", "--output", "dist/out.csv"]);
    expectCleanFailure(result, 2, "cannot read dist/broken.parquet as parquet");
  });

  test("a table that is not a refined output is exit 2 naming the missing columns", async () => {
    writeFileSync(join(ws.dist, "other.csv"), "organization_name,website,phone\nAlpha,,\n");
    const result = await ws.run(["--input", "dist/other.csv", "--output", "dist/out.csv"]);
    expectCleanFailure(result, 2, "dist/other.csv is not a refined output: missing 40 required columns: organization_slug, province,");
    expect(result.stderr).toContain("selection_provenance");
    expect(existsSync(join(ws.dist, "out.csv"))).toBe(false);
  });

  test("an output folder that does not exist, or is not writable, is exit 2 and the input is untouched", async () => {
    await writeRefined(join(ws.dist, "refined.csv"), [refinedRow("Alpha", { contact_primary_email: "a@alpha.co.za" })]);
    const before = readFileSync(join(ws.dist, "refined.csv"));
    const missing = await ws.run(["--input", "dist/refined.csv", "--output", "nowhere/out.csv"]);
    expectCleanFailure(missing, 2, "cannot write nowhere/out.csv");
    if (process.getuid?.() !== 0) {
      chmodSync(ws.dist, 0o555);
      try {
        const locked = await ws.run(["--input", "dist/refined.csv", "--output", "dist/out.csv"]);
        expectCleanFailure(locked, 2, "cannot write dist/out.csv");
      } finally {
        chmodSync(ws.dist, 0o755);
      }
    }
    expect(readFileSync(join(ws.dist, "refined.csv")).equals(before)).toBe(true);
  });

  test("--output equal to --input is refused: inputs are never modified", async () => {
    await writeRefined(join(ws.dist, "refined.csv"), [refinedRow("Alpha", { contact_primary_email: "a@alpha.co.za" })]);
    const before = readFileSync(join(ws.dist, "refined.csv"));
    const result = await ws.run(["--input", "dist/refined.csv", "--output", "./dist/refined.csv"]);
    expectCleanFailure(result, 2, "--output is the same file as --input");
    expect(readFileSync(join(ws.dist, "refined.csv")).equals(before)).toBe(true);
  });

  test("a bad threshold, a bad run id or a bad --allow-network value is exit 2", async () => {
    await writeRefined(join(ws.dist, "refined.csv"), [refinedRow("Alpha")]);
    const base = ["--input", "dist/refined.csv", "--output", "dist/out.csv"];
    expectCleanFailure(await ws.run([...base, "--confidence-threshold", "1.5"]), 2, "invalid --confidence-threshold '1.5': expected a number between 0 and 1");
    expectCleanFailure(await ws.run([...base, "--run-id", "run-1"]), 2, "--run-id must be a UUID");
    expectCleanFailure(await ws.run([...base, "--allow-network=maybe"]), 2, "expects true or false");
    expectCleanFailure(await ws.run([...base.slice(0, 2), "--output", "dist/out.txt"]), 2, "unsupported output format");
    // Nothing was written next to the input.
    expect(readdirSync(ws.dist).sort()).toEqual(["refined-metadata.json", "refined.csv"]);
  });

  test("a lookup table without a name column is exit 2 naming the columns it has", async () => {
    await writeRefined(join(ws.dist, "refined.csv"), [refinedRow("Alpha")]);
    writeFileSync(join(ws.dir, "lookup.csv"), "company_id,website\n1,https://a.example\n");
    const result = await ws.run(["--input", "dist/refined.csv", "--output", "dist/out.csv", "--lookup", "lookup.csv"]);
    expectCleanFailure(result, 2, "has no organisation name column");
    expect(result.stderr).toContain("found: company_id, website");
  });
});
