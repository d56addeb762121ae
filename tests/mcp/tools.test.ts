/**
 * The read tools through `dist/hotpass mcp --role observer`, over outputs a CLI refine wrote:
 * each answers good arguments with structured content that matches its output schema (checked by
 * the session helper) and refuses bad ones — schema violations, unknown runs, paths outside the
 * roots, symbolic links out — with one clear message, as a tool result.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as XLSX from "xlsx";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { hotpass, tempDir } from "../support/binary.ts";
import { connect, isolatedEnv, textOf, type Session } from "./support.ts";

let work: { path: string; cleanup: () => void };
let outside: { path: string; cleanup: () => void };
let root: string;
let s: Session;
let report: { run_id: string; total_records: number };
let slug: string;

beforeAll(async () => {
  work = tempDir("hotpass-mcp-tools-");
  outside = tempDir("hotpass-mcp-outside-");
  root = join(work.path, "root");
  await generateAviationWorkbooks({ orgs: 80, out: join(root, "data"), seed: 3 });
  const env = isolatedEnv(work.path);
  const refined = await hotpass(["refine", "--profile", "aviation", "--input-dir", "data", "--output-path", "dist/refined.csv", "--observability"], { cwd: root, env });
  expect(refined.code).toBe(0);
  report = JSON.parse(readFileSync(join(root, "dist/refined-quality-report.json"), "utf8"));
  const book = XLSX.read(readFileSync(join(root, "dist/refined.csv"), "utf8"), { type: "string" });
  slug = String(XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets[book.SheetNames[0]!]!)[0]!.organization_slug);
  writeFileSync(join(outside.path, "secret.csv"), "organization_slug,organization_name\nsecret,Secret\n");
  symlinkSync(join(outside.path, "secret.csv"), join(root, "link-out.csv"));
  mkdirSync(join(root, "profiles"));
  writeFileSync(join(root, "profiles", "broken.yaml"), "name: broken\nfuzzy_threshold: high\n");
  s = await connect(["--root", root, "--profile-search-path", join(root, "profiles")], { cwd: work.path, env });
});
afterAll(async () => {
  await s?.close();
  work.cleanup();
  outside.cleanup();
});

function expectRefusal(result: Awaited<ReturnType<Session["call"]>>, message: string): void {
  expect(result.isError).toBe(true);
  expect(result.structuredContent).toBeUndefined();
  expect(textOf(result)).toMatch(/^hotpass: error: /);
  expect(textOf(result)).toContain(message);
  expect(textOf(result)).not.toMatch(/\n\s+at /); // never a stack trace
}

describe("hotpass_list_runs", () => {
  test("lists the refine run under the root", async () => {
    const result = await s.call("hotpass_list_runs");
    const runs = (result.structuredContent as { runs: { run_id: string; kind: string; records: number }[] }).runs;
    expect(runs).toContainEqual(expect.objectContaining({ run_id: report.run_id, kind: "refine", records: report.total_records }));
    expect(textOf(result)).toContain(report.run_id);
  });

  test("refuses a limit of 0 and an unknown kind", async () => {
    expectRefusal(await s.call("hotpass_list_runs", { limit: 0 }), "invalid arguments for hotpass_list_runs: limit:");
    expectRefusal(await s.call("hotpass_list_runs", { kind: "export" }), "kind:");
  });
});

describe("hotpass_quality_report", () => {
  test("summarises a run by id or by report path", async () => {
    for (const args of [{ run_id: report.run_id }, { report_path: "dist/refined-quality-report.json" }]) {
      const result = await s.call("hotpass_quality_report", args);
      expect(result.structuredContent).toMatchObject({ run_id: report.run_id, total_records: report.total_records, profile: "aviation" });
      expect(textOf(result)).toContain(`${report.total_records} records`);
    }
  });

  test("an unknown run names what exists", async () => {
    expectRefusal(await s.call("hotpass_quality_report", { run_id: "no-such-run" }), `unknown run 'no-such-run'`);
    expect(textOf(await s.call("hotpass_quality_report", { run_id: "no-such-run" }))).toContain(`hotpass: hint: recent runs: ${report.run_id}`);
  });

  test("refuses paths outside the roots, through a symbolic link too, and a file that is not a report", async () => {
    expectRefusal(await s.call("hotpass_quality_report", { report_path: "/etc/passwd" }), "report_path '/etc/passwd' is outside the folders this server may use");
    expectRefusal(await s.call("hotpass_quality_report", { report_path: "../../etc/passwd" }), "is outside the folders");
    expectRefusal(await s.call("hotpass_quality_report", { report_path: "link-out.csv" }), "through a symbolic link");
    expectRefusal(await s.call("hotpass_quality_report", { report_path: "data" }), "cannot read the quality report");
    expectRefusal(await s.call("hotpass_quality_report", {}), "give exactly one of run_id and report_path");
  });
});

describe("hotpass_explain_provenance", () => {
  test("explains one organisation of the refined table", async () => {
    const result = await s.call("hotpass_explain_provenance", { dataset: "dist/refined.csv", organization_slug: slug });
    expect(result.structuredContent).toMatchObject({ organization_slug: slug, dataset: join(root, "dist/refined.csv") });
    expect(textOf(result)).toContain("refine: selection provenance");
  });

  test("an unknown slug answers with close matches", async () => {
    const result = await s.call("hotpass_explain_provenance", { dataset: "dist/refined.csv", organization_slug: `${slug}x` });
    expectRefusal(result, `no organisation with organization_slug '${slug}x'`);
    expect(textOf(result)).toContain(`hotpass: hint: did you mean: ${slug}`);
  });

  test("a table rewritten since the last call is read again (the server's cache follows the file)", async () => {
    const table = join(root, "small.csv");
    writeFileSync(table, "organization_slug,organization_name\nacme,Acme Before\n");
    const before = await s.call("hotpass_explain_provenance", { dataset: "small.csv", organization_slug: "acme" });
    expect(before.structuredContent).toMatchObject({ organization_name: "Acme Before" });
    writeFileSync(table, "organization_slug,organization_name\nacme,Acme After!\n");
    utimesSync(table, new Date(), new Date(Date.now() + 5_000));
    const after = await s.call("hotpass_explain_provenance", { dataset: "small.csv", organization_slug: "acme" });
    expect(after.structuredContent).toMatchObject({ organization_name: "Acme After!" });
  });

  test("refuses a missing argument, a dataset outside the roots and a symbolic link out", async () => {
    expectRefusal(await s.call("hotpass_explain_provenance", { dataset: "dist/refined.csv" }), "organization_slug:");
    expectRefusal(await s.call("hotpass_explain_provenance", { dataset: join(outside.path, "secret.csv"), organization_slug: "secret" }), "is outside the folders");
    const linked = await s.call("hotpass_explain_provenance", { dataset: "link-out.csv", organization_slug: "secret" });
    expectRefusal(linked, `it resolves to ${join(outside.path, "secret.csv")} through a symbolic link`);
    expect(textOf(linked)).not.toContain("Secret");
  });
});

describe("hotpass_lineage_show and hotpass_lineage_graph (the local event log)", () => {
  test("show lists the recent runs, then one run in detail", async () => {
    const listed = await s.call("hotpass_lineage_show");
    const runs = (listed.structuredContent as { runs: { job: string; state: string }[] }).runs;
    expect(runs[0]).toMatchObject({ job: "hotpass.pipeline.aviation", state: "COMPLETED" });
    const shown = await s.call("hotpass_lineage_show", { run_id: report.run_id });
    expect(shown.structuredContent).toMatchObject({ run: { state: "COMPLETED", job: "hotpass.pipeline.aviation" } });
  });

  test("graph shows what the refined table was made from", async () => {
    const result = await s.call("hotpass_lineage_graph", { path: "dist/refined.csv" });
    const graph = result.structuredContent as { node: string; upstream: { from: string }[] };
    expect(graph.node).toContain(join(root, "dist/refined.csv"));
    expect(graph.upstream.some((edge) => edge.from.startsWith("job:"))).toBe(true);
  });

  test("refuses an unknown run, an unknown dataset, a malformed node id and a path outside", async () => {
    expectRefusal(await s.call("hotpass_lineage_show", { run_id: "6b0f3c1e-0000-4000-8000-000000000000" }), "unknown run");
    expectRefusal(await s.call("hotpass_lineage_graph", { path: "dist/never-written.csv" }), "no dataset");
    expectRefusal(await s.call("hotpass_lineage_graph", { node_id: "refined.csv" }), "expected dataset:<namespace>:<name>");
    expectRefusal(await s.call("hotpass_lineage_graph", { path: "/etc/hosts" }), "is outside the folders");
  });
});

describe("hotpass_list_profiles and hotpass_validate_profile", () => {
  test("lists the bundled profiles and the invalid one found on the search path, with its problem", async () => {
    const result = await s.call("hotpass_list_profiles");
    const { profiles } = result.structuredContent as { profiles: { name: string; display_name?: string; problem?: string }[] };
    expect(profiles).toContainEqual(expect.objectContaining({ name: "aviation", origin: "bundled:aviation", display_name: expect.any(String) }));
    expect(profiles).toContainEqual(expect.objectContaining({ name: "broken", problem: expect.stringContaining("fuzzy_threshold") }));
  });

  test("validates a name and a file; an invalid file answers valid: false with the key path", async () => {
    expect((await s.call("hotpass_validate_profile", { profile: "aviation" })).structuredContent).toMatchObject({ valid: true, profile: { name: "aviation" } });
    const broken = await s.call("hotpass_validate_profile", { profile: "profiles/broken.yaml" });
    expect(broken.isError).toBeFalsy();
    expect(broken.structuredContent).toMatchObject({ valid: false, origin: join(root, "profiles", "broken.yaml") });
    expect((broken.structuredContent as { problems: string[] }).problems.join("\n")).toContain("fuzzy_threshold");
  });

  test("refuses a profile file outside the roots or missing", async () => {
    expectRefusal(await s.call("hotpass_validate_profile", { profile: "/etc/passwd.yaml" }), "is outside the folders");
    expectRefusal(await s.call("hotpass_validate_profile", { profile: "profiles/none.yaml" }), "no such file or folder");
    expectRefusal(await s.call("hotpass_validate_profile", { profile: 7 }), "profile:");
  });
});

describe("hotpass_doctor", () => {
  test("checks a refine of the root's data: profile, input and output pass; a missing input fails as a check, not an error", async () => {
    const good = await s.call("hotpass_doctor", { input_dir: "data", output_path: "dist/refined.csv", profile: "aviation" });
    const checks = (good.structuredContent as { checks: { name: string; status: string }[] }).checks;
    expect(checks.find((c) => c.name === "profile")?.status).toBe("pass");
    expect(checks.find((c) => c.name === "input")?.status).toBe("pass");
    expect(textOf(good)).toMatch(/\d+ passed, \d+ warnings, \d+ failed$/);
    const missing = await s.call("hotpass_doctor", { input_dir: "no-data", output_path: "dist/refined.csv" });
    expect(missing.isError).toBeFalsy();
    expect((missing.structuredContent as { failed: number }).failed).toBeGreaterThan(0);
  });

  test("refuses folders outside the roots and arguments it does not take", async () => {
    expectRefusal(await s.call("hotpass_doctor", { input_dir: "/etc" }), "input_dir '/etc' is outside the folders");
    expectRefusal(await s.call("hotpass_doctor", { bastion: "example.org" }), "invalid arguments for hotpass_doctor");
  });
});

describe("hotpass_net_status", () => {
  test("no tunnels", async () => {
    const result = await s.call("hotpass_net_status");
    expect(result.structuredContent).toMatchObject({ tunnels: [] });
    expect(textOf(result)).toBe("no tunnels");
  });

  test("refuses arguments it does not take", async () => {
    expectRefusal(await s.call("hotpass_net_status", { prune: true }), "invalid arguments for hotpass_net_status");
  });
});
