/**
 * An enrich run exports its trace and metrics over OTLP/HTTP to a real receiver: the root span
 * `hotpass.enrich`, one span per fetcher, and the enrichment metrics.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { startOtlpReceiver, type OtlpReceiver } from "../support/otlp-receiver.ts";
import { refinedRow, workspace, writeRefined, type Workspace } from "./support.ts";

let ws: Workspace;
let receiver: OtlpReceiver;
beforeAll(async () => {
  ws = workspace();
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver.stop();
  ws.cleanup();
});

describe("hotpass enrich telemetry", () => {
  test("the seed's OTLP command line exports hotpass.enrich, per-fetcher spans and enrichment metrics", async () => {
    await writeRefined(join(ws.dist, "refined.xlsx"), [
      refinedRow("Alpha", { contact_primary_email: "ops@alpha.co.za" }),
      refinedRow("Beta", { contact_primary_phone: "+27215550100" }),
    ]);
    const endpoint = `127.0.0.1:${receiver.port}`;
    const result = await ws.run(
      [
        "--telemetry-exporter", "otlp",
        "--telemetry-otlp-endpoint", endpoint,
        "--telemetry-otlp-metrics-endpoint", endpoint,
        "--telemetry-otlp-insecure",
        "--telemetry-resource-attr", "env=staging", "team=platform",
        "--profile", "aviation",
        "--allow-network=false",
        "--input", "dist/refined.xlsx",
        "--output", "dist/enriched.xlsx",
      ],
      { OTEL_SDK_DISABLED: undefined },
    );
    expect(result.code).toBe(0);
    expect(receiver.undecodable).toEqual([]);

    const root = receiver.spans.find((span) => span.name === "hotpass.enrich");
    expect(root).toBeDefined();
    expect(root!.resource["hotpass.command"]).toBe("enrich");
    expect(root!.resource.team).toBe("platform");
    const fetchers = receiver.spans.filter((span) => span.name.startsWith("enrich.fetcher."));
    expect(fetchers.map((span) => span.name).sort()).toEqual(
      ["enrich.fetcher.derived", "enrich.fetcher.history", "enrich.fetcher.lookup", "enrich.fetcher.registry"],
    );
    for (const span of fetchers) {
      expect(span.traceId).toBe(root!.traceId);
      expect(span.parentSpanId).toBe(root!.spanId);
    }
    expect(root!.events.map((event) => event.name)).toContain("enrich.completed");

    const records = receiver.metrics.find((metric) => metric.name === "hotpass.enrichment.records");
    expect(records).toBeDefined();
    const derived = records!.points.find((point) => point.attributes.fetcher === "derived");
    expect(derived?.value).toBe(2); // website for Alpha, province for Beta
    expect(derived?.attributes.strategy).toBe("rules");
    const duration = receiver.metrics.find((metric) => metric.name === "hotpass.enrichment.duration");
    expect(duration?.unit).toBe("s");
    expect(duration!.points.map((point) => point.attributes.fetcher).sort()).toEqual(["derived", "history", "lookup", "registry"]);
    expect(duration!.points.every((point) => point.attributes.network_used === false)).toBe(true);
  });
});
