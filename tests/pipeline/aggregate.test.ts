import { describe, expect, test } from "bun:test";
import { aggregateRecords } from "../../src/pipeline/aggregate.ts";
import { EventBus, type PipelineEvent } from "../../src/pipeline/events.ts";
import { normaliseRecords } from "../../src/pipeline/normalise.ts";
import { dataQuality, logistic, scoreContact } from "../../src/pipeline/scores.ts";
import { SSOT_COLUMNS } from "../../src/pipeline/types.ts";
import { raw } from "./records.ts";

function threeSources() {
  return normaliseRecords(
    [
      raw({
        source_dataset: "Contact Database", source_record_id: "contact:10", source_priority: 1,
        organization_name: "Aero Club", province: "Limpopo", category: "Flight School", status: "Inactive",
        priority: "High", last_interaction_date: "2025/03/01", contact_emails: ["INFO@aero.co.za"],
      }),
      raw({
        source_dataset: "Reachout Database", source_record_id: "reachout:2", source_priority: 2,
        organization_name: "AERO CLUB", address: "Rand Airport", area: "Germiston", website: "aeroclub.co.za",
        notes: "Called twice", planes: "C172", last_interaction_date: "05/02/2025",
        contact_names: ["Bob Smith"], contact_roles: ["Chief Pilot"], contact_emails: ["bob@aero.co.za"], contact_phones: ["011 555 1234"],
      }),
      raw({
        source_dataset: "SACAA Cleaned", source_record_id: "sacaa:Aero Club", source_priority: 3,
        organization_name: "Aero Club", province: "Gauteng", website: "www.aero.co.za", status: "Active", planes: "PA28",
        contact_names: ["Jane Doe"], contact_emails: ["info@aero.co.za"], contact_phones: ["27821234567"],
      }),
      raw({ source_dataset: "SACAA Cleaned", source_record_id: "sacaa:Zulu Air", source_priority: 3, organization_name: "Zulu Air" }),
      raw({ source_dataset: "Reachout Database", source_record_id: "reachout:3", source_priority: 2, organization_name: "Beta Flyers", website: "https://beta.example.com" }),
    ],
    { countryCode: "ZA" },
  ).records;
}

describe("aggregate", () => {
  test("an organisation in all three sources takes the highest-priority values, with provenance", () => {
    const events: PipelineEvent[] = [];
    const { table, conflicts } = aggregateRecords(threeSources(), { countryCode: "ZA", maxPriority: 3, bus: new EventBus([(e) => events.push(e)]) });
    const records = table.records();
    expect(records.map((r) => r.organization_name)).toEqual(["Aero Club", "Beta Flyers", "Zulu Air"]);
    const aero = records[0]!;
    expect(Object.keys(aero)).toEqual([...SSOT_COLUMNS]);
    expect(aero).toMatchObject({
      organization_slug: "aero-club",
      country: "South Africa",
      province: "Gauteng",
      area: "Germiston",
      address_primary: "Rand Airport",
      organization_category: "Flight School",
      status: "Active",
      website: "https://aero.co.za",
      planes: "PA28; C172",
      notes: "Called twice",
      priority: "High",
      source_datasets: "Contact Database; Reachout Database; SACAA Cleaned",
      source_record_ids: "contact:10; reachout:2; sacaa:Aero Club",
      contact_primary_name: "Jane Doe",
      contact_primary_role: "Chief Pilot",
      contact_primary_email: "info@aero.co.za",
      contact_primary_phone: "+27821234567",
      contact_secondary_emails: "bob@aero.co.za",
      contact_secondary_phones: "+27115551234",
      last_interaction_date: "2025-03-01",
      data_quality_score: 1,
      data_quality_flags: "none",
      privacy_basis: "legitimate_interest",
    });
    const provenance = JSON.parse(String(aero.selection_provenance));
    expect(provenance.website).toEqual({
      value: "https://aero.co.za",
      source_dataset: "SACAA Cleaned",
      source_record_id: "sacaa:Aero Club",
      source_priority: 3,
      row_quality: 4,
      last_interaction_date: null,
      other_contributors: [{ source_dataset: "Reachout Database", source_record_id: "reachout:2", value: "https://aeroclub.co.za" }],
    });
    expect(provenance.address_primary.source_record_id).toBe("reachout:2");
    expect(provenance.organization_category.source_record_id).toBe("contact:10");
    expect(provenance.contact_primary_email.other_contributors.map((c: { source_record_id: string }) => c.source_record_id)).toEqual(["reachout:2", "contact:10"]);

    const aeroConflicts = conflicts.filter((c) => c.organization_slug === "aero-club");
    // "AERO CLUB" vs "Aero Club" differ only in case: not a conflict.
    expect(aeroConflicts.map((c) => c.field).sort()).toEqual(["province", "status", "website"]);
    expect(aeroConflicts.find((c) => c.field === "province")).toEqual({
      organization_slug: "aero-club", field: "province", chosen_source: "SACAA Cleaned", value: "Gauteng",
      alternatives: [{ source: "Contact Database", value: "Limpopo" }],
    });
    expect(events.at(-1)).toMatchObject({ name: "aggregate.progress", data: { completed: 3, total: 3 } });
  });

  test("ties: row quality, then the latest interaction, then input order", () => {
    const records = normaliseRecords(
      [
        raw({ source_dataset: "A", source_record_id: "a:1", organization_name: "Sky", status: "first-in-input" }),
        raw({ source_dataset: "A", source_record_id: "a:2", organization_name: "Sky", status: "latest", last_interaction_date: "2025-01-02" }),
        raw({ source_dataset: "A", source_record_id: "a:3", organization_name: "Sky", status: "older", last_interaction_date: "2024-01-02" }),
      ],
      { countryCode: "ZA" },
    ).records;
    expect(aggregateRecords(records, { countryCode: "ZA", maxPriority: 1 }).table.records()[0]!.status).toBe("latest");
    records.push(...normaliseRecords([raw({ source_dataset: "A", source_record_id: "a:4", organization_name: "Sky", status: "best-quality", website: "sky.co.za" })], { countryCode: "ZA" }).records);
    expect(aggregateRecords(records, { countryCode: "ZA", maxPriority: 1 }).table.records()[0]!.status).toBe("best-quality");
  });
});

