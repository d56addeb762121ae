/**
 * Turns one sheet row into the canonical raw record's fields (spec section 3), and merges a
 * joined sheet's row into the record it joins. Values stay as read; normalise cleans them.
 */
import { CANONICAL_FIELDS, type CanonicalField } from "../../profiles/types.ts";
import type { RawRecord } from "../types.ts";
import type { ColumnPlan } from "./map.ts";

export type ScalarField = Exclude<
  CanonicalField,
  "contact_name" | "contact_first_name" | "contact_surname" | "contact_role" | "contact_email" | "contact_phone"
>;

/** The canonical fields that hold one value per row (the contact fields are lists). */
export const SCALAR_FIELDS: readonly ScalarField[] = CANONICAL_FIELDS.filter(
  (field): field is ScalarField => !field.startsWith("contact_"),
);

/** Fields whose distinct values from joined rows are all kept (the rest keep their first value). */
const ACCUMULATED: ReadonlySet<ScalarField> = new Set(["planes", "description", "notes"]);

export interface RowValues {
  scalars: Partial<Record<ScalarField, string>>;
  contact_names: string[];
  contact_roles: string[];
  contact_emails: string[];
  contact_phones: string[];
}

const EMAIL_SEPARATORS = /[;,/|\s]+/;
const PHONE_SEPARATORS = /[;,/|]+/;

function cell(cells: string[], index: number): string {
  const value = cells[index];
  return value === undefined ? "" : value.trim();
}

function collect(cells: string[], columns: number[] | undefined, separators: RegExp, into: string[]): void {
  for (const index of columns ?? []) {
    for (const part of cell(cells, index).split(separators)) {
      const value = part.trim();
      if (value !== "") into.push(value);
    }
  }
}

/**
 * Reads a sheet's rows by `plan`, filling constants where the sheet has no column for a field.
 * The plan is worked out once per sheet: only the scalar fields the sheet maps (or has a constant
 * for) are visited per row, instead of looking every field up in the plan and the constants for
 * each of hundreds of thousands of rows.
 */
export function rowReader(plan: ColumnPlan, constants: Partial<Record<CanonicalField, string>>): (cells: string[]) => RowValues {
  const scalars = SCALAR_FIELDS.flatMap((field) => {
    const columns = plan[field] ?? [];
    const constant = constants[field] ?? "";
    return columns.length || constant ? [{ field, columns, constant, separator: field === "address" ? ", " : "; " }] : [];
  });
  return (cells) => {
    const values: RowValues = { scalars: {}, contact_names: [], contact_roles: [], contact_emails: [], contact_phones: [] };
    for (const { field, columns, constant, separator } of scalars) {
      let text = "";
      for (const index of columns) {
        const part = cell(cells, index);
        if (part !== "") text = text === "" ? part : text + separator + part;
      }
      if (text === "") text = constant;
      if (text !== "") values.scalars[field] = text;
    }
    contactsInto(values, cells, plan);
    return values;
  };
}

function contactsInto(values: RowValues, cells: string[], plan: ColumnPlan): void {
  let name = plan.contact_name ? cell(cells, plan.contact_name[0]!) : "";
  if (name === "") {
    name = [plan.contact_first_name, plan.contact_surname]
      .map((columns) => (columns ? cell(cells, columns[0]!) : ""))
      .filter((part) => part !== "")
      .join(" ");
  }
  let role = plan.contact_role ? cell(cells, plan.contact_role[0]!) : "";
  // "Jane Smith (Chief Flying Instructor)": a name column that also carries the role.
  const withRole = role === "" ? /^(.+?)\s*\(([^()]+)\)\s*$/.exec(name) : null;
  if (withRole) {
    name = withRole[1]!;
    role = withRole[2]!.trim();
  }
  if (name !== "") values.contact_names.push(name);
  if (role !== "") values.contact_roles.push(role);
  collect(cells, plan.contact_email, EMAIL_SEPARATORS, values.contact_emails);
  collect(cells, plan.contact_phone, PHONE_SEPARATORS, values.contact_phones);
}

export interface RecordOrigin {
  source_dataset: string;
  source_record_id: string;
  source_priority: number;
  input_order: number;
}

export function newRecord(values: RowValues, origin: RecordOrigin): RawRecord {
  const s = values.scalars;
  return {
    organization_name: s.organization_name ?? null,
    ...origin,
    province: s.province ?? null,
    area: s.area ?? null,
    address: s.address ?? null,
    category: s.category ?? null,
    organization_type: s.organization_type ?? null,
    status: s.status ?? null,
    website: s.website ?? null,
    planes: s.planes ?? null,
    description: s.description ?? null,
    notes: s.notes ?? null,
    last_interaction_date: s.last_interaction_date ?? null,
    priority: s.priority ?? null,
    contact_names: values.contact_names,
    contact_roles: values.contact_roles,
    contact_emails: values.contact_emails,
    contact_phones: values.contact_phones,
  };
}

/** Adds a joined row to its record: empty fields are filled, notes-like fields gather, contacts append. */
export function mergeInto(record: RawRecord, values: RowValues): void {
  for (const field of SCALAR_FIELDS) {
    const value = values.scalars[field];
    if (value === undefined || field === "organization_name") continue;
    const current = record[field];
    if (current === null) record[field] = value;
    else if (ACCUMULATED.has(field) && !current.split("; ").includes(value)) record[field] = `${current}; ${value}`;
  }
  record.contact_names.push(...values.contact_names);
  record.contact_roles.push(...values.contact_roles);
  record.contact_emails.push(...values.contact_emails);
  record.contact_phones.push(...values.contact_phones);
}
