/**
 * The refined table's contract: built from the SSOT columns and the output expectation rules,
 * emitted as a Frictionless Table Schema or a JSON Schema, and checked against a table.
 *
 * @example
 * import { loadProfile } from "../profiles/index.ts";
 * import { checkTable, emitContract, tableContract } from "./contracts/index.ts";
 * const contract = await tableContract(await loadProfile("aviation", []));
 * const schema = emitContract(contract, "jsonschema");           // a JSON Schema document
 * const check = await checkTable("dist/refined.csv", contract);  // { valid, violationCount, violations: [{row, column, value, rule}] }
 */
import { contractTableSchema } from "./frictionless.ts";
import { contractJsonSchema } from "./json-schema.ts";
import type { ContractFormat, TableContract } from "./contract.ts";

export { checkTable, ContractChecker, type CheckOptions, type ContractCheck, type Violation } from "./check.ts";
export { COLUMN_SPECS, type ColumnSpec, type FieldType } from "./columns.ts";
export { CONTRACT_FORMATS, PRIMARY_KEY, tableContract, type ContractField, type ContractFormat, type TableContract, type ValueRule } from "./contract.ts";

/** The contract as a schema document of `format`. */
export function emitContract(contract: TableContract, format: ContractFormat): Record<string, unknown> {
  return format === "frictionless" ? contractTableSchema(contract) : contractJsonSchema(contract);
}
