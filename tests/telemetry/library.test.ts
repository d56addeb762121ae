/** The library entry used the way the README's embedding example uses it, against a real receiver. */
import { afterEach, expect, test } from "bun:test";
import {
  getPipelineMetrics,
  getTracer,
  initializeObservability,
  shutdownObservability,
} from "../../src/index.ts";
import { startOtlpReceiver, type OtlpReceiver } from "../support/otlp-receiver.ts";

let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await shutdownObservability();
  await receiver?.stop();
  receiver = undefined;
});

test("metrics recorded through getPipelineMetrics reach the collector when shutdownObservability flushes", async () => {
  receiver = await startOtlpReceiver();
  await initializeObservability({
    exporters: ["otlp"],
    otlpEndpoint: receiver.url,
    resourceAttributes: { "deploy.refine": "true" },
    profile: "aviation",
    env: {},
  });
  const metrics = getPipelineMetrics();
  metrics.recordRecordsProcessed(1234, { source: "base_pipeline" });
  metrics.updateQualityScore(0.91);
  getTracer().startSpan("service.request").end();
  expect(receiver.metrics).toEqual([]);

  expect(await shutdownObservability()).toBeUndefined();
  const processed = receiver.metrics.find((m) => m.name === "hotpass.records.processed")!;
  expect(processed.points).toEqual([{ attributes: { source: "base_pipeline" }, value: 1234 }]);
  const score = receiver.metrics.find((m) => m.name === "hotpass.data.quality_score")!;
  expect(score.points).toEqual([{ attributes: { profile: "aviation" }, value: 0.91 }]);
  expect(processed.resource).toMatchObject({ "service.name": "hotpass", "hotpass.command": "library", "deploy.refine": "true" });
  expect(receiver.spans.map((span) => span.name)).toEqual(["service.request"]);
});

test("before initialisation (or with noop) the metrics are usable and export nothing", async () => {
  receiver = await startOtlpReceiver();
  getPipelineMetrics().recordRecordsProcessed(5, { source: "x" });
  await initializeObservability({ exporters: ["noop"], env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  getPipelineMetrics().updateQualityScore(0.5);
  await shutdownObservability();
  expect(receiver.requests).toEqual([]);
});

test("shutdownObservability reports what a refusing collector did not take, within the timeout", async () => {
  receiver = await startOtlpReceiver("refuse");
  await initializeObservability({ exporters: ["otlp"], otlpEndpoint: receiver.url, timeoutSeconds: 1, env: {} });
  getPipelineMetrics().recordRecordsProcessed(3, { source: "x" });
  const started = performance.now();
  const loss = await shutdownObservability();
  expect(performance.now() - started).toBeLessThan(1000 + 2000);
  expect(loss).toMatchObject({ points: 1, reasons: ["connection refused"] });
});
