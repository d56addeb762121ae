import { describe, expect, test } from "bun:test";
import { list, parseArgs, str, bool } from "../../src/cli/parse.ts";
import { telemetryArgs, lineageArgs, loggingArgs } from "../../src/commands/_args.ts";

const defs = { ...telemetryArgs, ...lineageArgs, ...loggingArgs, input: { type: "positional" as const, required: false } };

describe("parseArgs", () => {
  test("repeatable flags keep every value", () => {
    const args = parseArgs(["--telemetry-exporter", "console", "--telemetry-exporter=otlp"], defs);
    expect(list(args, "telemetry-exporter")).toEqual(["console", "otlp"]);
  });

  test("several KEY=VALUE after one --telemetry-resource-attr, as the seed writes them", () => {
    const args = parseArgs(["--telemetry-resource-attr", "env=staging", "team=platform", "--telemetry-resource-attr", "a=b"], defs);
    expect(list(args, "telemetry-resource-attr")).toEqual(["env=staging", "team=platform", "a=b"]);
  });

  test("key=value absorption stops at a token that is not KEY=VALUE", () => {
    const args = parseArgs(["--telemetry-resource-attr", "env=staging", "data.xlsx"], defs);
    expect(list(args, "telemetry-resource-attr")).toEqual(["env=staging"]);
    expect(str(args, "input")).toBe("data.xlsx");
  });

  test("booleans: --flag, --no-flag, --flag=false", () => {
    expect(bool(parseArgs(["--observability"], defs), "observability")).toBe(true);
    expect(bool(parseArgs(["--no-observability"], defs), "observability")).toBe(false);
    expect(bool(parseArgs(["--observability=false"], defs), "observability")).toBe(false);
    expect(bool(parseArgs([], defs), "observability")).toBeUndefined();
  });

  test("defaults apply and explicit flags are recorded as given", () => {
    const args = parseArgs(["--debug"], defs);
    expect(str(args, "log-format")).toBe("text");
    expect(args.given.has("debug")).toBe(true);
    expect(args.given.has("log-format")).toBe(false);
  });

  test("a missing value is an error that names the flag", () => {
    expect(() => parseArgs(["--telemetry-otlp-endpoint"], defs)).toThrow("option '--telemetry-otlp-endpoint' needs a value");
  });

  test("a bad enum value names the flag and the allowed values", () => {
    expect(() => parseArgs(["--log-format", "yaml"], defs)).toThrow("option '--log-format' got 'yaml'; expected one of: text, json");
    expect(() => parseArgs(["--telemetry-exporter", "jaeger"], defs)).toThrow("expected one of: console, otlp, noop");
  });

  test("unknown flags are errors", () => {
    expect(() => parseArgs(["--telemetry-exportr", "x"], defs)).toThrow("unknown option '--telemetry-exportr'");
  });
});
