import { describe, expect, test } from "bun:test";
import { normaliseRecords } from "../../src/pipeline/normalise.ts";
import { raw } from "./records.ts";

describe("records", () => {
  test("cleans every field and adds the slug (names that make no record were rejected at load: tests/rules/names.test.ts)", () => {
    const records = [
      raw({
        source_dataset: "SACAA Cleaned",
        source_record_id: "sacaa:Aero",
        organization_name: " Aero\u00a0 Club ",
        province: "kzn",
        website: "www.Aero.co.za/",
        last_interaction_date: "05/02/2025",
        contact_names: [" Jane  Doe ", ""],
        contact_emails: ["Jane@Aero.co.za; ops@aero.co.za"],
        contact_phones: ["27821234567", "000-000-0000"],
      }),
    ];
    const { records: kept } = normaliseRecords(records, { countryCode: "ZA" });
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({
      organization_name: "Aero Club",
      organization_slug: "aero-club",
      province: "KwaZulu-Natal",
      website: "https://aero.co.za",
      last_interaction_date: "2025-02-05",
      contact_names: ["Jane Doe"],
      contact_emails: ["jane@aero.co.za", "ops@aero.co.za"],
      contact_phones: ["+27821234567"],
    });
  });
});
