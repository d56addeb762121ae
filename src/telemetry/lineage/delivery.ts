/**
 * Delivery without loss. Events go to the endpoint in order, older spooled events first; an event
 * that cannot be delivered (refused, timed out, 5xx) goes to the spool, and once one has, every
 * later event of the run follows it there so a COMPLETE never overtakes its START. An event the
 * endpoint refuses as invalid (4xx) is set aside in the rejected file and never retried.
 */
import type { Endpoint, StatePaths } from "./config.ts";
import { appendEvents, appendRejected, compactSpool, markSent, readSpool, withSpoolLock, type RejectedEntry } from "./spool.ts";
import { postEvent } from "./transport.ts";
import type { RunEvent } from "./types.ts";

export interface DrainResult {
  sent: number;
  rejected: RejectedEntry[];
  /** Events still in the spool. */
  remaining: number;
  /** Why draining stopped early (unreachable endpoint, time budget), if it did. */
  stopped?: string;
}

function rejection(endpoint: Endpoint, event: RunEvent, status: number, response: string): RejectedEntry {
  return { rejected_at: new Date().toISOString(), endpoint: endpoint.lineageUrl, status, response, event };
}

/** Events sent per lock hold: a run waiting to append waits for at most one batch. */
const BATCH_EVENTS = 100;
const BATCH_MS = 2_000;

/**
 * Sends the spool oldest first, removing each event only once it was accepted (or set aside as
 * rejected). Safe to run twice, and alongside a run that appends: the lock is held one batch at a
 * time and every delivered event is recorded as it goes, so a crash re-sends nothing.
 */
export async function drainSpool(endpoint: Endpoint, paths: StatePaths, deadline = Number.POSITIVE_INFINITY): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, rejected: [], remaining: 0 };
  for (;;) {
    if (Date.now() > deadline) {
      result.stopped = "time budget for older events used up";
      break;
    }
    const done = await withSpoolLock(paths, async () => {
      const pending = readSpool(paths);
      const batchEnd = Date.now() + BATCH_MS;
      let delivered = 0;
      for (const event of pending.slice(0, BATCH_EVENTS)) {
        if (Date.now() > Math.min(batchEnd, deadline)) break;
        const sent = await postEvent(endpoint, event);
        if (sent.kind === "unavailable") {
          result.stopped = sent.reason;
          break;
        }
        if (sent.kind === "rejected") {
          const entry = rejection(endpoint, event, sent.status, sent.response);
          appendRejected(paths, entry);
          result.rejected.push(entry);
        } else {
          result.sent++;
        }
        markSent(paths, event);
        delivered++;
      }
      result.remaining = delivered > 0 ? compactSpool(paths) : pending.length;
      return result.stopped !== undefined || result.remaining === 0;
    });
    if (done) break;
  }
  return result;
}

export interface DeliveryReport {
  sent: number;
  /** Older events from the spool delivered by this run. */
  replayed: number;
  spooled: number;
  rejected: RejectedEntry[];
  /** Why events were spooled. */
  reason?: string;
  /** Events that could be neither sent nor spooled (they stay in the event log). */
  lost: number;
  lostReason?: string;
}

export class RunDelivery {
  readonly report: DeliveryReport = { sent: 0, replayed: 0, spooled: 0, rejected: [], lost: 0 };
  private chain: Promise<void> = Promise.resolve();
  private drained = false;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly paths: StatePaths,
    /** How long older spooled events may take before new ones are spooled behind them. */
    private readonly drainBudgetMs = endpoint.timeoutMs * 2,
  ) {}

  /** Queues `event`; the sink stays synchronous, the sending happens in order in the background. */
  enqueue(event: RunEvent): void {
    this.chain = this.chain.then(() => this.deliver(event));
  }

  /** Waits until every queued event was sent, spooled or set aside. */
  async settle(): Promise<DeliveryReport> {
    await this.chain;
    return this.report;
  }

  private async deliver(event: RunEvent): Promise<void> {
    try {
      if (!this.report.reason && !this.drained) {
        this.drained = true;
        const drained = await drainSpool(this.endpoint, this.paths, Date.now() + this.drainBudgetMs);
        this.report.replayed += drained.sent;
        this.report.rejected.push(...drained.rejected);
        if (drained.remaining > 0) this.report.reason = drained.stopped ?? "older events are still waiting";
      }
      if (!this.report.reason) {
        const sent = await postEvent(this.endpoint, event);
        if (sent.kind === "accepted") {
          this.report.sent++;
          return;
        }
        if (sent.kind === "rejected") {
          const entry = rejection(this.endpoint, event, sent.status, sent.response);
          appendRejected(this.paths, entry);
          this.report.rejected.push(entry);
          return;
        }
        this.report.reason = sent.reason;
      }
      await withSpoolLock(this.paths, () => appendEvents(this.paths.spool, [event]));
      this.report.spooled++;
    } catch (error) {
      this.report.lost++;
      this.report.lostReason = error instanceof Error ? error.message : String(error);
    }
  }
}
