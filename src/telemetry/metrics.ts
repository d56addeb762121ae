/**
 * The pipeline's metric instruments, with the names, units and attributes fixed by the
 * observability specification. Built over any OpenTelemetry `Meter` (a no-op meter when
 * telemetry is off, so callers never need to check).
 */
import type { Attributes, Counter, Gauge, Histogram, Meter } from "@opentelemetry/api";

/** Bucket bounds in seconds: stage durations range from milliseconds to minutes. */
const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export class PipelineMetrics {
  private readonly recordsProcessed: Counter;
  private readonly recordsInvalid: Counter;
  private readonly qualityScore: Gauge;
  private readonly loadDuration: Histogram;
  private readonly aggregationDuration: Histogram;
  private readonly expectationsDuration: Histogram;
  private readonly writeDuration: Histogram;
  private readonly validationFailures: Counter;
  private readonly enrichmentRecords: Counter;
  private readonly enrichmentDuration: Histogram;
  private readonly intentSignals: Counter;

  /** `profile` is the default `profile` attribute of the quality score. */
  constructor(meter: Meter, private readonly profile?: string) {
    const seconds = (name: string, description: string) =>
      meter.createHistogram(name, { unit: "s", description, advice: { explicitBucketBoundaries: SECONDS_BUCKETS } });
    this.recordsProcessed = meter.createCounter("hotpass.records.processed", {
      unit: "{record}",
      description: "Records in the refined output",
    });
    this.recordsInvalid = meter.createCounter("hotpass.records.invalid", {
      unit: "{record}",
      description: "Rows dropped while loading, by reason",
    });
    this.qualityScore = meter.createGauge("hotpass.data.quality_score", {
      unit: "1",
      description: "Mean data quality score of the run (0..1)",
    });
    this.loadDuration = seconds("hotpass.load.duration", "Time to read every source (load_seconds)");
    this.aggregationDuration = seconds("hotpass.aggregation.duration", "Time to aggregate records (aggregation_seconds)");
    this.expectationsDuration = seconds("hotpass.expectations.duration", "Time to check expectations (expectations_seconds)");
    this.writeDuration = seconds("hotpass.write.duration", "Time to write the outputs (write_seconds)");
    this.validationFailures = meter.createCounter("hotpass.validation.failures", {
      unit: "{failure}",
      description: "Expectations that failed, by rule",
    });
    this.enrichmentRecords = meter.createCounter("hotpass.enrichment.records", {
      unit: "{record}",
      description: "Records enriched, by fetcher and strategy",
    });
    this.enrichmentDuration = seconds("hotpass.enrichment.duration", "Time spent in each enrichment fetcher");
    this.intentSignals = meter.createCounter("hotpass.intent.signals", {
      unit: "{signal}",
      description: "Intent signals found",
    });
  }

  recordRecordsProcessed(count: number, attributes: { source: string }): void {
    if (count > 0) this.recordsProcessed.add(count, attributes);
  }

  recordInvalidRecords(count: number, attributes: { reason: string }): void {
    if (count > 0) this.recordsInvalid.add(count, attributes);
  }

  /** The mean quality score (0..1) of the latest run. */
  updateQualityScore(mean: number, attributes: { profile?: string } = {}): void {
    if (!Number.isFinite(mean)) return;
    const profile = attributes.profile ?? this.profile;
    this.qualityScore.record(mean, profile === undefined ? {} : { profile });
  }

  recordLoadDuration(seconds: number, attributes: { source: string }): void {
    record(this.loadDuration, seconds, attributes);
  }

  recordAggregationDuration(seconds: number): void {
    record(this.aggregationDuration, seconds);
  }

  recordExpectationsDuration(seconds: number): void {
    record(this.expectationsDuration, seconds);
  }

  recordWriteDuration(seconds: number, attributes: { format: string }): void {
    record(this.writeDuration, seconds, attributes);
  }

  recordValidationFailures(count: number, attributes: { rule: string }): void {
    if (count > 0) this.validationFailures.add(count, attributes);
  }

  recordEnrichment(
    records: number,
    seconds: number,
    attributes: { fetcher: string; strategy: string; network_used: boolean },
  ): void {
    if (records > 0) this.enrichmentRecords.add(records, { fetcher: attributes.fetcher, strategy: attributes.strategy });
    record(this.enrichmentDuration, seconds, { fetcher: attributes.fetcher, network_used: attributes.network_used });
  }

  recordIntentSignals(count: number): void {
    if (count > 0) this.intentSignals.add(count);
  }
}

function record(histogram: Histogram, seconds: number, attributes?: Attributes): void {
  if (Number.isFinite(seconds) && seconds >= 0) histogram.record(seconds, attributes);
}
