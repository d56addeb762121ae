import { describe, expect, test } from "bun:test";
import { HotpassError } from "../../src/errors.ts";
import { redactUrl, resolveTelemetryOptions, type ResolveInput } from "../../src/telemetry/options.ts";
import { flagInputs } from "../support/flags.ts";

function resolve(argv: string[], env: Record<string, string> = {}, profile?: ResolveInput["profile"]) {
  return resolveTelemetryOptions({ inputs: flagInputs(argv).telemetry, env, profile });
}

function usageFailure(run: () => unknown): HotpassError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HotpassError);
    expect((error as HotpassError).exitCode).toBe(2);
    return error as HotpassError;
  }
  throw new Error("expected a usage error");
}

const profile = (over: Partial<NonNullable<ResolveInput["profile"]>>): ResolveInput["profile"] => ({
  features: {},
  options: {},
  ...over,
});

describe("which exporters run", () => {
  test("nothing configured: nothing exported, the SDK stays unloaded", () => {
    const options = resolve([]);
    expect(options.enabled).toBe(false);
    expect(options.console).toBe(false);
    expect(options.otlp).toBeUndefined();
  });

  test("--observability turns the console exporter on; --no-observability overrides the profile", () => {
    expect(resolve(["--observability"]).console).toBe(true);
    expect(resolve([], {}, profile({ features: { observability: true } })).console).toBe(true);
    expect(resolve(["--no-observability"], {}, profile({ observability: true })).enabled).toBe(false);
  });

  test("several exporters at once; noop adds nothing", () => {
    const options = resolve(["--telemetry-exporter", "console", "--telemetry-exporter", "otlp", "--telemetry-exporter", "noop"]);
    expect(options.console).toBe(true);
    expect(options.otlp).toBeDefined();
    expect(resolve(["--telemetry-exporter", "noop"]).enabled).toBe(false);
  });

  test("an OTLP endpoint in the environment means otlp; a flag exporter beats it", () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };
    expect(resolve([], env).otlp?.tracesUrl).toBe("http://collector:4318/v1/traces");
    expect(resolve(["--telemetry-exporter", "noop"], env).enabled).toBe(false);
  });

  test("OTEL_SDK_DISABLED=true turns telemetry off unless flags ask for an exporter", () => {
    const env = { OTEL_SDK_DISABLED: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };
    expect(resolve([], env).enabled).toBe(false);
    expect(resolve(["--telemetry-exporter", "console"], env).console).toBe(true);
  });

  test("profile: options.telemetry_exporters sets the default; observability: false turns it off", () => {
    expect(resolve([], {}, profile({ options: { telemetry_exporters: ["otlp"] } })).otlp).toBeDefined();
    expect(resolve([], {}, profile({ observability: false, options: { telemetry_exporters: ["console"] } })).enabled).toBe(false);
    expect(resolve(["--telemetry-exporter", "console"], {}, profile({ observability: false })).console).toBe(true);
  });

  test("--no-observability with an exporter flag is a contradiction (exit 2)", () => {
    const error = usageFailure(() => resolve(["--no-observability", "--telemetry-exporter", "otlp"]));
    expect(error.message).toContain("--no-observability");
  });
});

