import { afterEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadSources } from "../../../src/pipeline/load/index.ts";
import { plainNumber } from "../../../src/pipeline/load/cells.ts";
import { loadProfile } from "../../../src/profiles/loader.ts";
import { tempDir } from "../../support/binary.ts";
import { recordingBus, refineOptions, writeXlsx } from "../../support/workbooks.ts";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
function folder(): string {
  const dir = tempDir("hotpass-load-generic-");
  cleanups.push(dir.cleanup);
  return dir.path;
}

async function load(dir: string, profile = "generic") {
  return loadSources(refineOptions(dir, await loadProfile(profile, [])), recordingBus().bus);
}

describe("files no source claims", () => {
  test("a CSV with a title row, ; delimiters and near-miss headers is mapped and the mapping reported", async () => {
    const dir = folder();
    writeFileSync(
      join(dir, "partners.csv"),
      '\ufeffPartner list 2025;;;;\nOrganisaton Name;E-mail;Tel;Province;Web site\n"Delta ""Air"" Services";a@delta.example.com, b@delta.example.com;27821234567;KZN;www.delta.example.com\n;x@nobody.example.com;;;\n',
    );
    const result = await load(dir);
    expect(result.records).toHaveLength(1);
    const record = result.records[0]!;
    expect(record.organization_name).toBe('Delta "Air" Services');
    expect(record.source_dataset).toBe("partners.csv");
    expect(record.source_record_id).toBe("partners:3");
    expect(record.source_priority).toBe(0);
    expect(record.contact_emails).toEqual(["a@delta.example.com", "b@delta.example.com"]);
    expect(record.contact_phones).toEqual(["27821234567"]);
    expect(record.province).toBe("KZN");
    expect(record.website).toBe("www.delta.example.com");
    expect(result.sources[0]!.mapping).toMatchObject({ organization_name: "Organisaton Name", contact_email: "E-mail", contact_phone: "Tel", website: "Web site" });
    expect(result.dropped.empty_organization_name).toBe(1);
    expect(result.notices.join("\n")).toContain("partners.csv: not claimed by any profile source; read with the generic mapping (header row 2)");
  });

  test("an unclaimed workbook beside the aviation ones is still read, and a sheet without names is reported", async () => {
    const dir = folder();
    writeXlsx(dir, "extra leads.xlsx", [
      { name: "Leads", rows: [["Company", "Contact Person", "Email Address", "Mobile"], ["Echo Aviation", "Eve Echo", "eve@echo.example.com", 27831234567]] },
      { name: "Totals", rows: [["Month", "Count"], ["May", 3]] },
    ]);
    writeFileSync(join(dir, "~$extra leads.xlsx"), "lock");
    writeFileSync(join(dir, ".hidden.csv"), "Company\nHidden Ltd\n");
    writeFileSync(join(dir, "readme.txt"), "notes");
    const result = await load(dir, "aviation");
    expect(result.records.map((r) => [r.organization_name, r.source_dataset, r.source_record_id, r.contact_names[0]])).toEqual([
      ["Echo Aviation", "extra leads.xlsx", "extra-leads:Leads:2", "Eve Echo"],
    ]);
    const notices = result.notices.join("\n");
    expect(notices).toContain('extra leads.xlsx: 1 sheet(s) skipped: "Totals" (Month, Count); no column maps to organization_name');
    expect(notices).toContain("ignored 1 file(s) that are not workbooks: readme.txt");
    expect(notices).toContain("source SACAA Cleaned: no file in the input folder matches SACAA*");
  });

  test(".xls and .ods workbooks are read too", async () => {
    const dir = folder();
    const XLSX = await import("xlsx");
    const sheet = XLSX.utils.aoa_to_sheet([["Company", "Phone", "Planes"], ["Foxtrot Flying Club", 27721234567, 3]]);
    for (const bookType of ["xls", "ods"] as const) {
      const book = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(book, sheet, "Clubs");
      writeFileSync(join(dir, `clubs.${bookType}`), XLSX.write(book, { type: "buffer", bookType: bookType === "xls" ? "biff8" : "ods" }));
    }
    const result = await load(dir);
    expect(result.records.map((r) => [r.source_dataset, r.organization_name, r.contact_phones[0], r.planes])).toEqual([
      ["clubs.ods", "Foxtrot Flying Club", "27721234567", "3"],
      ["clubs.xls", "Foxtrot Flying Club", "27721234567", "3"],
    ]);
  });
});

test("numbers are written plainly", () => {
  expect(plainNumber("2.7821234567E10")).toBe("27821234567");
  expect(plainNumber("2.0")).toBe("2");
  expect(plainNumber("45706.5")).toBe("45706.5");
  expect(plainNumber("12")).toBe("12");
});
