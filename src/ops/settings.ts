/**
 * The one adapter between the ops functions (typed options, callable from the CLI, the dashboard
 * and the MCP server) and the project's settings resolvers that still read parsed flags. When the
 * resolvers take typed inputs, only this file changes.
 */
import type { ParsedArgs, ParsedValue } from "../cli/parse.ts";

/** The lineage flags, typed: `--lineage-url`, `--lineage-file`, `--observability`/`--no-observability`. */
export interface LineageInputs {
  url?: string;
  file?: string;
  observability?: boolean;
}

export function lineageFlags(inputs: LineageInputs = {}): ParsedArgs {
  const values: Record<string, ParsedValue> = {};
  const given = new Set<string>();
  const set = (name: string, value: ParsedValue) => {
    if (value === undefined) return;
    values[name] = value;
    given.add(name);
  };
  set("lineage-url", inputs.url);
  set("lineage-file", inputs.file);
  set("observability", inputs.observability);
  return { values, positionals: {}, given };
}
