/**
 * `hotpass contracts emit`: both schemas are checked by real validators — the Frictionless Table
 * Schema against the official `table-schema.json` (the one the `tableschema` library ships, with
 * ajv for draft-04) and by that library itself; the JSON Schema against the draft-07 meta-schema
 * (ajv) and against tables refine wrote.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Ajv from "ajv";
import Ajv04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Schema } from "tableschema";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { SSOT_COLUMNS } from "../../src/pipeline/types.ts";
import { hotpass, ROOT, tempDir } from "../support/binary.ts";

const work = tempDir("hotpass-contracts-emit-");
afterAll(work.cleanup);

const official = JSON.parse(readFileSync(join(ROOT, "node_modules/tableschema/lib/profiles/table-schema.json"), "utf8"));
const tableSchemaValidator = new Ajv04({ allErrors: true, strict: false }).compile(official);

async function emit(...args: string[]): Promise<Record<string, any>> {
  const result = await hotpass(["contracts", "emit", ...args]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

let refinedJson: string;
beforeAll(async () => {
  await generateAviationWorkbooks({ orgs: 30, out: join(work.path, "data"), seed: 16 });
  refinedJson = join(work.path, "refined.json");
  const refine = await hotpass(["refine", "--profile", "aviation", "--input-dir", join(work.path, "data"), "--output-path", refinedJson]);
  expect(refine.code).toBe(0);
});

describe("--format frictionless (the default)", () => {
  test("is a valid Table Schema by the official JSON Schema and by the tableschema library", async () => {
    const descriptor = await emit("--profile", "aviation");
    expect(tableSchemaValidator(descriptor)).toBe(true);
    const loaded = await Schema.load(descriptor);
    expect(loaded.valid).toBe(true);
    expect(loaded.primaryKey).toEqual(["organization_slug"]);
  });

  test("the official schema bites: a broken descriptor is refused", async () => {
    const descriptor = await emit();
    descriptor.fields[0].type = "text";
    descriptor.fields[1].constraints.required = "yes";
    expect(tableSchemaValidator(descriptor)).toBe(false);
  });

  test("every one of the 42 columns, with its type, emptiness, pattern or range", async () => {
    const { fields } = await emit("--profile", "aviation");
    expect(fields.map((f: { name: string }) => f.name)).toEqual([...SSOT_COLUMNS]);
    const field = (name: string) => fields.find((f: { name: string }) => f.name === name);
    expect(field("organization_slug").constraints).toEqual({ required: true, unique: true });
    expect(field("organization_name").constraints).toEqual({ required: true });
    expect(field("province").constraints).toBeUndefined();
    expect(field("data_quality_score")).toMatchObject({ type: "number", constraints: { minimum: 0, maximum: 1 } });
    expect(field("intent_signal_count").type).toBe("integer");
    expect(field("last_interaction_date")).toMatchObject({ type: "date", format: "default" });
    expect(field("contact_primary_phone").constraints.pattern).toBe("\\+\\d{6,}");
    expect(field("website").constraints.pattern).toBe("https?://.*");
    expect(field("contact_primary_email_status").description).toContain("value_set deliverable, risky, undeliverable");
    expect(field("contact_primary_email").description).toContain("QA tolerates 15% failing");
  });
});

describe("--format jsonschema", () => {
  test("is valid draft-07 and accepts the table refine wrote, row by row", async () => {
    const schema = await emit("--format", "jsonschema", "--profile", "aviation");
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    expect(ajv.validateSchema(schema)).toBe(true);
    const validate = ajv.compile(schema);
    const rows = JSON.parse(readFileSync(refinedJson, "utf8"));
    expect(rows.length).toBeGreaterThan(10);
    expect(validate(rows)).toBe(true);
    expect(schema.definitions.row.required).toEqual([...SSOT_COLUMNS]);
    expect(schema.$comment).toContain("primary key organization_slug");
  });
});

describe("the profile's output rules shape the contract", () => {
  test("a not_null rule makes a column required; a value set and a range on a text column", async () => {
    const profile = join(work.path, "strict.yaml");
    writeFileSync(
      profile,
      [
        "name: strict",
        "expectations:",
        "  output:",
        "    - { rule: not_null, column: website }",
        "    - { rule: value_set, column: priority, values: [High, Medium, Low] }",
        "    - { rule: range, column: planes, min: 0 }",
        "    - { rule: not_null, column: crm_id }",
      ].join("\n"),
    );
    const { fields } = await emit("--profile", profile);
    const field = (name: string) => fields.find((f: { name: string }) => f.name === name);
    expect(field("website").constraints).toEqual({ required: true, pattern: "https?://.*" });
    expect(field("priority").constraints.pattern).toBe("\\s*([hH][iI][gG][hH]|[mM][eE][dD][iI][uU][mM]|[lL][oO][wW])\\s*");
    expect(field("planes").constraints).toBeUndefined();
    expect(field("planes").description).toContain("Checked by hotpass only: range [0, inf]");
    expect(field("crm_id")).toMatchObject({ type: "string", constraints: { required: true } });
    expect(tableSchemaValidator({ fields, primaryKey: ["organization_slug"] })).toBe(true);
  });
});

test("--output writes the same document atomically; a bad --format is a usage error", async () => {
  const output = join(work.path, "contract.json");
  const written = await hotpass(["contracts", "emit", "--format", "jsonschema", "--output", output]);
  expect(written.code).toBe(0);
  expect(written.stdout).toBe("");
  const printed = await hotpass(["contracts", "emit", "--format", "jsonschema"]);
  expect(readFileSync(output, "utf8")).toBe(printed.stdout);
  const bad = await hotpass(["contracts", "emit", "--format", "avro"]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("expected one of: frictionless, jsonschema");
});
