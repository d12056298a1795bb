import type { Context } from '@opentelemetry/api';
import type { Logger } from '@parley/logger';
import type { EventRoute } from '../core/catalog-routes.js';
import { deliverEvent, type EventHandler, type EventOutcome } from '../core/event-delivery.js';
import { InFlight } from '../core/in-flight.js';
import { eventHop, type HopSpanOptions, SpanKind, withCapturedContext } from '../core/trace-propagation.js';
import type { Subscription } from '../types.js';

/** An event as stored: the JSON body and the trace it was published with. */
interface StoredEvent {
  body: string;
  requestId: string;
  traceId: string;
  /** The publisher's OpenTelemetry context, when tracing is on (see core/trace-propagation.ts). */
  trace: Context | undefined;
}

interface Delivery {
  event: StoredEvent;
  /** Deliveries so far. */
  count: number;
}

interface Member {
  handler: EventHandler;
  inFlight: InFlight;
}

interface Topic {
  retained: StoredEvent[];
  groups: Map<string, DurableGroup>;
}

// JetStream's default max_ack_pending: how many deliveries of one durable may be unacknowledged.
const maxAckPending = 1_000;

/**
 * Events in memory, mirroring the JetStream setup of the NATS bus: each subject keeps its recent
 * events (a new durable starts from them, like DeliverPolicy.All), and each durable name gets
 * every event once, handed round-robin to the consumers sharing that name.
 */
export class InProcessEvents {
  private readonly topics = new Map<string, Topic>();
  private readonly redeliveries = new Set<NodeJS.Timeout>();

  constructor(
    private readonly logger: Logger,
    /** Events kept per subject (and queued per durable), oldest dropped first. */
    private readonly retainPerSubject: number,
  ) {}

  publish(subject: string, event: StoredEvent): void {
    const topic = this.topic(subject);
    topic.retained.push(event);
    if (topic.retained.length > this.retainPerSubject) topic.retained.shift();
    for (const group of topic.groups.values()) group.enqueue({ event, count: 0 });
  }

  consume(route: EventRoute, durable: string, handler: EventHandler): Subscription {
    const topic = this.topic(route.subject);
    // Keyed like the NATS durable consumer name: one durable per (name, event).
    const key = `${durable}\u0000${route.name}`;
    let group = topic.groups.get(key);
    if (group === undefined) {
      group = new DurableGroup(route, this.logger, this.redeliveries, this.retainPerSubject);
      topic.groups.set(key, group);
      for (const event of topic.retained) group.enqueue({ event, count: 0 });
    }
    return group.join(handler);
  }

  /** Cancels pending redeliveries (the bus is closing, as a NATS connection would). */
  close(): void {
    for (const timer of this.redeliveries) clearTimeout(timer);
    this.redeliveries.clear();
  }

  private topic(subject: string): Topic {
    let topic = this.topics.get(subject);
    if (topic === undefined) {
      topic = { retained: [], groups: new Map() };
      this.topics.set(subject, topic);
    }
    return topic;
  }
}

/** One durable: its queue of deliveries and the consumers sharing them. */
class DurableGroup {
  private readonly queue: Delivery[] = [];
  private readonly members: Member[] = [];
  private next = 0;
  private pending = 0;
  private scheduled = false;
  private readonly hop: HopSpanOptions<EventOutcome>;

  constructor(
    private readonly route: EventRoute,
    private readonly logger: Logger,
    private readonly redeliveries: Set<NodeJS.Timeout>,
    private readonly maxQueued: number,
  ) {
    this.hop = eventHop('in_process', route.subject);
  }

  enqueue(delivery: Delivery): void {
    this.queue.push(delivery);
    if (this.queue.length > this.maxQueued) {
      this.queue.shift();
      this.logger.warn({ subject: this.route.subject }, 'durable backlog full; oldest event dropped');
    }
    this.schedule();
  }

  join(handler: EventHandler): Subscription {
    const member: Member = { handler, inFlight: new InFlight() };
    this.members.push(member);
    this.schedule();
    return {
      drain: async () => {
        const index = this.members.indexOf(member);
        if (index >= 0) this.members.splice(index, 1);
        await member.inFlight.settled();
      },
    };
  }

  // Deliveries start on a later turn of the event loop, as they would arriving from a server.
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const limit = this.route.spec.ordered ? 1 : maxAckPending;
    while (this.queue.length > 0 && this.members.length > 0 && this.pending < limit) {
      const member = this.members[this.next % this.members.length]!;
      this.next += 1;
      void this.deliver(member, this.queue.shift()!);
    }
  }

  private async deliver(member: Member, delivery: Delivery): Promise<void> {
    delivery.count += 1;
    this.pending += 1;
    let held = false;
    member.inFlight.start();
    try {
      const { event } = delivery;
      const ctx = { subject: this.route.subject, requestId: event.requestId, traceId: event.traceId, deliveryCount: delivery.count };
      const outcome = await withCapturedContext(
        event.trace,
        this.route.spec.subject,
        SpanKind.CONSUMER,
        () => deliverEvent(this.route, event.body, ctx, member.handler, this.logger),
        this.hop,
      );
      if (outcome.kind === 'nak') {
        // An ordered event stays pending until it is handed out again, first: nothing later overtakes it.
        const ordered = this.route.spec.ordered === true;
        held = ordered;
        const timer = setTimeout(() => {
          this.redeliveries.delete(timer);
          if (!ordered) return this.enqueue(delivery);
          this.queue.unshift(delivery);
          this.pending -= 1;
          this.schedule();
        }, outcome.delayMs);
        this.redeliveries.add(timer);
      }
    } finally {
      if (!held) this.pending -= 1;
      member.inFlight.end();
      this.schedule();
    }
  }
}
