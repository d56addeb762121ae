/** Hand-made raw records for stage tests: every field empty unless given. */
import type { RawRecord } from "../../src/pipeline/types.ts";

let order = 0;

export function raw(fields: Partial<RawRecord> & Pick<RawRecord, "source_dataset" | "source_record_id">): RawRecord {
  return {
    organization_name: null,
    source_priority: 1,
    input_order: order++,
    province: null,
    area: null,
    address: null,
    category: null,
    organization_type: null,
    status: null,
    website: null,
    planes: null,
    description: null,
    notes: null,
    last_interaction_date: null,
    priority: null,
    contact_names: [],
    contact_roles: [],
    contact_emails: [],
    contact_phones: [],
    ...fields,
  };
}
