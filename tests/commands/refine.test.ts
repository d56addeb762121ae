/**
 * `hotpass refine` through the compiled binary, on generated aviation workbooks and small CSVs:
 * what a user sees (exit codes, messages, files) and what the outputs hold.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { parquetReadObjects } from "hyparquet";
import * as XLSX from "xlsx";
import { generateAviationWorkbooks, type GenerateResult } from "../../bench/generate.ts";
import { SSOT_COLUMNS } from "../../src/pipeline/types.ts";
import { hotpass, tempDir } from "../support/binary.ts";

let work: { path: string; cleanup: () => void };
let data: string;
let generated: GenerateResult;
let env: Record<string, string>;

beforeAll(async () => {
  work = tempDir("hotpass-refine-");
  data = join(work.path, "data");
  generated = await generateAviationWorkbooks({ orgs: 120, out: data, seed: 11 });
  env = { HOME: work.path, HOTPASS_CONFIG_DIR: join(work.path, "config"), XDG_CONFIG_HOME: join(work.path, "xdg"), XDG_STATE_HOME: join(work.path, "xdg-state") };
});
afterAll(() => work.cleanup());

const run = (args: string[]) => hotpass(["refine", ...args], { env, cwd: work.path });

function csvFolder(name: string, text: string): string {
  const dir = join(work.path, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "orgs.csv"), text);
  return dir;
}

describe("refine on the aviation workbooks", () => {
  const out = () => join(work.path, "out-xlsx");
  let result: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    result = await run(["--profile", "aviation", "--input-dir", data, "--output-path", join(out(), "refined.xlsx"), "--run-id", "run-xlsx"]);
  });

  test("exits 0, prints the stages and a summary on stderr, nothing on stdout", () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("loaded ");
    expect(result.stderr).toContain("aggregated ");
    expect(result.stderr).toMatch(/refined \d+ organisations into .*refined\.xlsx/);
    expect(result.stderr).not.toContain("\r"); // a pipe gets plain lines, nothing redrawn
  });

  test("the workbook has both sheets, the 42 columns in order, one row per organisation", () => {
    const book = XLSX.read(readFileSync(join(out(), "refined.xlsx")));
    expect(book.SheetNames).toEqual(["Refined Data", "Quality Summary"]);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets["Refined Data"]!, { defval: null });
    expect(Object.keys(rows[0]!)).toEqual([...SSOT_COLUMNS]);
    const slugs = rows.map((row) => row.organization_slug);
    expect(new Set(slugs).size).toBe(rows.length);
    const names = rows.map((row) => String(row.organization_name).toLowerCase());
    expect(names).toEqual([...names].sort());
    for (const row of rows) {
      if (row.contact_primary_phone !== null) expect(String(row.contact_primary_phone)).toMatch(/^\+27\d{9}$/);
      if (row.last_interaction_date !== null) expect(String(row.last_interaction_date)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  test("an organisation present in all three sources takes SACAA's values and names every contributing row", () => {
    const book = XLSX.read(readFileSync(join(out(), "refined.xlsx")));
    const rows = XLSX.utils.sheet_to_json<Record<string, string | number | null>>(book.Sheets["Refined Data"]!, { defval: null });
    const inAll = rows.filter((row) => String(row.source_datasets) === "Contact Database; Reachout Database; SACAA Cleaned");
    expect(inAll.length).toBeGreaterThan(0);
    for (const row of inAll) {
      const ids = String(row.source_record_ids).split("; ");
      expect(ids.some((id) => id.startsWith("contact:"))).toBe(true);
      expect(ids.some((id) => id.startsWith("reachout:"))).toBe(true);
      expect(ids.some((id) => id.startsWith("sacaa:"))).toBe(true);
      const provenance = JSON.parse(String(row.selection_provenance));
      expect(provenance.organization_name.source_dataset).toBe("SACAA Cleaned");
      expect(provenance.organization_name.source_priority).toBe(3);
      const contributors = [provenance.organization_name.source_record_id, ...provenance.organization_name.other_contributors.map((c: { source_record_id: string }) => c.source_record_id)];
      expect(contributors.some((id: string) => id.startsWith("reachout:"))).toBe(true);
    }
  });

  test("the JSON report sits next to the output; duplicate keys are contract notices", () => {
    const report = JSON.parse(readFileSync(join(out(), "refined-quality-report.json"), "utf8"));
    expect(report.run_id).toBe("run-xlsx");
    expect(report.total_records).toBeGreaterThan(100);
    expect(Object.keys(report.source_breakdown).sort()).toEqual(["Contact Database", "Reachout Database", "SACAA Cleaned"]);
    expect(report.performance_metrics.total_seconds).toBeGreaterThan(0);
    expect(report.data_quality_distribution.mean).toBeGreaterThan(0);
    for (const notice of report.contract_notices) {
      expect(notice.path).toContain(join(out(), "contract-notices", "run-xlsx"));
      expect(readFileSync(notice.path, "utf8").split("\r\n")[0]).toContain(",");
    }
  });
});

describe("other formats, reports and the archive", () => {
  test("csv with CSVW metadata, markdown and html reports, and a verified archive", async () => {
    const out = join(work.path, "out-csv");
    const result = await run([
      "--profile", "aviation", "--input-dir", data, "--output-path", join(out, "refined.csv"),
      "--report-format", "markdown", "--report-format", "html", "--archive", "--dist-dir", join(out, "dist"),
    ]);
    expect(result.code).toBe(0);
    const header = readFileSync(join(out, "refined.csv"), "utf8").split("\r\n")[0];
    expect(header).toBe(SSOT_COLUMNS.join(","));
    const metadata = JSON.parse(readFileSync(join(out, "refined-metadata.json"), "utf8"));
    expect(metadata.tableSchema.columns).toHaveLength(42);
    expect(readFileSync(join(out, "refined-quality-report.md"), "utf8")).toContain("# Hotpass quality report");
    expect(readFileSync(join(out, "refined-quality-report.html"), "utf8")).toContain("<h1>Hotpass quality report</h1>");
    const zips = readdirSync(join(out, "dist")).filter((name) => name.endsWith(".zip"));
    expect(zips).toHaveLength(1);
    expect(zips[0]).toMatch(/^refined-data-\d{8}T\d{6}Z-[0-9a-f]{12}\.zip$/);
    const entries = unzipSync(new Uint8Array(readFileSync(join(out, "dist", zips[0]!))));
    expect(Object.keys(entries).sort()).toEqual(["SHA256SUMS", "refined-quality-report.html", "refined-quality-report.json", "refined-quality-report.md", "refined.csv"]);
    const sums = new TextDecoder().decode(entries.SHA256SUMS).trim().split("\n");
    for (const line of sums) {
      const [hash, name] = line.split("  ");
      expect(new Bun.CryptoHasher("sha256").update(entries[name!]!).digest("hex")).toBe(hash!);
    }
  });

  test("parquet and json outputs hold the same organisations", async () => {
    const out = join(work.path, "out-other");
    expect((await run(["--profile", "aviation", "--input-dir", data, "--output-path", join(out, "refined.parquet")])).code).toBe(0);
    expect((await run(["--profile", "aviation", "--input-dir", data, "--output-path", join(out, "refined.json")])).code).toBe(0);
    const bytes = readFileSync(join(out, "refined.parquet"));
    const parquetRows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
    const jsonRows = JSON.parse(readFileSync(join(out, "refined.json"), "utf8"));
    expect(parquetRows.map((row) => row.organization_slug)).toEqual(jsonRows.map((row: { organization_slug: string }) => row.organization_slug));
    expect(Object.keys(jsonRows[0])).toEqual([...SSOT_COLUMNS]);
  });
});

test("--report-path puts every report format on one base name", async () => {
  const out = join(work.path, "out-report-path");
  const result = await run([
    "--profile", "aviation", "--input-dir", data, "--output-path", join(out, "r.json"),
    "--report-path", join(out, "reports", "quality.json"), "--report-format", "html",
  ]);
  expect(result.code).toBe(0);
  expect(readdirSync(join(out, "reports")).sort()).toEqual(["quality.html", "quality.json"]);
  expect(existsSync(join(out, "r-quality-report.json"))).toBe(false);
  expect(result.stderr).toContain(join(out, "reports", "quality.json"));
});

describe("logging", () => {
  test("--log-format json prints one JSON object per event on stdout", async () => {
    const result = await run(["--profile", "aviation", "--input-dir", data, "--output-path", join(work.path, "out-json-log", "r.json"), "--log-format", "json", "--run-id", "run-json"]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n").map((line) => JSON.parse(line));
    const events = lines.map((line) => line.event);
    for (const name of ["pipeline.start", "load.started", "load.completed", "normalise.completed", "aggregate.progress", "aggregate.completed", "expectations.completed", "write.completed", "pipeline.completed", "summary"]) {
      expect(events).toContain(name);
    }
    expect(lines.every((line) => line.run_id === "run-json")).toBe(true);
    const written = lines.find((line) => line.event === "write.completed").data;
    expect(written.columns).toHaveLength(42);
    expect(written.null_counts.organization_name).toBe(0);
    expect(written.files).toContain(join(work.path, "out-json-log", "r-quality-report.json"));
  });
});

describe("rules that need a small hand-made input", () => {
  test("--country-code decides the phone region; numeric cells keep no .0; formula cells stay text", async () => {
    const input = csvFolder("in-gb", "Company,Phone,Email\n=HYPERLINK(\"http://x\"),020 7946 0958,OPS@Example.com\nTea Air,447911123456,\n");
    const out = join(work.path, "out-gb");
    const result = await run(["--profile", "generic", "--input-dir", input, "--output-path", join(out, "r.csv"), "--country-code", "GB"]);
    expect(result.code).toBe(0);
    const lines = readFileSync(join(out, "r.csv"), "utf8").split("\r\n");
    const col = (line: string, name: string) => XLSX.read(`${lines[0]}\n${line}`, { type: "string", raw: true }).Sheets.Sheet1![`${XLSX.utils.encode_col(SSOT_COLUMNS.indexOf(name as never))}2`]?.v;
    const hyper = lines.find((line) => line.includes("HYPERLINK"))!;
    expect(hyper.startsWith(`"'=HYPERLINK`)).toBe(true);
    expect(col(hyper, "contact_primary_phone")).toBe("+442079460958");
    expect(col(hyper, "contact_primary_email_status")).toBe("deliverable");
    const tea = lines.find((line) => line.startsWith("Tea Air"))!;
    expect(col(tea, "contact_primary_phone")).toBe("+447911123456");
  });

  test("--qa-mode strict fails with exit 2 and leaves the previous output untouched", async () => {
    const input = csvFolder("in-strict", "Company,Status\nAero,Active\nBeta,Bogus\n");
    const profile = join(work.path, "strict.yaml");
    writeFileSync(
      profile,
      readFileSync(join(import.meta.dir, "../../src/profiles/bundled/generic.yaml"), "utf8") +
        "\nexpectations:\n  output:\n    - { rule: value_set, column: status, values: [Active] }\n",
    );
    const out = join(work.path, "out-strict");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "r.json"), "previous");
    const lenient = await run(["--profile", profile, "--input-dir", input, "--output-path", join(out, "lenient.json")]);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain("expectation failed: status is one of Active");
    const strict = await run(["--profile", profile, "--input-dir", input, "--output-path", join(out, "r.json"), "--qa-mode", "strict"]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain("hotpass: error: 1 expectation(s) failed in --qa-mode strict");
    expect(strict.stderr).not.toContain("    at ");
    expect(readFileSync(join(out, "r.json"), "utf8")).toBe("previous");
    expect(readdirSync(out).filter((name) => name.includes(".tmp"))).toEqual([]);
    expect(JSON.parse(readFileSync(join(out, "r-quality-report.json"), "utf8")).expectations_passed).toBe(false);
  });

  test("an unwritable output folder is one clear error (exit 2) and writes nothing", async () => {
    const input = csvFolder("in-unwritable", "Company\nAero\n");
    const blocker = join(work.path, "blocker");
    writeFileSync(blocker, "");
    const result = await run(["--profile", "generic", "--input-dir", input, "--output-path", join(blocker, "out", "r.xlsx")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot write to the output folder");
    expect(result.stderr.trim().split("\n").filter((line) => line.startsWith("hotpass: error"))).toHaveLength(1);
    expect(readFileSync(blocker, "utf8")).toBe("");
  });

  test("a failed run leaves no empty output folders behind", async () => {
    const out = join(work.path, "never", "made");
    const result = await run(["--profile", "generic", "--input-dir", join(work.path, "missing-input"), "--output-path", join(out, "r.xlsx"), "--dist-dir", join(out, "dist")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("input folder not found");
    expect(existsSync(join(work.path, "never"))).toBe(false);
  });

  test("bad flag values are usage errors naming the flag", async () => {
    const input = csvFolder("in-flags", "Company\nAero\n");
    const cases: [string[], string][] = [
      [["--run-id", "../escape"], "invalid --run-id"],
      [["--country-code", "XX"], "unknown --country-code 'XX'"],
      [["--output-path", join(work.path, "r.txt")], "unsupported output format 'txt'"],
      [["--max-uncompressed-mb", "lots"], "invalid --max-uncompressed-mb"],
    ];
    for (const [args, message] of cases) {
      const result = await run(["--profile", "generic", "--input-dir", input, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(existsSync(join(work.path, "r.txt"))).toBe(false);
  });
});
