/**
 * `hotpass contracts validate TABLE [--profile ...] [--format ...] [--limit N] [--json]`: one line
 * per violation (row, column, value, rule), at most N of them with a count of the rest; exit 0
 * when the table meets the contract, 2 on any violation.
 */
import { defineHotpassCommand } from "../../cli/command.ts";
import { contractError, usageError } from "../../errors.ts";
import type { ContractCheck, Violation } from "../../contracts/index.ts";
import { contractArgs, contractFor, FORMATS } from "./_common.ts";

/** Cell text for a terminal: JSON-quoted (control characters escaped), long values cut. */
function shown(value: Violation["value"]): string {
  if (value === null) return "(empty)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function lines(check: ContractCheck): string[] {
  const rows = check.violations.map((v) => `${v.row === null ? "-" : `row ${v.row}`}\t${v.column}\t${shown(v.value)}\t${v.rule}`);
  const rest = check.violationCount - check.violations.length;
  if (rest > 0) rows.push(`… and ${rest} more violation${rest === 1 ? "" : "s"} (--limit N shows more)`);
  return rows;
}

export default defineHotpassCommand({
  meta: { name: "validate", description: "Check a refined or enriched table against the contract: exit 0 when it holds, 2 on any violation" },
  args: {
    table: { type: "positional", description: "the table (.xlsx, .csv, .parquet, .json, ... any format refine writes)" },
    ...contractArgs,
    format: { type: "enum", options: FORMATS, description: "check only what that emitted schema can state (default: the whole contract)" },
    limit: { type: "string", valueHint: "n", default: "50", description: "how many violations to print (all are counted)" },
    json: { type: "boolean", description: "print the result as JSON (still exit 2 on a violation)" },
  },
  async run({ args }) {
    const limit = Number(args.limit);
    if (!Number.isInteger(limit) || limit < 1) throw usageError(`--limit must be a whole number above 0, got '${args.limit}'`);
    const { checkTable } = await import("../../contracts/index.ts");
    const { table } = args;
    const check = await checkTable(table, await contractFor(args), { limit, as: args.format });
    if (args.json) {
      console.log(JSON.stringify(check, null, 2));
      return check.valid ? 0 : 2;
    }
    for (const notice of check.notices) process.stderr.write(`hotpass: notice: ${notice}\n`);
    const against = `the table contract (profile ${check.profile}${check.checkedAs ? `, as ${check.checkedAs} states it` : ""})`;
    if (check.valid) {
      console.log(`ok: ${table} meets ${against}: ${check.rows} rows`);
      return 0;
    }
    console.log(lines(check).join("\n"));
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    throw contractError(
      `${table} breaks ${against}: ${plural(check.violationCount, "violation")} in ${check.rowsWithViolations} of ${plural(check.rows, "row")}`,
      "fix the rows listed, or refine again; `hotpass contracts emit` shows every rule",
    );
  },
});