describe("OTLP endpoints", () => {
  test("an endpoint without --telemetry-exporter otlp is a usage error that says so", () => {
    const error = usageFailure(() => resolve(["--telemetry-otlp-endpoint", "http://collector:4318"]));
    expect(error.message).toBe("--telemetry-otlp-endpoint needs --telemetry-exporter otlp");
    usageFailure(() => resolve(["--telemetry-exporter", "console", "--telemetry-otlp-metrics-endpoint", "collector:4318"]));
  });

  test("host:port gets https by default, http with --telemetry-otlp-insecure", () => {
    const otlp = ["--telemetry-exporter", "otlp", "--telemetry-otlp-endpoint", "collector:4318"];
    expect(resolve(otlp).otlp?.tracesUrl).toBe("https://collector:4318/v1/traces");
    expect(resolve([...otlp, "--telemetry-otlp-secure"]).otlp?.tracesUrl).toBe("https://collector:4318/v1/traces");
    expect(resolve([...otlp, "--telemetry-otlp-insecure"]).otlp?.tracesUrl).toBe("http://collector:4318/v1/traces");
    usageFailure(() => resolve([...otlp, "--telemetry-otlp-insecure", "--telemetry-otlp-secure"]));
  });

  test("the metrics endpoint defaults to the traces endpoint's host; its own flag wins", () => {
    const base = ["--telemetry-exporter", "otlp", "--telemetry-otlp-endpoint", "http://a:4318/custom/traces"];
    expect(resolve(base).otlp).toMatchObject({ tracesUrl: "http://a:4318/custom/traces", metricsUrl: "http://a:4318/v1/metrics" });
    const own = resolve([...base, "--telemetry-otlp-metrics-endpoint", "http://b:9000"]);
    expect(own.otlp?.metricsUrl).toBe("http://b:9000/v1/metrics");
  });

  test("OTEL_* endpoints: signal-specific used as is, generic gets the signal path; flags win", () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://generic:4318/base",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://traces:4318/t",
    };
    expect(resolve([], env).otlp).toMatchObject({
      tracesUrl: "http://traces:4318/t",
      metricsUrl: "http://generic:4318/base/v1/metrics",
    });
    const flagged = resolve(["--telemetry-exporter", "otlp", "--telemetry-otlp-endpoint", "http://flag:4318"], env);
    expect(flagged.otlp).toMatchObject({ tracesUrl: "http://flag:4318/v1/traces", metricsUrl: "http://flag:4318/v1/metrics" });
    const metricsEnv = resolve([], { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "http://m:1/x", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://t:1/y" });
    expect(metricsEnv.otlp?.metricsUrl).toBe("http://m:1/x");
  });

  test("port 4317 gets the one-line OTLP/HTTP warning (and nothing else changes)", () => {
    const options = resolve(["--telemetry-exporter", "otlp", "--telemetry-otlp-endpoint", "localhost:4317"]);
    expect(options.warnings).toHaveLength(1);
    expect(options.warnings[0]).toContain("4318");
    expect(options.otlp?.tracesUrl).toBe("https://localhost:4317/v1/traces");
    expect(resolve(["--telemetry-exporter", "otlp", "--telemetry-otlp-endpoint", "localhost:4318"]).warnings).toEqual([]);
  });

  test("headers: OTEL_EXPORTER_OTLP_HEADERS merged under the flags; a bad header never echoes its value", () => {
    const options = resolve(
      ["--telemetry-exporter", "otlp", "--telemetry-otlp-header", "authorization=Bearer flag", "--telemetry-otlp-header", "x-a=1"],
      { OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer%20env,x-b=2" },
    );
    expect(options.otlp?.headers).toEqual({ authorization: "Bearer flag", "x-a": "1", "x-b": "2" });
    const error = usageFailure(() => resolve(["--telemetry-exporter", "otlp", "--telemetry-otlp-header", "TopSecretToken"]));
    expect(`${error.message} ${error.hint}`).not.toContain("TopSecretToken");
  });

  test("timeout: flag seconds > OTEL_EXPORTER_OTLP_TIMEOUT milliseconds > 5 s; bad values exit 2", () => {
    expect(resolve([]).timeoutMs).toBe(5000);
    expect(resolve([], { OTEL_EXPORTER_OTLP_TIMEOUT: "2500" }).timeoutMs).toBe(2500);
    expect(resolve(["--telemetry-otlp-timeout", "1.5"], { OTEL_EXPORTER_OTLP_TIMEOUT: "2500" }).timeoutMs).toBe(1500);
    usageFailure(() => resolve(["--telemetry-otlp-timeout", "soon"]));
    usageFailure(() => resolve(["--telemetry-otlp-timeout", "0"]));
  });
});

describe("resource attributes and names", () => {
  test("several KEY=VALUE after one flag; flags > OTEL_RESOURCE_ATTRIBUTES > profile", () => {
    const options = resolve(
      ["--telemetry-resource-attr", "env=staging", "team=platform", "--telemetry-resource-attr", "run.kind=ci"],
      { OTEL_RESOURCE_ATTRIBUTES: "team=env-team,region=eu%2Dwest" },
      profile({ options: { telemetry_resource_attributes: { region: "profile", owner: "data" } } }),
    );
    expect(options.resourceAttributes).toEqual({
      env: "staging",
      team: "platform",
      "run.kind": "ci",
      region: "eu-west",
      owner: "data",
    });
  });

  test("service name: flag > OTEL_SERVICE_NAME > OTEL_RESOURCE_ATTRIBUTES > hotpass", () => {
    expect(resolve([]).serviceName).toBe("hotpass");
    expect(resolve([], { OTEL_RESOURCE_ATTRIBUTES: "service.name=attr" }).serviceName).toBe("attr");
    expect(resolve([], { OTEL_RESOURCE_ATTRIBUTES: "service.name=attr", OTEL_SERVICE_NAME: "env" }).serviceName).toBe("env");
    expect(resolve(["--telemetry-service-name", "flag"], { OTEL_SERVICE_NAME: "env" }).serviceName).toBe("flag");
  });

  test("--telemetry-environment beats deployment.environment.name from the environment", () => {
    const env = { OTEL_RESOURCE_ATTRIBUTES: "deployment.environment.name=dev" };
    expect(resolve([], env).environment).toBe("dev");
    expect(resolve(["--telemetry-environment", "production"], env).environment).toBe("production");
  });

  test("a resource attribute without '=' is a usage error naming the token", () => {
    const error = usageFailure(() => resolve(["--telemetry-resource-attr", "=x"]));
    expect(error.message).toContain("--telemetry-resource-attr expects KEY=VALUE");
  });
});

describe("printing endpoints", () => {
  test("credentials and query strings never appear in a printed URL", () => {
    expect(redactUrl("https://user:pa55@collector:4318/v1/traces?token=abc")).toBe("https://collector:4318/v1/traces");
  });
});

describe("console output stream", () => {
  test("stdout normally, stderr when stdout carries machine output", () => {
    const inputs = flagInputs(["--observability"]).telemetry;
    expect(resolveTelemetryOptions({ inputs, env: {} }).consoleStream).toBe("stdout");
    expect(resolveTelemetryOptions({ inputs, env: {}, machineStdout: true }).consoleStream).toBe("stderr");
  });
});
