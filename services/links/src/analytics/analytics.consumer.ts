import type { PlatformBus, Subscription } from '@parley/bus';
import type { Logger } from '@parley/logger';
import type { AnalyticsRepository } from './analytics.repository.js';
import { type AnalyticsEvent, eventKey, rollUp } from './rollup.js';

/** The durable consumers' name: replicas share it, so each event is applied by one of them. */
export const ANALYTICS_DURABLE = 'links-analytics';
/** Events applied in one transaction at most. */
const MAX_BATCH = 1_000;
/**
 * How long the first event of a batch waits for others to join it. Without a wait a busy platform
 * writes one transaction per event or two (those that arrive while the previous one commits), each
 * a commit PostgreSQL flushes; with it, one transaction per window whatever the event rate. The
 * rollups are hourly counters, so a tenth of a second is not seen.
 */
const BATCH_WINDOW_MS = 100;
/** How long an applied event's key is kept: far past the last redelivery JetStream makes (seconds to minutes). */
const KEEP_APPLIED_MS = 7 * 24 * 3_600_000;

interface Waiting {
  item: AnalyticsEvent;
  done: (error?: unknown) => void;
}

/**
 * Applies the events analytics counts to the rollups. Each delivery waits for the batch it joined:
 * deliveries arriving within a batch's window or while it is written (JetStream keeps up to
 * max_ack_pending in flight) make that batch or the next, so one transaction carries every event
 * of a window. A batch that
 * fails naks all its events; the applied-keys table makes their redelivery count once.
 */
export class AnalyticsConsumer {
  private queue: Waiting[] = [];
  private writing = false;
  private readonly linkAgents = new Map<string, string>();

  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly logger: Logger,
  ) {}

  start(bus: PlatformBus): Subscription {
    const apply = (item: AnalyticsEvent) => this.enqueue(item);
    const subscriptions = [
      bus.consume('events.session.created', ANALYTICS_DURABLE, (event) => apply({ name: 'events.session.created', event })),
      bus.consume('events.session.ended', ANALYTICS_DURABLE, (event) => apply({ name: 'events.session.ended', event })),
      bus.consume('events.message.stored', ANALYTICS_DURABLE, (event) => apply({ name: 'events.message.stored', event })),
      bus.consume('events.escalation.created', ANALYTICS_DURABLE, (event) => apply({ name: 'events.escalation.created', event })),
      bus.consume('events.feedback.received', ANALYTICS_DURABLE, (event) => apply({ name: 'events.feedback.received', event })),
      bus.consume('events.session.sentiment', ANALYTICS_DURABLE, (event) => apply({ name: 'events.session.sentiment', event })),
      bus.consume('events.conversation.resolved', ANALYTICS_DURABLE, (event) => apply({ name: 'events.conversation.resolved', event })),
      bus.consume('events.security.refused', ANALYTICS_DURABLE, async (event) => {
        // A refusal before any link was found (an unknown token) belongs to no link's analytics.
        if (event.linkId === null) return;
        const agentId = await this.agentOf(event.linkId);
        if (agentId) await apply({ name: 'events.security.refused', event: { ...event, agentId } });
      }),
    ];
    const prune = setInterval(() => {
      this.repository.forgetAppliedBefore(new Date(Date.now() - KEEP_APPLIED_MS)).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'could not forget old applied analytics events');
      });
    }, 3_600_000);
    prune.unref();
    return {
      drain: async () => {
        clearInterval(prune);
        await Promise.all(subscriptions.map((s) => s.drain()));
      },
    };
  }

  /** A link's agent never changes: looked up once per link (a flood of refusals is about few links). */
  private async agentOf(linkId: string): Promise<string | undefined> {
    const known = this.linkAgents.get(linkId);
    if (known) return known;
    const agentId = (await this.repository.agentsOfLinks([linkId])).get(linkId);
    if (this.linkAgents.size >= 10_000) this.linkAgents.clear();
    if (agentId) this.linkAgents.set(linkId, agentId);
    return agentId;
  }

  private enqueue(item: AnalyticsEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.writing) void this.write();
    });
  }

  private async write(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      // A full batch goes at once: a backlog is written as fast as PostgreSQL takes it.
      if (this.queue.length < MAX_BATCH) await new Promise((resolve) => setTimeout(resolve, BATCH_WINDOW_MS));
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.repository.apply(
          batch.map((w) => w.item),
          eventKey,
          rollUp,
        );
        for (const w of batch) w.done();
      } catch (error) {
        this.logger.warn({ err: error, events: batch.length }, 'analytics batch not applied: its events come again');
        for (const w of batch) w.done(error);
      }
    }
    this.writing = false;
  }
}
