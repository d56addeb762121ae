/**
 * Chooses, per empty field, the candidate with the highest confidence at or above the threshold
 * (a tie goes to the fetcher tried first), fills it, and keeps the dependent status columns
 * consistent with refine's offline rules. A field that already has a value is never touched.
 */
import { emailDomain } from "../rules/index.ts";
import { RESERVED_DOMAINS } from "./za.ts";
import type { Candidate, ProvenanceEntry, RowView } from "./types.ts";

export function choose(candidates: Candidate[], threshold: number): Map<string, Candidate> {
  const best = new Map<string, Candidate>();
  for (const candidate of candidates) {
    if (candidate.confidence < threshold) continue;
    const current = best.get(candidate.column);
    if (!current || candidate.confidence > current.confidence) best.set(candidate.column, candidate);
  }
  return best;
}

/** Fills the chosen values into the row; returns one provenance entry per field written. */
export function applyChoices(
  row: RowView,
  chosen: Map<string, Candidate>,
  context: { timestamp: string; networkStatus: string },
): ProvenanceEntry[] {
  const entries: ProvenanceEntry[] = [];
  const record = (field: string, candidate: Candidate, confidence = candidate.confidence, strategy = candidate.strategy) =>
    entries.push({
      field,
      source: candidate.source,
      timestamp: context.timestamp,
      confidence,
      strategy,
      network_status: context.networkStatus,
    });
  for (const candidate of chosen.values()) {
    if (row.get(candidate.column) !== null) continue;
    row.set(candidate.column, candidate.value);
    record(candidate.column, candidate);
    // A filled email or phone gets the status refine would have given it offline, so the
    // status columns never contradict the value beside them.
    if (candidate.column === "contact_primary_email" && row.get("contact_primary_email_status") === null) {
      const domain = emailDomain(candidate.value);
      const [status, confidence] = domain && RESERVED_DOMAINS.has(domain) ? ["deliverable", 0.92] : ["risky", 0.35];
      row.set("contact_primary_email_status", status);
      row.set("contact_primary_email_confidence", confidence);
      record("contact_primary_email_status", candidate, confidence, "offline_validation");
    }
    if (candidate.column === "contact_primary_phone" && row.get("contact_primary_phone_status") === null) {
      row.set("contact_primary_phone_status", "deliverable");
      row.set("contact_primary_phone_confidence", 0.85);
      record("contact_primary_phone_status", candidate, 0.85, "offline_validation");
    }
  }
  return entries;
}
