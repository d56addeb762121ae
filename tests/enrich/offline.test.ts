/**
 * Offline enrichment through the compiled binary: each fetcher, the confidence threshold, the
 * never-overwrite rule and the provenance columns.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SSOT_COLUMNS } from "../../src/pipeline/types.ts";
import { pairs, readRows, refinedRow, workspace, writeRefined, type Workspace } from "./support.ts";

const PROVENANCE = ["provenance_source", "provenance_timestamp", "provenance_confidence", "provenance_strategy", "provenance_network_status"];

let ws: Workspace;
beforeEach(() => {
  ws = workspace();
});
afterEach(() => ws.cleanup());

function lookup(rows: string[][]): void {
  mkdirSync(join(ws.dir, ".hotpass", "lookups"), { recursive: true });
  writeFileSync(join(ws.dir, ".hotpass", "lookups", "organizations.csv"), rows.map((r) => r.join(",")).join("\n"));
}

describe("hotpass enrich (offline)", () => {
  test("the seed's command line works as written and keeps every input column and row in order", async () => {
    await writeRefined(join(ws.dist, "refined.xlsx"), [
      refinedRow("Zulu Air", { contact_primary_email: "ops@zuluair.co.za" }),
      refinedRow("Alpha Flight School"),
      refinedRow("Mid Aviation", { website: "https://mid.example" }),
    ]);
    const result = await ws.run(["--profile", "aviation", "--allow-network=false", "--input", "dist/refined.xlsx", "--output", "dist/enriched.xlsx"]);
    expect(result.stderr).toContain("enriched 1 of 3 records");
    expect(result.code).toBe(0);
    const out = await readRows(join(ws.dist, "enriched.xlsx"));
    expect(out.columns).toEqual([...SSOT_COLUMNS, ...PROVENANCE]);
    expect(out.rows.map((r) => r.organization_name)).toEqual(["Zulu Air", "Alpha Flight School", "Mid Aviation"]);
    expect(out.rows[0]!.website).toBe("https://zuluair.co.za");
    expect(out.rows[2]!.website).toBe("https://mid.example");
    // Untouched rows carry no provenance at all.
    for (const column of PROVENANCE) expect(out.rows[1]![column]).toBeNull();
  });

  test("lookup table from .hotpass/lookups fills empty fields, exact match on the normalised name, 0.95", async () => {
    lookup([
      ["Organisation Name", "Website", "Province", "Email"],
      ["ALPHA flight-school", "www.Alpha.co.za/", "kzn", "Info@Alpha.co.za"],
      ["Alpha Flight", "https://wrong.example", "Limpopo", ""],
    ]);
    await writeRefined(join(ws.dist, "refined.csv"), [refinedRow("Alpha Flight School"), refinedRow("Beta Air")]);
    const result = await ws.run(["--input", "dist/refined.csv", "--output", "dist/enriched.csv"]);
    expect(result.code).toBe(0);
    const [alpha, beta] = (await readRows(join(ws.dist, "enriched.csv"))).rows;
    expect(alpha!.website).toBe("https://alpha.co.za");
    expect(alpha!.province).toBe("KwaZulu-Natal");
    expect(alpha!.contact_primary_email).toBe("info@alpha.co.za");
    // A filled email gets refine's offline status so the two columns agree.
    expect(alpha!.contact_primary_email_status).toBe("risky");
    expect(pairs(alpha!.provenance_source)).toMatchObject({
      website: "lookup:organizations.csv",
      province: "lookup:organizations.csv",
      contact_primary_email: "lookup:organizations.csv",
    });
    expect(pairs(alpha!.provenance_confidence).website).toBe("0.95");
    expect(pairs(alpha!.provenance_strategy).province).toBe("exact_name");
    expect(pairs(alpha!.provenance_network_status).website).toBe("disabled");
    expect(Date.parse(pairs(alpha!.provenance_timestamp).website!)).toBeGreaterThan(Date.now() - 120_000);
    expect(beta!.website).toBeNull();
    expect(beta!.provenance_source).toBeNull();
  });

  test("a value already present is never overwritten", async () => {
    lookup([
      ["name", "website", "province", "phone"],
      ["Alpha", "https://lookup.example", "Limpopo", "011 555 0100"],
    ]);
    await writeRefined(join(ws.dist, "refined.json"), [
      refinedRow("Alpha", { website: "https://own.example", province: "Gauteng", contact_primary_email_status: "deliverable" }),
    ]);
    const result = await ws.run(["--input", "dist/refined.json", "--output", "dist/enriched.json"]);
    expect(result.code).toBe(0);
    const [alpha] = (await readRows(join(ws.dist, "enriched.json"))).rows;
    expect(alpha!.website).toBe("https://own.example");
    expect(alpha!.province).toBe("Gauteng");
    expect(alpha!.contact_primary_phone).toBe("+27115550100");
    expect(alpha!.contact_primary_phone_status).toBe("deliverable");
    expect(Object.keys(pairs(alpha!.provenance_source))).toEqual(["contact_primary_phone", "contact_primary_phone_status"]);
  });

  test("--lookup FILE is used instead of the default, and a missing one is exit 2", async () => {
    writeFileSync(join(ws.dir, "mine.json"), JSON.stringify([{ organization_name: "Alpha", status: "Active" }]));
    await writeRefined(join(ws.dist, "refined.csv"), [refinedRow("Alpha")]);
    const ok = await ws.run(["--input", "dist/refined.csv", "--output", "dist/out.csv", "--lookup", "mine.json"]);
    expect(ok.code).toBe(0);
    const [alpha] = (await readRows(join(ws.dist, "out.csv"))).rows;
    expect(alpha!.status).toBe("Active");
    expect(pairs(alpha!.provenance_source).status).toBe("lookup:mine.json");
    const missing = await ws.run(["--input", "dist/refined.csv", "--output", "dist/out2.csv", "--lookup", "nope.csv"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("lookup table not found: nope.csv");
  });

  test("history: the most recent earlier refined output in --dist-dir, matched on the slug, 0.85", async () => {
    const old = Date.now() / 1000 - 3600;
    await writeRefined(join(ws.dist, "refined-older.csv"), [refinedRow("Alpha", { website: "https://older.example" })]);
    utimesSync(join(ws.dist, "refined-older.csv"), old - 600, old - 600);
    await writeRefined(join(ws.dist, "refined-previous.parquet"), [refinedRow("Alpha", { website: "https://previous.example", area: "Lanseria" })]);
    utimesSync(join(ws.dist, "refined-previous.parquet"), old, old);
    await writeRefined(join(ws.dist, "refined.csv"), [refinedRow("Alpha"), refinedRow("Gamma")]);
    const result = await ws.run(["--input", "dist/refined.csv", "--output", "dist/enriched.csv"]);
    expect(result.code).toBe(0);
    const [alpha, gamma] = (await readRows(join(ws.dist, "enriched.csv"))).rows;
    expect(alpha!.website).toBe("https://previous.example");
    expect(alpha!.area).toBe("Lanseria");
    expect(pairs(alpha!.provenance_source).website).toBe("history:refined-previous.parquet");
    expect(pairs(alpha!.provenance_confidence).area).toBe("0.85");
    expect(gamma!.provenance_source).toBeNull();
  });

  test("derived: website from a company email (not free-mail), province from address text or a landline area code", async () => {
    await writeRefined(join(ws.dist, "refined.csv"), [
      refinedRow("Company Mail", { contact_primary_email: "jane@skyhigh.co.za" }),
      refinedRow("Free Mail", { contact_primary_email: "pilot@gmail.com", contact_secondary_emails: "x@yahoo.com" }),
      refinedRow("By Address", { address_primary: "Hangar 4, Rand Airport, Germiston" }),
      refinedRow("By Phone", { contact_primary_phone: "+27215550100" }),
      refinedRow("Mobile Only", { contact_primary_phone: "+27821234567" }),
      refinedRow("Two Provinces", { address_primary: "Durban office; Cape Town office" }),
    ]);
    const result = await ws.run(["--input", "dist/refined.csv", "--output", "dist/enriched.csv"]);
    expect(result.code).toBe(0);
    const rows = (await readRows(join(ws.dist, "enriched.csv"))).rows;
    const by = (name: string) => rows.find((r) => r.organization_name === name)!;
    expect(by("Company Mail").website).toBe("https://skyhigh.co.za");
    expect(pairs(by("Company Mail").provenance_strategy).website).toBe("email_domain");
    expect(pairs(by("Company Mail").provenance_confidence).website).toBe("0.9");
    expect(by("Free Mail").website).toBeNull();
    expect(by("By Address").province).toBe("Gauteng");
    expect(pairs(by("By Address").provenance_strategy).province).toBe("address_text");
    expect(by("By Phone").province).toBe("Western Cape");
    expect(pairs(by("By Phone").provenance_source).province).toBe("derived:contact_primary_phone");
    expect(by("Mobile Only").province).toBeNull();
    expect(by("Two Provinces").province).toBeNull();
  });

  test("the best candidate at or above --confidence-threshold wins; below it nothing is filled", async () => {
    // The registry (0.98) and the lookup (0.95) disagree; derived (0.9) also offers a website.
    mkdirSync(join(ws.dir, "profiles"));
    writeFileSync(join(ws.dir, "profiles", "registry.csv"), "Operator,Web Address\nAlpha,https://registry.example\n");
    const profile = await Bun.file(join(import.meta.dir, "../../src/profiles/bundled/generic.yaml")).text();
    writeFileSync(
      join(ws.dir, "profiles", "withreg.yaml"),
      `${profile.replace(/^name:.*$/m, "name: withreg")}\nenrich:\n  registry:\n    path: registry.csv\n    name_column: Operator\n    columns:\n      website: Web Address\n`,
    );
    lookup([["name", "website"], ["Alpha", "https://lookup.example"]]);
    await writeRefined(join(ws.dist, "refined.csv"), [refinedRow("Alpha", { contact_primary_email: "a@alpha-mail.co.za" })]);
    const args = ["--input", "dist/refined.csv", "--profile", "withreg", "--profile-search-path", "profiles"];

    const best = await ws.run([...args, "--output", "dist/best.csv"]);
    expect(best.code).toBe(0);
    const [chosen] = (await readRows(join(ws.dist, "best.csv"))).rows;
    expect(chosen!.website).toBe("https://registry.example");
    expect(pairs(chosen!.provenance_source).website).toBe("registry:registry.csv");
    expect(pairs(chosen!.provenance_confidence).website).toBe("0.98");

    const strict = await ws.run([...args, "--output", "dist/strict.csv", "--confidence-threshold", "0.99"]);
    expect(strict.code).toBe(0);
    const [none] = (await readRows(join(ws.dist, "strict.csv"))).rows;
    expect(none!.website).toBeNull();
    expect(none!.provenance_source).toBeNull();

    // Without the registry the lookup (0.95) beats the derived website (0.9).
    const noRegistry = await ws.run(["--input", "dist/refined.csv", "--output", "dist/lookup.csv"]);
    const [fromLookup] = (await readRows(join(ws.dist, "lookup.csv"))).rows;
    expect(noRegistry.code).toBe(0);
    expect(fromLookup!.website).toBe("https://lookup.example");

    // At 0.92 the lookup still qualifies; at 0.96 only the (absent) registry could.
    const high = await ws.run(["--input", "dist/refined.csv", "--output", "dist/high.csv", "--confidence-threshold", "0.96"]);
    expect(high.code).toBe(0);
    expect((await readRows(join(ws.dist, "high.csv"))).rows[0]!.website).toBeNull();
  });

  test("--log-format json prints one JSON object per line on stdout, with the run id and the fetcher events", async () => {
    await writeRefined(join(ws.dist, "refined.csv"), [refinedRow("Alpha", { contact_primary_email: "a@alpha.co.za" })]);
    const runId = "0b7c6f2e-5d1a-4c3b-9a8e-7f6d5c4b3a21";
    const result = await ws.run(["--input", "dist/refined.csv", "--output", "dist/out.csv", "--log-format", "json", "--run-id", runId]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n").map((line) => JSON.parse(line));
    expect(lines.every((line) => line.run_id === runId)).toBe(true);
    const events = lines.map((line) => line.event);
    expect(events[0]).toBe("enrich.started");
    expect(events.filter((e) => e === "enrich.fetcher.completed")).toHaveLength(4);
    const derived = lines.find((line) => line.event === "enrich.fetcher.completed" && line.data.fetcher === "derived");
    expect(derived.data).toMatchObject({ records: 1, network_used: false });
    expect(lines.find((line) => line.event === "enrich.completed").data.fills_by_fetcher).toEqual({ derived: 1 });
  });

  test("a registry the profile names but that does not exist is exit 2 naming the file", async () => {
    mkdirSync(join(ws.dir, "profiles"));
    const profile = await Bun.file(join(import.meta.dir, "../../src/profiles/bundled/generic.yaml")).text();
    writeFileSync(
      join(ws.dir, "profiles", "broken.yaml"),
      `${profile.replace(/^name:.*$/m, "name: broken")}\nenrich:\n  registry:\n    path: operators.csv\n    name_column: Operator\n`,
    );
    await writeRefined(join(ws.dist, "refined.csv"), [refinedRow("Alpha")]);
    const result = await ws.run(["--input", "dist/refined.csv", "--output", "dist/out.csv", "--profile", "profiles/broken.yaml"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`registry file not found: ${join(ws.dir, "profiles", "operators.csv")}`);
    expect(await Bun.file(join(ws.dist, "out.csv")).exists()).toBe(false);
  });

  test("enriching an enriched table keeps its provenance columns and what they say, and appends", async () => {
    await writeRefined(join(ws.dist, "refined.csv"), [refinedRow("Alpha", { contact_primary_email: "ops@alpha.co.za" })]);
    const first = await ws.run(["--input", "dist/refined.csv", "--output", "dist/once.json"]);
    expect(first.code).toBe(0);
    lookup([["name", "status"], ["Alpha", "Active"]]);
    const second = await ws.run(["--input", "dist/once.json", "--output", "dist/twice.csv"]);
    expect(second.code).toBe(0);
    const out = await readRows(join(ws.dist, "twice.csv"));
    expect(out.columns).toEqual([...SSOT_COLUMNS, ...PROVENANCE]);
    const [alpha] = out.rows;
    expect(pairs(alpha!.provenance_source)).toEqual({ website: "derived:contact_primary_email", status: "lookup:organizations.csv" });
  });
});

