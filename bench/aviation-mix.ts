/**
 * The rates that shape the generated aviation workbooks (bench/generate.ts): who is on which
 * source, how many contacts, how many duplicates and placeholders, how long the notes are. The
 * layouts (sheets, columns) never change; only the mix does, so the same profile reads every mix.
 *
 * `DEFAULT_MIX` is the generator as it has always been (about 2.0 source rows per organisation;
 * the same seed gives the same bytes as before the mix existed). `DENSE_MIX` is data the pipeline
 * was not tuned to: about 2.3 source rows per organisation, more contacts per organisation, more
 * organisations on several sources, organisations entered twice under a new key, three times the
 * placeholder rows, and long call-log notes.
 */
import type { ContactRates } from "./aviation-data.ts";

export interface AviationMix {
  /** Chance an organisation is on each source (one on neither SACAA nor Reachout is always on Contact Database). */
  membership: { sacaa: number; reachout: number; contact: number; capture: number };
  contacts: ContactRates;
  /** Chance Reachout's Contact Info lists only the first contact; otherwise up to `contactInfoMax` of them. */
  contactInfoFirstOnly: number;
  contactInfoMax: number;
  /** Chance a Contact Database organisation has a row on Company_Contacts; `companyContactsAll`: one per contact. */
  companyContacts: number;
  companyContactsAll: boolean;
  /** Chance a Company_Cat row was pasted twice (a duplicate C_ID, dropped on load). */
  pastedTwice: number;
  /** Chance an organisation was entered again on Company_Cat under a new C_ID (kept, merged by slug). */
  reentered: number;
  /** Chance a SACAA school is listed twice (a duplicate key). */
  sacaaTwice: number;
  /** Chance of a placeholder row after a Company_Cat or SACAA row; `variedPlaceholders`: n/a, -, ??? too. */
  placeholders: number;
  variedPlaceholders: boolean;
  /** Chance of a note on Reachout's Organisation sheet, and that it is a long call log rather than a phrase. */
  notes: number;
  longNotes: number;
}

export const DEFAULT_MIX: AviationMix = {
  membership: { sacaa: 0.12, reachout: 0.3, contact: 0.45, capture: 0.02 },
  contacts: { second: 0.35, more: 0 },
  contactInfoFirstOnly: 0.8,
  contactInfoMax: 2,
  companyContacts: 0.35,
  companyContactsAll: false,
  pastedTwice: 0.005,
  reentered: 0,
  sacaaTwice: 0.01,
  placeholders: 0.02,
  variedPlaceholders: false,
  notes: 0.3,
  longNotes: 0,
};

export const DENSE_MIX: AviationMix = {
  membership: { sacaa: 0.16, reachout: 0.33, contact: 0.45, capture: 0.03 },
  contacts: { second: 0.45, more: 0.3 },
  contactInfoFirstOnly: 0.6,
  contactInfoMax: 6,
  companyContacts: 0.3,
  companyContactsAll: true,
  pastedTwice: 0.02,
  reentered: 0.04,
  sacaaTwice: 0.04,
  placeholders: 0.06,
  variedPlaceholders: true,
  notes: 0.6,
  longNotes: 0.7,
};
