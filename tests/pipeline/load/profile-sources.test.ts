import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadSources } from "../../../src/pipeline/load/index.ts";
import type { LoadResult } from "../../../src/pipeline/types.ts";
import { loadProfile } from "../../../src/profiles/loader.ts";
import { tempDir } from "../../support/binary.ts";
import { recordingBus, refineOptions, writeXlsx } from "../../support/workbooks.ts";

const PROFILE = `
name: crm
placeholder_names: ['^test company']
sources:
  - label: CRM export
    key: crm
    pattern: "crm-*.csv"
    priority: 5
    sheets:
      - name: ignored for CSV
        header_row: 2
        key: Account ID
        required_columns: [Account ID, Account Name]
        columns: { organization_name: Account Name, status: State }
        combine: { notes: [Notes, Comments], contact_phone: [Mobile, Office] }
        constants: { category: Customer }
  - label: Field visits
    key: visits
    pattern: "visits.xlsx"
    priority: 1
    sheets:
      - name: Sites
        columns: { organization_name: Site }
      - name: Optional extras
        optional: true
        join: { on: Site, to: Site }
        columns: { organization_name: Site }
expectations:
  sources:
    - { rule: regex, source: crm, column: Email, pattern: '^[^@]+@[^@]+$', mostly: 0.9 }
    - { rule: value_set, source: CRM export, column: status, values: [Active, Dormant] }
    - { rule: not_null, source: visits, sheet: Sites, column: Visited, mostly: 0.5 }
`;

describe("a team's own profile", () => {
  const dir = tempDir("hotpass-load-profile-");
  let result: LoadResult;
  afterAll(() => dir.cleanup());

  beforeAll(async () => {
    const profilePath = join(dir.path, "crm.yaml");
    writeFileSync(profilePath, PROFILE);
    const data = join(dir.path, "data");
    mkdirSync(data);
    writeFileSync(
      join(data, "crm-2025.csv"),
      [
        "CRM export 2025-05-01,,,,,,,",
        "Account ID,Account Name,State,Notes,Comments,Mobile,Office,Email",
        "10,Mike Aviation,Active,VIP,Pays late,082 555 0001,011 555 0002,ops@mike.example.com",
        "11,November Air,Closed,,,,,not-an-email",
        "10,Mike Aviation (again),Active,,,,,ops@mike.example.com",
        "12,Test Company 3,Active,,,,,",
      ].join("\n"),
    );
    writeXlsx(data, "visits.xlsx", [{ name: "SITES", rows: [["Site", "Visited"], ["Oscar Heliport", null], ["Papa Airfield", "2025-03-01"]] }]);
    result = await loadSources(refineOptions(data, await loadProfile(profilePath, [])), recordingBus().bus);
  });

  test("a CSV source with a title row above its headers, combined columns and a constant", () => {
    const mike = result.records.find((r) => r.source_record_id === "crm:10")!;
    expect(mike.organization_name).toBe("Mike Aviation");
    expect(mike.notes).toBe("VIP; Pays late");
    expect(mike.contact_phones).toEqual(["082 555 0001", "011 555 0002"]);
    expect(mike.category).toBe("Customer");
    expect(mike.source_priority).toBe(5);
  });

  test("duplicate keys are reported with the dropped row; the profile's placeholder names are dropped", () => {
    expect(result.duplicates).toEqual([
      { table: "crm-crm-2025", key_column: "Account ID", columns: ["Account ID", "Account Name", "State", "Notes", "Comments", "Mobile", "Office", "Email"], rows: [["10", "Mike Aviation (again)", "Active", "", "", "", "", "ops@mike.example.com"]] },
    ]);
    expect(result.dropped).toEqual({ duplicate_key: 1, placeholder_organization_name: 1 });
    expect(result.records.map((r) => r.source_record_id)).toEqual(["crm:10", "crm:11", "visits:Oscar Heliport", "visits:Papa Airfield"]);
  });

  test("source expectations count rows against mostly, scoped by source key, label and sheet", () => {
    const summary = result.expectations.map((e) => [e.rule, e.scope, e.column, e.success, e.failed, e.total]);
    expect(summary).toContainEqual(["regex", "source:CRM export/crm-2025", "Email", false, 1, 3]);
    expect(summary).toContainEqual(["value_set", "source:CRM export/crm-2025", "status", false, 1, 4]);
    expect(summary).toContainEqual(["not_null", "source:Field visits/SITES", "Visited", true, 1, 2]);
  });

  test("a sheet name matches without regard to case; a missing optional sheet is a notice", () => {
    expect(result.sources.map((s) => `${s.source}/${s.sheet}`)).toEqual(["CRM export/crm-2025", "Field visits/SITES"]);
    expect(result.notices).toContain('visits.xlsx: optional sheet "Optional extras" is not in the workbook; skipped');
  });
});