describe("scores", () => {
  test("exact numbers for the consolidated organisation", () => {
    const aero = aggregateRecords(threeSources(), { countryCode: "ZA", maxPriority: 3 }).table.records()[0]!;
    expect(aero).toMatchObject({
      contact_primary_email_status: "risky",
      contact_primary_email_confidence: 0.35,
      contact_primary_phone_status: "deliverable",
      contact_primary_phone_confidence: 0.85,
      // logistic(0.3*4/4 + 0.25*0.35 + 0.15*0.85 + 0.2*3/3) = logistic(0.715)
      contact_primary_lead_score: 0.9296,
      contact_validation_flags: "email_risky",
      contact_email_confidence_avg: 0.35,
      contact_phone_confidence_avg: 0.85,
      // rows: SACAA logistic(0.6)*0.6, Reachout the same, Contact logistic(0.35)*0.6
      contact_verification_score_avg: 0.3358,
      contact_lead_score_avg: 0.5786,
    });
  });

  test("data quality score and flags; reserved example domains are deliverable", () => {
    const beta = aggregateRecords(threeSources(), { countryCode: "ZA", maxPriority: 3 }).table.records()[1]!;
    expect(beta.data_quality_score).toBe(0.2);
    expect(beta.data_quality_flags).toBe("missing_contact_email;missing_contact_phone;missing_province;missing_address");
    expect(dataQuality({ contact_email: true, contact_phone: true, website: false, province: true, address: false })).toEqual({
      score: 0.6,
      flags: "missing_website;missing_address",
    });
    const scores = scoreContact({ name: "A", role: null, email: "a@mail.example.org", phone: null, sourcePriority: 1, maxPriority: 1, intent: 0 });
    expect(scores.emailStatus).toBe("deliverable");
    expect(scores.emailConfidence).toBe(0.92);
    expect(scores.verificationScore).toBe(Number(logistic(0.92).toFixed(4)));
  });

  test("the logistic is 0 at or below 0, 1 at or above 1, 0.5 in the middle", () => {
    expect(logistic(-1)).toBe(0);
    expect(logistic(0)).toBe(0);
    expect(logistic(0.5)).toBe(0.5);
    expect(logistic(1)).toBe(1);
    expect(logistic(0.75)).toBeCloseTo(1 / (1 + Math.exp(-3)), 12);
  });
});
