import { describe, expect, test } from "bun:test";
import { defineArgs } from "../../src/cli/args.ts";
import { parseArgs, typedArgs } from "../../src/cli/parse.ts";
import { telemetryArgs, lineageArgs, loggingArgs } from "../../src/commands/_args.ts";

const defs = defineArgs({ ...telemetryArgs, ...lineageArgs, ...loggingArgs, input: { type: "positional", required: false } });
const typed = (argv: string[]) => typedArgs(parseArgs(argv, defs), defs);

describe("parseArgs", () => {
  test("repeatable flags keep every value", () => {
    expect(typed(["--telemetry-exporter", "console", "--telemetry-exporter=otlp"]).telemetryExporter).toEqual(["console", "otlp"]);
  });

  test("several KEY=VALUE after one --telemetry-resource-attr, as the seed writes them", () => {
    const args = typed(["--telemetry-resource-attr", "env=staging", "team=platform", "--telemetry-resource-attr", "a=b"]);
    expect(args.telemetryResourceAttr).toEqual(["env=staging", "team=platform", "a=b"]);
  });

  test("key=value absorption stops at a token that is not KEY=VALUE", () => {
    const args = typed(["--telemetry-resource-attr", "env=staging", "data.xlsx"]);
    expect(args.telemetryResourceAttr).toEqual(["env=staging"]);
    expect(args.input).toBe("data.xlsx");
  });

  test("booleans: --flag, --no-flag, --flag=false", () => {
    expect(typed(["--observability"]).observability).toBe(true);
    expect(typed(["--no-observability"]).observability).toBe(false);
    expect(typed(["--observability=false"]).observability).toBe(false);
    expect(typed([]).observability).toBeUndefined();
  });

  test("defaults apply and explicit flags are recorded as given", () => {
    const parsed = parseArgs(["--debug"], defs);
    expect(typedArgs(parsed, defs).logFormat).toBe("text");
    expect(parsed.given.has("debug")).toBe(true);
    expect(parsed.given.has("log-format")).toBe(false);
  });

  test("a missing value is an error that names the flag", () => {
    expect(() => parseArgs(["--telemetry-otlp-endpoint"], defs)).toThrow("option '--telemetry-otlp-endpoint' needs a value");
  });

  test("a bad enum value names the flag and the allowed values", () => {
    expect(() => parseArgs(["--log-format", "yaml"], defs)).toThrow("option '--log-format' got 'yaml'; expected one of: text, json");
    expect(() => parseArgs(["--telemetry-exporter", "jaeger"], defs)).toThrow("expected one of: console, otlp, noop");
  });

  test("unknown flags are errors that suggest the closest flag", () => {
    expect(() => parseArgs(["--telemetry-exportr", "x"], defs)).toThrow("unknown option '--telemetry-exportr' (did you mean --telemetry-exporter?)");
    expect(() => parseArgs(["--zzz"], defs)).toThrow(/^unknown option '--zzz'$/);
  });

  test("the parsed flags are typed from their declaration", () => {
    const args = typed(["--log-format", "json"]);
    const format: "text" | "json" = args.logFormat;
    expect(format).toBe("json");
    // @ts-expect-error a misspelt flag name is a type error, not undefined at run time
    expect(args.logFormatt).toBeUndefined();
  });
});
