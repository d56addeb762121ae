/**
 * What each refined column holds: its type and one line on its meaning, for the table contract.
 * Keyed by `SsotColumn`, so a column added to the SSOT list is a type error here until it is
 * described. Which columns may be empty and which values are allowed are not said here: they come
 * from the output expectation rules (`src/pipeline/expectations.ts`).
 */
import type { SsotColumn } from "../pipeline/types.ts";

/** Table Schema's names, which JSON Schema gets as type + format. */
export type FieldType = "string" | "number" | "integer" | "date" | "datetime";

export interface ColumnSpec {
  type: FieldType;
  description: string;
}

const text = (description: string): ColumnSpec => ({ type: "string", description });
const number = (description: string): ColumnSpec => ({ type: "number", description });

export const COLUMN_SPECS: Readonly<Record<SsotColumn, ColumnSpec>> = {
  organization_name: text("the organisation's name as chosen from its sources"),
  organization_slug: text("lower-case words of the name joined by '-': one row per slug (the primary key)"),
  province: text("South African province, canonical spelling"),
  country: text("English name of the run's region (ZA -> South Africa)"),
  area: text("town, city or area"),
  address_primary: text("the chosen address"),
  organization_category: text("category, e.g. Flight School"),
  organization_type: text("organisation type"),
  status: text("status as the sources give it"),
  website: text("website, normalised to https:// (or http://)"),
  planes: text("every distinct value of the sources, joined with '; '"),
  description: text("every distinct value of the sources, joined with '; '"),
  notes: text("every distinct value of the sources, joined with '; '"),
  source_datasets: text("the source labels that contributed, sorted, joined with '; '"),
  source_record_ids: text("the source records that contributed (key:row), sorted, joined with '; '"),
  contact_primary_name: text("name of the primary contact"),
  contact_primary_role: text("role of the primary contact"),
  contact_primary_email: text("the primary email address"),
  contact_primary_phone: text("the primary phone number, E.164 (+27...)"),
  contact_primary_email_confidence: number("confidence in the primary email (0..1)"),
  contact_primary_email_status: text("deliverable, risky or undeliverable"),
  contact_primary_phone_confidence: number("confidence in the primary phone (0..1)"),
  contact_primary_phone_status: text("deliverable, risky or undeliverable"),
  contact_primary_lead_score: number("lead score of the primary contact (0..1)"),
  intent_signal_score: number("intent signal score (0..1)"),
  intent_signal_count: { type: "integer", description: "number of intent signals" },
  intent_signal_types: text("kinds of intent signal, joined with ';'"),
  intent_last_observed_at: { type: "datetime", description: "when an intent signal was last observed" },
  intent_top_insights: text("the strongest intent insights"),
  contact_validation_flags: text("email_missing, email_risky, ... joined with ';'"),
  contact_secondary_emails: text("the other email addresses, joined with ';'"),
  contact_secondary_phones: text("the other phone numbers, joined with ';'"),
  contact_email_confidence_avg: number("mean confidence of all emails (0..1)"),
  contact_phone_confidence_avg: number("mean confidence of all phones (0..1)"),
  contact_verification_score_avg: number("contact verification score (0..1)"),
  contact_lead_score_avg: number("mean lead score of the contacts (0..1)"),
  data_quality_score: number("share of email, phone, website, province and address present (0..1)"),
  data_quality_flags: text("the missing ones (missing_contact_email;...) or none"),
  selection_provenance: text("JSON: for every chosen field its value, source and the other contributors"),
  last_interaction_date: { type: "date", description: "the latest interaction across the sources (YYYY-MM-DD)" },
  priority: text("priority as the sources give it"),
  privacy_basis: text("the lawful basis for processing, e.g. legitimate_interest"),
};
