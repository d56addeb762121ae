/**
 * Resources through `dist/hotpass mcp`: the templates, the list (each run's report and output
 * under the roots, the bundled profiles), and reading them back byte for byte; a run outside the
 * roots is never listed, and an unknown URI is the protocol's resource-not-found error.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { hotpass, tempDir } from "../support/binary.ts";
import { connect, isolatedEnv, type Session } from "./support.ts";

let work: { path: string; cleanup: () => void };
let root: string;
let s: Session;
let csvRun: string;
let xlsxRun: string;
let outsideRun: string;

/** The one content of a resource, text or blob. */
async function read(uri: string): Promise<{ mimeType?: string; text?: string; blob?: string }> {
  return (await s.client.readResource({ uri })).contents[0]! as { mimeType?: string; text?: string; blob?: string };
}

beforeAll(async () => {
  work = tempDir("hotpass-mcp-resources-");
  root = join(work.path, "root");
  await generateAviationWorkbooks({ orgs: 40, out: join(root, "data"), seed: 9 });
  const env = isolatedEnv(work.path);
  const refine = async (output: string) => {
    const result = await hotpass(["refine", "--profile", "aviation", "--input-dir", join(root, "data"), "--output-path", output], { cwd: work.path, env });
    expect(result.code).toBe(0);
    return JSON.parse(readFileSync(output.replace(/\.\w+$/, "-quality-report.json"), "utf8")).run_id as string;
  };
  csvRun = await refine(join(root, "dist", "refined.csv"));
  xlsxRun = await refine(join(root, "dist", "xlsx", "refined.xlsx"));
  outsideRun = await refine(join(work.path, "elsewhere", "refined.csv"));
  s = await connect(["--root", root], { cwd: work.path, env });
});
afterAll(async () => {
  await s?.close();
  work.cleanup();
});

describe("resources", () => {
  test("templates name the run report, the run output and the bundled profiles", async () => {
    const { resourceTemplates } = await s.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual(["hotpass://profiles/{name}", "hotpass://runs/{run_id}/output", "hotpass://runs/{run_id}/report"]);
  });

  test("the list holds each run's report and output under the roots and the bundled profiles, and nothing from outside", async () => {
    const uris = (await s.client.listResources()).resources.map((r) => r.uri);
    for (const run of [csvRun, xlsxRun]) {
      expect(uris).toContain(`hotpass://runs/${run}/report`);
      expect(uris).toContain(`hotpass://runs/${run}/output`);
    }
    expect(uris).toContain("hotpass://profiles/aviation");
    expect(uris.some((uri) => uri.includes(outsideRun))).toBe(false);
  });

  test("reads a report as JSON text, a CSV as text and a workbook as a base64 blob, all as on disk", async () => {
    const report = await read(`hotpass://runs/${csvRun}/report`);
    expect(report.mimeType).toBe("application/json");
    expect(report.text).toBe(readFileSync(join(root, "dist", "refined-quality-report.json"), "utf8"));
    const csv = await read(`hotpass://runs/${csvRun}/output`);
    expect(csv).toMatchObject({ mimeType: "text/csv", text: readFileSync(join(root, "dist", "refined.csv"), "utf8") });
    const xlsx = await read(`hotpass://runs/${xlsxRun}/output`);
    expect(Buffer.from(String(xlsx.blob), "base64").equals(readFileSync(join(root, "dist", "xlsx", "refined.xlsx")))).toBe(true);
    const profile = await read("hotpass://profiles/aviation");
    expect(String(profile.text)).toContain("name: aviation");
  });

  test("an unknown run, a run outside the roots and a malformed URI are resource-not-found errors", async () => {
    for (const uri of ["hotpass://runs/nope/report", `hotpass://runs/${outsideRun}/report`, "hotpass://etc/passwd", "file:///etc/passwd"]) {
      const error = await s.client.readResource({ uri }).then(() => undefined, (e: { code?: number; message: string }) => e);
      expect(error?.code).toBe(-32002);
      expect(error?.message).toBe(`MCP error -32002: ${error?.message.replace(/^MCP error -32002: /, "")}`); // one prefix, from the client
    }
  });
});
