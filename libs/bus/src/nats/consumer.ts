import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/transport-node';
import type { Logger } from '@parley/logger';
import type { EventRoute } from '../core/catalog-routes.js';
import { headerNames } from '../core/codec.js';
import { batchOutcome, deliverDecoded, deliverEvent, type EventHandler, type EventOutcome } from '../core/event-delivery.js';
import { idsFromHeaders } from '../core/ids.js';
import { InFlight } from '../core/in-flight.js';
import { eventHop, SpanKind, withRemoteContext } from '../core/trace-propagation.js';
import type { EventContext, Subscription } from '../types.js';
import { batchItemHeaders } from './event-batches.js';
import { durableConsumerConfig, durableConsumerName, ensureDurableConsumer } from './events.js';
import type { Outbox } from './outbox.js';

export interface NatsConsumerDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Where the acknowledgements go, to be sent with the rest of the turn's writes. */
  outbox: Outbox;
  stream: string;
  logger: Logger;
  ackWaitMs: number;
}

/** How many naked batches a consumer remembers the handled events of. */
const MAX_NAKED_BATCHES_KEPT = 1_000;
/**
 * How long a pull waits for events before the next (JetStream heartbeats it every half of it). A
 * pull lost with a NATS server – the consumer's leader moving to another in a cluster – is noticed
 * after two missed heartbeats, and the client retries a failed check of its consumer after between
 * half and one and a half of this: the library's 30 s would leave a consumer deaf for up to 45 s
 * after a node's loss (docs/deployment.md, "NATS as a cluster").
 */
const PULL_EXPIRES_MS = 5_000;

/**
 * One durable pull consumer, fed to the handler as events arrive (each delivery handled on its
 * own, up to JetStream's max_ack_pending). While a handler runs, its event is kept from being
 * redelivered elsewhere by a `working` beat every half ack wait.
 */
export function consumeDurable(deps: NatsConsumerDeps, route: EventRoute, durable: string, handler: EventHandler): Subscription {
  const name = durableConsumerName(durable, route.name);
  const log = deps.logger.child({ subject: route.subject, consumer: name });
  const inFlight = new InFlight();
  const running = new Set<JsMsg>();
  let stopping = false;
  const hop = eventHop('nats', route.subject);

  /** One event, in the trace and with the ids it was published with. */
  const one = (headers: MsgHdrs | undefined, deliveryCount: number, deliver: (ctx: EventContext) => Promise<EventOutcome>) =>
    withRemoteContext(
      headers,
      route.spec.subject,
      SpanKind.CONSUMER,
      () => deliver({ subject: route.subject, ...idsFromHeaders(headers), deliveryCount }),
      hop,
    );

  /**
   * The events of batches delivered here and then naked (another of their events failed), by the
   * batch's stream sequence: when JetStream brings the batch back to this consumer, the events
   * already handled are not handled again. (Another replica handles them again, which every
   * consumer of a batched event takes, see EventSpec.batch.)
   */
  const handledOfNaked = new Map<number, Set<number>>();

  /** A stored batch (EventSpec.batch): each event handled on its own, side by side, and one outcome for the message. */
  const handleBatch = async (msg: JsMsg): Promise<EventOutcome> => {
    let items: unknown;
    try {
      items = JSON.parse(msg.string());
    } catch {
      items = undefined;
    }
    if (!Array.isArray(items)) {
      log.warn({ deliveryCount: msg.info.deliveryCount }, 'a batch of events is not a JSON array; dropped');
      return { kind: 'term' };
    }
    const sequence = msg.info.streamSequence;
    const handled = handledOfNaked.get(sequence) ?? new Set<number>();
    const outcomes = await Promise.all(
      items.map(async (item: { h?: unknown; p?: unknown } | null, index: number): Promise<EventOutcome> => {
        if (handled.has(index)) return { kind: 'ack' };
        const outcome = await one(batchItemHeaders(item?.h), msg.info.deliveryCount, (ctx) => deliverDecoded(route, item?.p, ctx, handler, log));
        if (outcome.kind !== 'nak') handled.add(index);
        return outcome;
      }),
    );
    const outcome = batchOutcome(outcomes);
    handledOfNaked.delete(sequence);
    if (outcome.kind === 'nak') {
      handledOfNaked.set(sequence, handled);
      // Bounded: the oldest naked batches are forgotten first (their events are then handled again).
      if (handledOfNaked.size > MAX_NAKED_BATCHES_KEPT) handledOfNaked.delete(handledOfNaked.keys().next().value as number);
    }
    return outcome;
  };

  const handle = async (msg: JsMsg): Promise<void> => {
    try {
      const headers = msg.headers;
      const outcome = headers?.has(headerNames.batch)
        ? await handleBatch(msg)
        : await one(headers, msg.info.deliveryCount, (ctx) => deliverEvent(route, msg.string(), ctx, handler, log));
      // An acknowledgement lost with the connection: JetStream redelivers after the ack wait.
      deps.outbox.send(
        () => {
          if (outcome.kind === 'ack') msg.ack();
          else if (outcome.kind === 'term') msg.term();
          else msg.nak(outcome.delayMs);
        },
        { failed: (error) => log.warn({ err: error }, 'could not acknowledge an event') },
      );
    } catch (error) {
      // Not expected (a handler's failure is an outcome): JetStream redelivers after the ack wait.
      log.warn({ err: error }, 'could not handle an event');
    } finally {
      running.delete(msg);
      inFlight.end();
    }
  };

  const onMessage = (msg: JsMsg): void => {
    if (stopping) {
      // Arrived while stopping: hand it straight back so another replica takes it now.
      deps.outbox.send(() => msg.nak());
      return;
    }
    running.add(msg);
    inFlight.start();
    void handle(msg);
  };

  const keepAlive = setInterval(() => {
    for (const msg of running) deps.outbox.send(() => msg.working());
  }, deps.ackWaitMs / 2);
  keepAlive.unref();

  // Setting the consumer up can fail while NATS is unreachable: keep trying rather than run deaf.
  let wake: (() => void) | undefined;
  const started = (async () => {
    for (let attempt = 1; !stopping; attempt += 1) {
      try {
        await ensureDurableConsumer(deps.jsm, deps.stream, durableConsumerConfig(route, name, deps.ackWaitMs));
        const consumer = await deps.js.consumers.get(deps.stream, name);
        const messages = await consumer.consume({ callback: onMessage, expires: PULL_EXPIRES_MS });
        void logTrouble(messages, log);
        return messages;
      } catch (error) {
        const retryInMs = Math.min(30_000, 250 * 2 ** attempt);
        log.error({ err: error, retryInMs }, 'could not start the event consumer');
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, retryInMs).unref();
        });
      }
    }
    return undefined;
  })();

  return {
    async drain() {
      stopping = true;
      wake?.();
      const messages = await started;
      await messages?.close();
      await inFlight.settled();
      clearInterval(keepAlive);
    },
  };
}

/** The client retries by itself; these say why a consumer has gone quiet. */
async function logTrouble(messages: ConsumerMessages, log: Logger): Promise<void> {
  try {
    for await (const status of messages.status()) {
      if (status.type === 'consumer_deleted' || status.type === 'consumer_not_found' || status.type === 'stream_not_found') {
        log.error({ status }, 'event consumer lost its JetStream consumer');
      } else if (status.type === 'heartbeats_missed') {
        log.warn({ status }, 'event consumer missed heartbeats');
      }
    }
  } catch (error) {
    log.warn({ err: error }, 'event consumer status stopped');
  }
}
