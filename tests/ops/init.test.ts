/**
 * `hotpass init` through the binary: a project folder; a profile inferred from the bundled
 * example workbooks and from generic exports with odd headers, which validates and refines; how
 * close it comes to the bundled aviation profile (the README's sentence is what the comparison
 * measures); and a non-empty folder refused without --force, with no file ever overwritten.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { compareWithAviation, describeComparison, exampleWorkbooks } from "../../scripts/init-vs-aviation.ts";
import { hotpass, ROOT, tempDir } from "../support/binary.ts";
import { writeXlsx } from "../support/workbooks.ts";

let tmp: ReturnType<typeof tempDir>;
let examples: string;
const env = () => ({ HOME: join(tmp.path, "home"), HOTPASS_STATE_DIR: join(tmp.path, "state"), OTEL_EXPORTER_OTLP_ENDPOINT: undefined, OPENLINEAGE_URL: undefined });

beforeAll(async () => {
  tmp = tempDir();
  examples = join(tmp.path, "examples");
  await exampleWorkbooks(examples);
});
afterAll(() => tmp.cleanup());

const run = (args: string[], cwd = tmp.path) => hotpass(args, { cwd, env: env() });

async function refineWith(project: string, profile: string, inputDir: string) {
  const result = await run(["refine", "--profile", profile, "--input-dir", inputDir, "--output-path", "dist/refined.json", "--log-format", "json"], project);
  const summary = result.stdout.trim().split("\n").map((l) => JSON.parse(l)).find((r) => r.event === "summary");
  return { result, summary, rows: result.code === 0 ? (JSON.parse(readFileSync(join(project, "dist", "refined.json"), "utf8")) as Record<string, unknown>[]) : [] };
}

describe("hotpass init --from the example workbooks", () => {
  test("writes a project whose inferred profile validates, points at the schema, and refines the same organisations as aviation", async () => {
    const project = join(tmp.path, "aviation-like");
    const init = await run(["init", project, "--from", examples]);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    for (const path of ["data", "dist", ".hotpass/lookups", "README.md", "profiles/aviation-like.yaml"]) expect(existsSync(join(project, path))).toBe(true);
    const profile = readFileSync(join(project, "profiles", "aviation-like.yaml"), "utf8");
    // An editor finds the binary's own schema beside the profile, and the profile passes it.
    expect(profile.split("\n")[0]).toBe("# yaml-language-server: $schema=./profile.schema.json");
    const schema = JSON.parse(readFileSync(join(project, "profiles", "profile.schema.json"), "utf8"));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(parse(profile)) ? [] : validate.errors).toEqual([]);

    // Every uncertain guess carries a "CHECK:" comment, and the summary counts them.
    const marked = (profile.match(/CHECK:/g) ?? []).length;
    expect(marked).toBeGreaterThan(0);
    expect(init.stdout).toContain(`${marked} guess(es) marked CHECK`);

    const doctor = await run(["doctor", "--json", "--profile", "profiles/aviation-like.yaml", "--input-dir", examples], project);
    const byName = Object.fromEntries(JSON.parse(doctor.stdout).checks.map((c: { name: string; status: string }) => [c.name, c.status]));
    expect(byName.profile).toBe("pass");
    expect(byName.input).toBe("pass"); // every workbook claimed by an inferred source

    const inferred = await refineWith(project, "profiles/aviation-like.yaml", examples);
    expect(inferred.result.code).toBe(0);
    const bundled = await refineWith(project, "aviation", examples);
    expect(inferred.rows.map((r) => r.organization_slug).sort()).toEqual(bundled.rows.map((r) => r.organization_slug).sort());

    const readme = readFileSync(join(project, "README.md"), "utf8");
    expect(readme).toContain(`hotpass refine --profile profiles/aviation-like.yaml --input-dir ${examples} --output-path dist/refined.xlsx`);
  });

  test("the README's statement of how close it comes to aviation is what the comparison measures", async () => {
    const measured = describeComparison(await compareWithAviation(examples));
    const readme = readFileSync(join(ROOT, "README.md"), "utf8").replace(/\s+/g, " ");
    if (!readme.includes(measured)) throw new Error(`README.md should say (in the init section): ${measured}`);
  });
});

describe("hotpass init --from generic exports with odd headers", () => {
  let exports: string;
  beforeAll(() => {
    exports = join(tmp.path, "exports");
    mkdirSync(exports);
    // Two monthly CSV deliveries of one export: a title row above the headers, ';'-separated, a misspelt header.
    for (const month of ["2024-11", "2024-12"]) {
      writeFileSync(
        join(exports, `crm_export_${month}.csv`),
        [`CRM export generated ${month}-03;;;;`, "Organisaton Name;E-mail Address;Tel.;Web site;Prov.", `Acme Flying ${month};ops@acme.example;011 555 0101;acme.example;GP`, `Blue Sky Aero;info@bluesky.example;021 555 0102;www.bluesky.example;WC`].join("\r\n"),
      );
    }
    // A workbook whose people sheet joins the companies by an ID column only.
    writeXlsx(exports, "Partners (final).xlsx", [
      { name: "Companies", rows: [["Company ID", "Company", "Region", "Homepage"], ["P1", "Cape Air Club", "Western Cape", "capeair.example"], ["P2", "Karoo Gliding", "Northern Cape", ""]] },
      { name: "People", rows: [["Company ID", "Full Name", "Job Title", "Mobile", "Email"], ["P1", "Ann Smith", "Chair", "082 555 0103", "ann@capeair.example"], ["P2", "Bo Jones", "Instructor", "083 555 0104", "bo@karoo.example"]] },
      { name: "Notes", rows: [["Remark"], ["call back in May"]] },
    ]);
  });

  test("one source per family, the detected header row, fuzzy and ID joins marked, and a refine that reads everything", async () => {
    const project = join(tmp.path, "crm");
    const init = await run(["init", project, "--from", exports]);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("crm_export (crm_export*, 2 file(s)): crm_export_2024-11");
    expect(init.stdout).toContain("Partners (Partners*, 1 file(s)): Companies + People; not read: Notes");
    const profile = readFileSync(join(project, "profiles", "crm.yaml"), "utf8");
    expect(profile).toMatch(/header_row: 2 # CHECK: detected/);
    expect(profile).toMatch(/organization_name: Organisaton Name # CHECK: fuzzy match \(0\.94\)/);
    expect(profile).toMatch(/# 2 of 2 Company ID values found in Company ID\n\s+join:\n\s+on: Company ID\n\s+to: Company ID\n/);
    expect(profile).toContain("# not mapped: Prov.");

    const { result, rows } = await refineWith(project, "profiles/crm.yaml", exports);
    expect(result.code).toBe(0);
    const names = rows.map((r) => r.organization_name).sort();
    expect(names).toEqual(["Acme Flying 2024-11", "Acme Flying 2024-12", "Blue Sky Aero", "Cape Air Club", "Karoo Gliding"]);
    const cape = rows.find((r) => r.organization_name === "Cape Air Club")!;
    expect(cape).toMatchObject({ contact_primary_name: "Ann Smith", contact_primary_role: "Chair", contact_primary_email: "ann@capeair.example", website: "https://capeair.example" });
    const blue = rows.find((r) => r.organization_name === "Blue Sky Aero")!;
    expect(blue).toMatchObject({ contact_primary_phone: "+27215550102", website: "https://bluesky.example" });
  });

  test("a folder without workbooks is refused (exit 2) and nothing is created", async () => {
    const empty = join(tmp.path, "no-workbooks");
    mkdirSync(empty);
    writeFileSync(join(empty, "notes.txt"), "x");
    const project = join(tmp.path, "never");
    const result = await run(["init", project, "--from", empty]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no workbooks in");
    expect(existsSync(project)).toBe(false);
  });
});

describe("hotpass init: the folder", () => {
  test("without --from: a starter profile that validates, and the folders", async () => {
    const project = join(tmp.path, "starter");
    const result = await run(["init", project]);
    expect(result.code).toBe(0);
    const doctor = await run(["doctor", "--json", "--profile", "profiles/starter.yaml"], project);
    const checks = JSON.parse(doctor.stdout).checks as { name: string; status: string; message: string }[];
    expect(checks.find((c) => c.name === "profile")!.status).toBe("pass");
    expect(checks.find((c) => c.name === "input")!.message).toContain("no workbooks in");
  });

  test("a non-empty folder is refused without --force; with it nothing is overwritten and the README section is kept once", async () => {
    const project = join(tmp.path, "busy");
    mkdirSync(join(project, "profiles"), { recursive: true });
    writeFileSync(join(project, "README.md"), "# Our leads\n\nHand-written notes.\n");
    writeFileSync(join(project, "profiles", "busy.yaml"), "name: mine\n");
    const refused = await run(["init", project]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`hotpass: error: ${project} is not empty (README.md, profiles)`);
    expect(refused.stderr).toContain("--force");

    expect((await run(["init", project, "--force"])).code).toBe(0);
    expect(readFileSync(join(project, "profiles", "busy.yaml"), "utf8")).toBe("name: mine\n");
    expect(existsSync(join(project, "profiles", "busy-2.yaml"))).toBe(true);
    expect((await run(["init", project, "--force", "--from", examples])).code).toBe(0);
    expect(existsSync(join(project, "profiles", "busy-3.yaml"))).toBe(true);
    const readme = readFileSync(join(project, "README.md"), "utf8");
    expect(readme.startsWith("# Our leads\n\nHand-written notes.\n")).toBe(true);
    expect(readme.match(/<!-- hotpass:init -->/g)).toHaveLength(1);
    expect(readme).toContain("profiles/busy-3.yaml");
  });
});
