/**
 * Refine and enrich write the same normal form for the same cell. One table of tricky values goes
 * through `hotpass refine` (as a source workbook) and through `hotpass enrich` (as a lookup table
 * that fills the same organisations' empty fields); every value must come out the same from both,
 * and the cases the two commands used to disagree on must come out as the README says.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { hotpass, tempDir } from "../support/binary.ts";
import { writeXlsx } from "../support/workbooks.ts";

type Column = "website" | "contact_primary_email" | "contact_primary_phone" | "province";
/** The source header refine's generic profile maps to each column, and the lookup's header. */
const HEADERS: Record<Column, string> = { website: "Website", contact_primary_email: "Email", contact_primary_phone: "Phone", province: "Province" };

/** [column, raw cell, the normal form both commands must write (null: dropped)]. */
const CASES: [Column, string | number, string | null][] = [
  ["website", "https://münchen.de", "https://münchen.de"],
  ["website", "https://xn--mnchen-3ya.de/", "https://münchen.de"],
  ["website", "mailto:x@y.com", null],
  ["website", "localhost:3000", null],
  ["website", "x@y.com", null],
  ["website", "www.Example.com/Path/", "https://example.com/Path"],
  ["website", "HTTP://WWW.Aero.co.za/?utm=1#top", "http://aero.co.za"],
  ["website", "fly.example.org/a/b?x=y", "https://fly.example.org/a/b"],
  ["website", "www.example.com:8080/a/", "https://example.com:8080/a"],
  ["website", "https://example.net:443/x", "https://example.net/x"],
  ["website", "ftp://files.example.com", null],
  ["website", "javascript:alert(1)", null],
  ["website", "N/A", null],
  ["contact_primary_email", "mailto:X@Y.com", "x@y.com"],
  ["contact_primary_email", "x@y..com", null],
  ["contact_primary_email", "<Jane@Aero.co.za>", "jane@aero.co.za"],
  ["contact_primary_email", "Jane Doe <JANE@AERO.CO.ZA>", "jane@aero.co.za"],
  ["contact_primary_email", "OPS@Aero.CO.ZA; sales@aero.co.za", "ops@aero.co.za"],
  ["contact_primary_email", "not an email", null],
  ["contact_primary_phone", "082 123 4567", "+27821234567"],
  ["contact_primary_phone", "+27 82 123 4568", "+27821234568"],
  ["contact_primary_phone", 27821234569, "+27821234569"],
  ["contact_primary_phone", "27821234560.0", "+27821234560"],
  ["contact_primary_phone", "000-000-0000", null],
  ["contact_primary_phone", "(011) 555-1234", "+27115551234"],
  ["contact_primary_phone", "0027821234561", "+27821234561"],
  ["contact_primary_phone", "+44 20 7946 0958", "+442079460958"],
  ["contact_primary_phone", "12345", null],
  ["contact_primary_phone", "n/a", null],
  ["province", "KZN", "KwaZulu-Natal"],
  ["province", "kwa-zulu natal province", "KwaZulu-Natal"],
  ["province", "N/A", null],
  ["province", "-", null],
  ["province", "Western Cape Province", "Western Cape"],
  ["province", "orange free state", "Free State"],
  ["province", "harare province", "Harare"],
];

/** [name as the source spells it, as refine writes it, the same organisation as a lookup spells it]. */
const NAMES: [string, string, string][] = [
  ["Café Aéro (Pty) Ltd", "Café Aéro (Pty) Ltd", "CAFE AERO (PTY) LTD"],
  ["Pilot’s Club", "Pilot’s Club", "pilot's club"],
  ["  Aero\u00a0 Club ", "Aero Club", "AERO CLUB"],
  ["Straße Flug", "Straße Flug", "STRAßE  FLUG"],
  ["東京航空", "東京航空", " 東京航空 "],
];

const work = tempDir("hotpass-parity-");
afterAll(() => work.cleanup());
const env = { HOME: work.path, HOTPASS_CONFIG_DIR: join(work.path, "config"), HOTPASS_DISABLE_LINEAGE: "1", OTEL_SDK_DISABLED: "true" };

const orgName = (i: number) => `Parity Org ${String(i).padStart(2, "0")}`;
type Row = Record<string, string | number | null>;

async function refine(name: string, rows: (string | number | null)[][]): Promise<Row[]> {
  const input = join(work.path, `${name}-in`);
  mkdirSync(input);
  writeXlsx(input, "orgs.xlsx", [{ name: "Orgs", rows }]);
  const output = join(work.path, `${name}-out`, "refined.json");
  const result = await hotpass(["refine", "--profile", "generic", "--input-dir", input, "--output-path", output], { env, cwd: work.path });
  expect(result.stderr).not.toContain("error");
  expect(result.code).toBe(0);
  return JSON.parse(readFileSync(output, "utf8"));
}

let refined: Map<string, Row>;
let enriched: Map<string, Row>;

beforeAll(async () => {
  const columns = Object.keys(HEADERS) as Column[];
  const valueRow = (i: number, column: Column, raw: string | number) => [orgName(i), ...columns.map((c) => (c === column ? raw : null))];
  // 1. Refine the values themselves.
  const withValues = await refine("values", [
    ["Company", ...columns.map((c) => HEADERS[c])],
    ...CASES.map(([column, raw], i) => valueRow(i, column, raw)),
  ]);
  refined = new Map(withValues.map((row) => [String(row.organization_name), row]));
  // 2. Refine the same organisations without values (and the tricky names), then let enrich fill
  //    them from a lookup table holding the raw values, and a marker for every tricky name.
  const namesOnly = join(work.path, "names-out", "refined.json");
  await refine("names", [["Company"], ...CASES.map((_, i) => [orgName(i)]), ...NAMES.map(([source]) => [source])]);
  const lookup = writeXlsx(work.path, "lookup.xlsx", [
    {
      name: "Lookup",
      rows: [
        ["Name", "Area", ...columns.map((c) => HEADERS[c])],
        ...CASES.map(([column, raw], i) => [orgName(i), "matched", ...columns.map((c) => (c === column ? raw : null))]),
        ...NAMES.map(([, , spelling]) => [spelling, "matched"]),
      ],
    },
  ]);
  const output = join(work.path, "enriched.json");
  const result = await hotpass(
    ["enrich", "--profile", "generic", "--allow-network=false", "--input", namesOnly, "--output", output, "--lookup", lookup, "--dist-dir", join(work.path, "no-history")],
    { env, cwd: work.path },
  );
  expect(result.code).toBe(0);
  const rows: Row[] = JSON.parse(readFileSync(output, "utf8"));
  enriched = new Map(rows.map((row) => [String(row.organization_name), row]));
});

describe("refine and enrich agree", () => {
  test.each(CASES.map(([column, raw, expected], i) => [column, JSON.stringify(raw), expected, i] as const))(
    "%s %s -> %p",
    (column, _raw, expected, i) => {
      const fromRefine = refined.get(orgName(i));
      const fromEnrich = enriched.get(orgName(i));
      expect(fromRefine).toBeDefined();
      expect(fromEnrich?.area).toBe("matched");
      expect(fromRefine![column]).toBe(expected);
      expect(fromEnrich![column]).toBe(expected);
    },
  );

  test("a lookup's spelling of a name finds the organisation refine made of the source's spelling", () => {
    for (const [, name, spelling] of NAMES) expect(enriched.get(name)?.area, spelling).toBe("matched");
  });
});
