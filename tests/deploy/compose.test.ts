/**
 * deploy/compose/: checked with a real compose parser (Debian's docker-compose; no engine runs
 * here), and its ports and URLs checked against the binary's own defaults, read from the source.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { PRESETS } from "../../src/net/options.ts";
import { endpointFromUrl } from "../../src/telemetry/lineage/config.ts";
import { resolveTelemetryOptions } from "../../src/telemetry/options.ts";
import { ROOT, tempDir } from "../support/binary.ts";
import { DEPLOY, readYaml, type Yaml } from "./recipes.ts";

const COMPOSE = join(DEPLOY, "compose", "compose.yaml");

function composeConfig(env: Record<string, string> = {}): Yaml {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/_PORT$/.test(key)));
  const result = Bun.spawnSync(["docker-compose", "-f", COMPOSE, "config"], { env: { ...clean, ...env } as Record<string, string>, stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`docker-compose config failed: ${result.stderr}`);
  return parse(result.stdout.toString()) as Yaml;
}

function published(service: Yaml): Map<number, number> {
  return new Map((service.ports as Yaml[]).map((p) => [Number(p.target), Number(p.published)]));
}

/** The binary's default OTLP traces URL, as the telemetry resolver computes it with nothing set. */
function defaultOtlpUrl(): URL {
  const dir = tempDir();
  try {
    const options = resolveTelemetryOptions({ inputs: { exporters: ["otlp"] }, env: { HOTPASS_CONFIG_DIR: dir.path } });
    return new URL(options.otlp!.tracesUrl);
  } finally {
    dir.cleanup();
  }
}

describe("deploy/compose", () => {
  test("docker-compose parses the file; every image is pinned to a version", () => {
    const config = composeConfig();
    expect(Object.keys(config.services).sort()).toEqual(["jaeger", "marquez", "marquez-db", "marquez-web", "otel-collector"]);
    for (const [name, service] of Object.entries(config.services as Record<string, Yaml>)) {
      expect(`${name}: ${service.image}`).toMatch(/^[\w-]+: [^\s:]+:\d+(\.\d+)+$/);
    }
  });

  test("Marquez is published on the port the binary's tunnel preset and docs use, and its config listens there", () => {
    const config = composeConfig();
    const marquez = config.services.marquez;
    const server = readYaml(join(DEPLOY, "compose", "marquez.yml")).server;
    const apiPort = server.applicationConnectors[0].port as number;
    expect(published(marquez).get(apiPort)).toBe(PRESETS.marquez.port);
    // The URL the compose file tells users to set names the same endpoint hotpass posts to.
    const header = readFileSync(COMPOSE, "utf8");
    const url = header.match(/OPENLINEAGE_URL=(\S+)/)![1]!;
    expect(endpointFromUrl(url, "OPENLINEAGE_URL", {}).lineageUrl).toBe(`http://localhost:${PRESETS.marquez.port}/api/v1/lineage`);
    // The web UI reaches the API by its service name and port.
    expect(config.services["marquez-web"].environment).toMatchObject({ MARQUEZ_HOST: "marquez", MARQUEZ_PORT: String(apiPort) });
    expect(marquez.environment.POSTGRES_HOST).toBe("marquez-db");
  });

  test("the collector takes OTLP/HTTP on the binary's default endpoint and port (not gRPC's 4317)", () => {
    const config = composeConfig();
    const collector = config.services["otel-collector"];
    const mounted = (collector.volumes as string[]).map((v) => v.split(":"));
    const [hostPath, containerPath] = mounted.find(([, target]) => collector.command.join(" ").includes(target!))!;
    expect(existsSync(hostPath!)).toBe(true);
    expect(containerPath).toBe("/etc/otelcol/config.yaml");
    const otel = readYaml(hostPath!);
    expect(otel.receivers.otlp.protocols.grpc).toBeUndefined();
    const receiverPort = Number(String(otel.receivers.otlp.protocols.http.endpoint).split(":").pop());
    const defaults = defaultOtlpUrl();
    expect(`${defaults.hostname}:${published(collector).get(receiverPort)}`).toBe(`localhost:${defaults.port}`);
    expect(String(PRESETS.collector.port)).toBe(defaults.port);
    expect([...published(collector).values()]).not.toContain(4317);

    // Traces go to the trace viewer, a service of this file, whose UI is published.
    const traces = otel.service.pipelines.traces;
    expect(traces.receivers).toEqual(["otlp"]);
    const exporter = otel.exporters[traces.exporters[0]];
    const viewer = String(exporter.endpoint).split(":")[0]!;
    expect(Object.keys(config.services)).toContain(viewer);
    expect(published(config.services[viewer]).get(16686)).toBe(16686);
    expect(otel.service.pipelines.metrics.receivers).toEqual(["otlp"]);
  });

  test("every mounted file exists in the repository", () => {
    const config = composeConfig();
    for (const service of Object.values(config.services as Record<string, Yaml>)) {
      for (const volume of (service.volumes ?? []) as string[]) {
        const source = volume.split(":")[0]!;
        if (source.startsWith("/")) expect(existsSync(source)).toBe(true);
      }
    }
    expect(existsSync(join(ROOT, "deploy", "compose", "marquez.yml"))).toBe(true);
  });

  test("the documented macOS workaround moves Marquez off 5000 (AirPlay) without touching the container", () => {
    const moved = composeConfig({ MARQUEZ_PORT: "5002" }).services.marquez;
    expect(published(moved).get(5000)).toBe(5002);
    expect(readFileSync(COMPOSE, "utf8")).toContain("MARQUEZ_PORT=5002");
  });
});
