/**
 * The scores of spec section 6. Contact validation here is offline and deterministic: an address
 * at a reserved example domain is `deliverable`, any other well-formed address `risky` (its
 * mailbox was not checked), a malformed one `undeliverable`; a phone that libphonenumber-js
 * accepted is `deliverable`. Network checks belong to `enrich --allow-network`.
 */

export type ContactStatus = "deliverable" | "risky" | "undeliverable";

export const EMAIL_CONFIDENCE: Record<ContactStatus, number> = { deliverable: 0.92, risky: 0.35, undeliverable: 0 };
export const PHONE_CONFIDENCE: Record<ContactStatus, number> = { deliverable: 0.85, risky: 0.35, undeliverable: 0 };
const EMAIL_PENALTY: Record<ContactStatus, number> = { deliverable: 1, risky: 0.6, undeliverable: 0.2 };
const PHONE_PENALTY: Record<ContactStatus, number> = { deliverable: 1, risky: 0.7, undeliverable: 0.35 };

const RESERVED_DOMAIN = /(^|\.)example\.(com|org|net)$/;
const WELL_FORMED_EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const E164 = /^\+\d{6,}$/;

export function emailStatus(email: string): ContactStatus {
  if (!WELL_FORMED_EMAIL.test(email)) return "undeliverable";
  return RESERVED_DOMAIN.test(email.slice(email.lastIndexOf("@") + 1)) ? "deliverable" : "risky";
}

/** Phones reaching aggregation were validated by libphonenumber-js; anything else is undeliverable. */
export function phoneStatus(phone: string): ContactStatus {
  return E164.test(phone) ? "deliverable" : "undeliverable";
}

/** 1 / (1 + e^(-12 (v - 0.5))), exactly 0 at v <= 0 and 1 at v >= 1. */
export function logistic(v: number): number {
  if (v <= 0) return 0;
  if (v >= 1) return 1;
  return 1 / (1 + Math.exp(-12 * (v - 0.5)));
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export const QUALITY_FIELDS = ["contact_email", "contact_phone", "website", "province", "address"] as const;

/**
 * Present of the five quality fields / 5 (2 decimals) and the flags for the missing ones. There
 * are 32 answers, made once: aggregate asks for every organisation, and each answer made anew was
 * a string per row held to the end of the run.
 */
export function dataQuality(present: Record<(typeof QUALITY_FIELDS)[number], boolean>): { score: number; flags: string } {
  let mask = 0;
  for (let i = 0; i < QUALITY_FIELDS.length; i++) if (present[QUALITY_FIELDS[i]!]) mask |= 1 << i;
  return QUALITY_ANSWERS[mask]!;
}

const QUALITY_ANSWERS = Array.from({ length: 1 << QUALITY_FIELDS.length }, (_, mask) => {
  const missing = QUALITY_FIELDS.filter((_, i) => !(mask & (1 << i)));
  return Object.freeze({ score: round((QUALITY_FIELDS.length - missing.length) / QUALITY_FIELDS.length, 2), flags: missing.length ? missing.map((field) => `missing_${field}`).join(";") : "none" });
});

export interface ContactScoreInput {
  name: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  sourcePriority: number;
  maxPriority: number;
  /** Intent signal score in [0, 1] (0 in refine: intent comes from enrich). */
  intent: number;
}

export interface ContactScores {
  emailStatus: ContactStatus | null;
  emailConfidence: number | null;
  phoneStatus: ContactStatus | null;
  phoneConfidence: number | null;
  leadScore: number;
  verificationScore: number;
}

export function scoreContact(input: ContactScoreInput): ContactScores {
  const eStatus = input.email ? emailStatus(input.email) : null;
  const pStatus = input.phone ? phoneStatus(input.phone) : null;
  const eConf = eStatus ? EMAIL_CONFIDENCE[eStatus] : 0;
  const pConf = pStatus ? PHONE_CONFIDENCE[pStatus] : 0;
  const completeness = ((input.name ? 1 : 0) + (input.email ? 1 : 0) + (input.phone ? 1 : 0) + (input.role ? 1 : 0)) / 4;
  const priorityShare = input.maxPriority > 0 ? input.sourcePriority / input.maxPriority : 0;
  const leadScore = logistic(0.3 * completeness + 0.25 * eConf + 0.15 * pConf + 0.2 * priorityShare + 0.1 * input.intent);

  // The mean of the confidences above 0 (0 when neither is).
  const positive = (eConf > 0 ? 1 : 0) + (pConf > 0 ? 1 : 0);
  const mean = positive ? ((eConf > 0 ? eConf : 0) + (pConf > 0 ? pConf : 0)) / positive : 0;
  let verification = logistic(mean);
  if (eStatus) verification *= EMAIL_PENALTY[eStatus];
  if (pStatus) verification *= PHONE_PENALTY[pStatus];

  return {
    emailStatus: eStatus,
    emailConfidence: eStatus ? eConf : null,
    phoneStatus: pStatus,
    phoneConfidence: pStatus ? pConf : null,
    leadScore: round(leadScore, 4),
    verificationScore: round(verification, 4),
  };
}

/** `email_risky;phone_missing`-style flags for what stops a contact from being verified, or `none`. */
export function validationFlags(scores: Pick<ContactScores, "emailStatus" | "phoneStatus">): string {
  // One of sixteen answers, made once (a string per organisation otherwise).
  return VALIDATION_FLAGS.get(scores.emailStatus)!.get(scores.phoneStatus)!;
}

const STATUSES: readonly (ContactStatus | null)[] = [null, "deliverable", "risky", "undeliverable"];
const VALIDATION_FLAGS = new Map(
  STATUSES.map((email) => [
    email,
    new Map(
      STATUSES.map((phone) => {
        const flags: string[] = [];
        if (!email) flags.push("email_missing");
        else if (email !== "deliverable") flags.push(`email_${email}`);
        if (!phone) flags.push("phone_missing");
        else if (phone !== "deliverable") flags.push(`phone_${phone}`);
        return [phone, flags.length ? flags.join(";") : "none"] as const;
      }),
    ),
  ]),
);
