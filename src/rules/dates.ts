/**
 * Dates as they appear in real workbooks, written `YYYY-MM-DD` (spec section 4): ISO
 * (`2025-02-18`, `2025/02/18`, with or without a time), day-first (`05/02/2025` is 5 February),
 * month names (`March 10, 2025`, `10 Mar 2025`, `10-Mar-2025`) and Excel serial numbers
 * (`45706`). `1970-01-01` is a placeholder in the real files and becomes null, as does anything
 * that is not a real calendar date.
 */
import { BoundedCache } from "./_cache.ts";

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t\s].*)?$/;
const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s.*)?$/;
const MONTH_FIRST_NAME = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/;
const DAY_FIRST_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4})$/;
const SERIAL = /^\d{4,5}(\.\d+)?$/;
/** Excel serials from 1930 to 2100: a bare 4–5 digit number outside this range is not a date. */
const SERIAL_MIN = 10959;
const SERIAL_MAX = 73415;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const PLACEHOLDER = "1970-01-01";

/** Each distinct cell text is parsed once; bounded at 100,000 entries. */
const parsed = new BoundedCache<string | null>(100_000);

/** `05/02/2025` -> `2025-02-05`; null when `raw` is empty, a placeholder or not a date. */
export function normaliseDate(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  let date = parsed.get(raw);
  if (date === undefined) {
    date = parseDate(raw.trim().toLowerCase());
    if (date === PLACEHOLDER) date = null;
    parsed.set(raw, date);
  }
  return date;
}

function parseDate(text: string): string | null {
  if (!text) return null;
  let m = ISO.exec(text);
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!);
  m = DAY_FIRST.exec(text);
  if (m) return ymd(+m[3]!, +m[2]!, +m[1]!);
  m = MONTH_FIRST_NAME.exec(text);
  if (m) return ymd(+m[3]!, month(m[1]!), +m[2]!);
  m = DAY_FIRST_NAME.exec(text);
  if (m) return ymd(+m[3]!, month(m[2]!), +m[1]!);
  if (SERIAL.test(text)) {
    const serial = Math.floor(Number(text));
    if (serial < SERIAL_MIN || serial > SERIAL_MAX) return null;
    return new Date(EXCEL_EPOCH_MS + serial * DAY_MS).toISOString().slice(0, 10);
  }
  return null;
}

function month(name: string): number {
  return MONTHS[name.slice(0, name.startsWith("sept") ? 4 : 3)] ?? 0;
}

function ymd(year: number, monthNumber: number, day: number): string | null {
  if (monthNumber < 1 || monthNumber > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, monthNumber - 1, day));
  if (date.getUTCMonth() !== monthNumber - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(monthNumber).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
