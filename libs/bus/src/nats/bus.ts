import { randomUUID } from 'node:crypto';
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { deadline, type Msg, type MsgHdrs, type NatsConnection, headers as natsHeaders } from '@nats-io/transport-node';
import { AppError } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import { type CatalogRoutes, type RpcRoute, routeCatalog } from '../core/catalog-routes.js';
import { encodeJson, headerNames, parseOrInvalid } from '../core/codec.js';
import { closedError, idleTimeoutError, isNoResponders, notTakenError, queueLostError, queueTimeoutError } from '../core/errors.js';
import type { EventHandler } from '../core/event-delivery.js';
import { idsFromHeaders, inheritedRequestId, inheritedTraceId } from '../core/ids.js';
import { InFlight } from '../core/in-flight.js';
import { answerRequest, encodeRequest, type ReplyFrame, type RpcHandler, readReply } from '../core/rpc-exchange.js';
import { SubscriptionSet } from '../core/subscription-set.js';
import { type HopSpanOptions, injectTraceContext, replyHop, SpanKind, withRemoteContext } from '../core/trace-propagation.js';
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_QUEUE_TIMEOUT_MS, type WorkQueueOptions } from '../core/work-queue-options.js';
import type {
  BroadcastHandlerInput,
  BroadcastName,
  BroadcastPayload,
  Bus,
  BusConnectionStats,
  Catalog,
  EventContext,
  EventHandlerInput,
  EventName,
  EventPayload,
  HandlerContext,
  KeyValueBucket,
  RequestOptions,
  RpcHandlerInput,
  RpcHandlerOutput,
  RpcName,
  RpcRequest,
  RpcResponse,
  ServeOptions,
  Subscription,
  TraceHeaders,
  WorkQueueStats,
} from '../types.js';
import { connectNats, logConnectionStatus } from './connect.js';
import { NatsConnectionWatch } from './connection-watch.js';
import { consumeDurable } from './consumer.js';
import { EventBatches } from './event-batches.js';
import { ensureEventStream } from './events.js';
import { openNatsKeyValue } from './key-value.js';
import { Outbox } from './outbox.js';
import { QueueLossWatch } from './queue-watch.js';
import { NatsRequestMux } from './request-mux.js';
import { publishToStream } from './stream-publish.js';
import {
  enqueueRequest,
  serveWorkQueue,
  type WorkQueueSettings,
  workQueueDirectSubject,
  workQueueResponderSubject,
  workQueueStats,
  workQueueStreamName,
} from './work-queue.js';

export interface NatsBusOptions<C extends Catalog> {
  catalog: C;
  /** One NATS server URL or a comma-separated list. */
  servers: string;
  /** Prefix of every subject, and the name of the namespace's event stream. */
  namespace: string;
  logger: Logger;
  /** Client name shown by the NATS server's monitoring. */
  name?: string;
  /** How long the first connection may take before start-up fails (default 3000). */
  connectTimeoutMs?: number;
  /** How long the namespace's stream keeps an event (default 7 days). */
  eventMaxAgeMs?: number;
  /** How long JetStream waits on a consumer that went silent before redelivering (default 30 s). */
  eventAckWaitMs?: number;
  /** How long ping() waits for the server (default 2000). */
  pingTimeoutMs?: number;
  /** Work-queue subjects (RpcSpec.workQueue): on by default. */
  workQueues?: WorkQueueOptions;
  /** Replicas of every stream and key-value bucket, existing ones brought to it (NATS_REPLICAS; default 1). */
  replicas?: number;
}

const day = 24 * 60 * 60 * 1000;
/** WorkQueueOptions.lostRequestIdleMs when none is given. */
const LOST_REQUEST_IDLE_MS = 5_000;
/**
 * After a responder answered `busy`, requests on its subject go straight to the queue for this
 * long: while responders are full a direct offer only adds a round trip to the queue's work, and
 * what waits in the queue is taken first anyway.
 */
const DIRECT_PAUSE_AFTER_BUSY_MS = 100;

/** Where one named responder alone takes a subject's requests (RpcSpec.namedResponders): one token below the subject. */
export const namedResponderSubject = (subject: string, responder: string): string => `${subject}.@${responder}`;

/** Header sets that never change, encoded as they are sent, so they are built once. */
const errorHeaders = natsHeaders();
errorHeaders.set(headerNames.error, '1');
const progressHeaders = natsHeaders();
progressHeaders.set(headerNames.progress, '1');

/**
 * The production bus: core NATS request/reply in queue groups, JetStream for events. Resolves once
 * connected and the namespace's event stream exists; rejects quickly when NATS is unreachable.
 */
export async function createNatsBus<C extends Catalog>(options: NatsBusOptions<C>): Promise<Bus<C>> {
  // Checked before connecting: a bad catalog is a bug and should not cost a connection.
  const routes = routeCatalog(options.catalog, options.namespace);
  const nc = await connectNats({
    servers: options.servers,
    connectTimeoutMs: options.connectTimeoutMs ?? 3_000,
    ...(options.name === undefined ? {} : { name: options.name }),
  });
  try {
    const jsm = await jetstreamManager(nc);
    const stream = await ensureEventStream(jsm, options.namespace, { maxAgeMs: options.eventMaxAgeMs ?? 7 * day, replicas: options.replicas ?? 1 });
    void logConnectionStatus(nc, options.logger);
    return new NatsBus<C>(nc, jsm, stream, routes, options);
  } catch (error) {
    await nc.close();
    throw error;
  }
}

class NatsBus<C extends Catalog> implements Bus<C> {
  readonly namespace: string;
  private readonly logger: Logger;
  private readonly js: JetStreamClient;
  /** Everything the bus sends, sent at the end of the event loop's turn in one socket write. */
  private readonly outbox: Outbox;
  private readonly mux: NatsRequestMux;
  private readonly batches: EventBatches;
  private readonly subscriptions = new SubscriptionSet();
  private readonly ackWaitMs: number;
  /** This process's name as a responder of subjects whose responders are named (RpcSpec.namedResponders). */
  private readonly responder = randomUUID();
  /** The round trip that tells the subscriptions made in this turn of the event loop the server has them. */
  private subscriptionsFlush: Promise<void> | undefined;
  /** A named responder's reply headers, built once: its name, and with an error the error flag. */
  private readonly namedHeaders = natsHeaders();
  private readonly namedErrorHeaders = natsHeaders();
  private readonly pingTimeoutMs: number;
  private readonly replicas: number;
  private readonly workQueues: { enabled: boolean; lostRequestIdleMs: number; settings: WorkQueueSettings };
  private readonly queueLoss: QueueLossWatch;
  /** By work-queue subject: until when requests skip the direct offer (DIRECT_PAUSE_AFTER_BUSY_MS). */
  private readonly directPausedUntil = new Map<string, number>();
  private readonly connection: NatsConnectionWatch;
  private closing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly routes: CatalogRoutes,
    options: NatsBusOptions<C>,
  ) {
    this.namespace = options.namespace;
    this.logger = options.logger;
    this.namedHeaders.set(headerNames.responder, this.responder);
    this.namedErrorHeaders.set(headerNames.responder, this.responder);
    this.namedErrorHeaders.set(headerNames.error, '1');
    this.js = jetstream(nc);
    this.outbox = new Outbox(nc, options.logger);
    this.mux = new NatsRequestMux(nc, this.outbox);
    this.batches = new EventBatches(async (subject, body, headers) => {
      await publishToStream(this.mux, subject, body, headers);
    }, options.logger);
    this.ackWaitMs = options.eventAckWaitMs ?? 30_000;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 2_000;
    this.replicas = options.replicas ?? 1;
    this.workQueues = {
      enabled: options.workQueues?.enabled ?? true,
      lostRequestIdleMs: options.workQueues?.lostRequestIdleMs ?? LOST_REQUEST_IDLE_MS,
      settings: {
        maxMessages: options.workQueues?.maxMessages ?? 10_000,
        ackWaitMs: options.workQueues?.ackWaitMs ?? 10_000,
        storage: options.workQueues?.storage ?? 'memory',
        direct: options.workQueues?.direct ?? false,
        beatIntervalMs: options.workQueues?.beatIntervalMs ?? 1_000,
        replicas: this.replicas,
        pullExpiresMs: options.workQueues?.pullExpiresMs,
      },
    };
    this.connection = new NatsConnectionWatch(nc);
    const queueLoss = new QueueLossWatch(nc, this.logger);
    this.queueLoss = queueLoss;
    // A restarted server may have lost the queued requests this process waits for. (The loop ends with the connection.)
    void (async () => {
      for await (const status of nc.status()) if (status.type === 'reconnect') queueLoss.reconnected();
    })().catch(() => {});
  }

  async request<N extends RpcName<C>>(name: N, payload: RpcRequest<C, N>, options?: RequestOptions): Promise<RpcResponse<C, N>> {
    const route = this.routes.rpc(name);
    const body = encodeRequest(route, payload);
    if (this.closed) throw closedError();
    if (route.spec.workQueue && this.workQueues.enabled) return this.requestQueued(route, body, options) as Promise<RpcResponse<C, N>>;
    const named = route.spec.namedResponders === true;
    const preferred = named ? options?.preferResponder : undefined;
    const msg = preferred ? await this.requestPreferred(route, body, options, preferred) : await this.requestOn(route, route.subject, body, options);
    const responder = named ? msg.headers?.get(headerNames.responder) : undefined;
    if (responder) options?.answeredBy?.(responder);
    return readReply(route, msg.string(), msg.headers?.has(headerNames.error) === true) as RpcResponse<C, N>;
  }

  /** The request on `subject` – the route's, or one named responder's – with the route's time limits. */
  private requestOn(route: RpcRoute, subject: string, body: string, options: RequestOptions | undefined): Promise<Msg> {
    return this.mux.request(
      subject,
      body,
      traceHeaders(options),
      options?.timeoutMs ?? route.spec.timeoutMs,
      options?.idleTimeoutMs ?? route.spec.idleTimeoutMs,
    );
  }

  /** Offered to the named responder an earlier answer named; gone, to any (the server says at once that none listens). */
  private async requestPreferred(route: RpcRoute, body: string, options: RequestOptions | undefined, responder: string): Promise<Msg> {
    try {
      return await this.requestOn(route, namedResponderSubject(route.subject, responder), body, options);
    } catch (error) {
      if (!isNoResponders(error)) throw error;
      return this.requestOn(route, route.subject, body, options);
    }
  }

  /**
   * Resolves once the server has every subscription made so far, so a request or broadcast from
   * any connection reaches them. One round trip for all those made in the same turn of the event
   * loop (a service serving its catalog at start-up): it goes after them, on the next microtask. A
   * flush lost to a closing connection leaves nothing to wait for.
   */
  private serverHasSubscriptions(): Promise<void> {
    this.subscriptionsFlush ??= Promise.resolve()
      .then(() => {
        this.subscriptionsFlush = undefined;
        return this.nc.flush();
      })
      .catch(() => undefined);
    return this.subscriptionsFlush;
  }

  serve<N extends RpcName<C>>(
    name: N,
    handler: (payload: RpcHandlerInput<C, N>, ctx: HandlerContext) => Promise<RpcHandlerOutput<C, N>>,
    options?: ServeOptions,
  ): Subscription {
    const route = this.routes.rpc(name);
    if (route.spec.workQueue && this.workQueues.enabled) {
      const deps = { nc: this.nc, outbox: this.outbox, jsm: this.jsm, namespace: this.namespace, logger: this.logger, settings: this.workQueues.settings };
      return this.subscriptions.add(serveWorkQueue(deps, route, handler as unknown as RpcHandler, options?.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT));
    }
    const inFlight = new InFlight();
    const hop = replyHop('nats', route.subject);
    const callback = (error: Error | null, msg: Msg) => {
      if (error) {
        this.logger.error({ err: error, subject: route.subject }, 'subscription failed');
        return;
      }
      inFlight.start();
      void this.answer(route, msg, handler as unknown as RpcHandler, inFlight, hop);
    };
    const subscriptions = [this.nc.subscribe(route.subject, { queue: route.spec.queue, callback })];
    // Named responders also take the requests offered to them alone (RequestOptions.preferResponder).
    if (route.spec.namedResponders) subscriptions.push(this.nc.subscribe(namedResponderSubject(route.subject, this.responder), { callback }));
    return this.subscriptions.add({
      ready: this.serverHasSubscriptions(),
      drain: async () => {
        await Promise.all(subscriptions.map((subscription) => (!subscription.isClosed() && !subscription.isDraining() ? subscription.drain() : undefined)));
        await inFlight.settled();
      },
    });
  }

  async publish<N extends EventName<C>>(name: N, payload: EventPayload<C, N>, headers?: TraceHeaders): Promise<void> {
    const route = this.routes.event(name);
    parseOrInvalid(route.spec.payload, payload, 'event');
    const body = encodeJson(payload, 'event');
    if (this.closed) throw closedError();
    try {
      if (route.spec.batch) await this.batches.add(route, body, traceHeaders(headers), payload);
      else await publishToStream(this.mux, route.subject, body, traceHeaders(headers));
    } catch (error) {
      throw new AppError('unavailable', `could not store the event on ${route.subject}`, { cause: error });
    }
  }

  async broadcast<N extends BroadcastName<C>>(name: N, payload: BroadcastPayload<C, N>): Promise<void> {
    const route = this.routes.broadcast(name);
    parseOrInvalid(route.spec.payload, payload, 'broadcast');
    const body = encodeJson(payload, 'broadcast');
    if (this.closed) throw closedError();
    // Core NATS, no stream: each subscriber of each process gets it now or never. Flushed so it has
    // left when this resolves.
    this.outbox.publish(route.subject, body);
    await this.outbox.flush();
  }

  listen<N extends BroadcastName<C>>(name: N, handler: (payload: BroadcastHandlerInput<C, N>) => void): Subscription {
    const route = this.routes.broadcast(name);
    const subscription = this.nc.subscribe(route.subject, {
      callback: (error, msg) => {
        if (error) return;
        try {
          handler(route.spec.payload.parse(JSON.parse(msg.string())) as BroadcastHandlerInput<C, N>);
        } catch (failure) {
          this.logger.warn({ err: failure, subject: route.subject }, 'a broadcast was not handled');
        }
      },
    });
    return this.subscriptions.add({
      ready: this.serverHasSubscriptions(),
      drain: async () => {
        if (!subscription.isClosed() && !subscription.isDraining()) await subscription.drain();
      },
    });
  }

  consume<N extends EventName<C>>(name: N, durable: string, handler: (payload: EventHandlerInput<C, N>, ctx: EventContext) => Promise<void>): Subscription {
    const route = this.routes.event(name);
    const deps = { js: this.js, jsm: this.jsm, outbox: this.outbox, stream: this.stream, logger: this.logger, ackWaitMs: this.ackWaitMs };
    return this.subscriptions.add(consumeDurable(deps, route, durable, handler as unknown as EventHandler));
  }

  queueStats(name: RpcName<C>): Promise<WorkQueueStats> {
    return workQueueStats(this.jsm, this.namespace, this.routes.rpc(name));
  }

  async keyValue(bucket: string): Promise<KeyValueBucket> {
    if (this.closed) throw closedError();
    return openNatsKeyValue(this.js, this.jsm, this.namespace, bucket, this.replicas);
  }

  connectionStats(): BusConnectionStats {
    return this.connection.stats();
  }

  async ping(): Promise<void> {
    if (this.closed) throw closedError();
    try {
      await deadline(this.nc.flush(), this.pingTimeoutMs);
    } catch (error) {
      throw new AppError('unavailable', `NATS did not answer within ${this.pingTimeoutMs} ms`, { cause: error });
    }
  }

  drain(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    // Handlers still running may call other services, so requests keep working until they finish.
    await this.subscriptions.drainAll();
    // What was published is stored before the connection goes: no batch is left behind.
    await this.batches.flush();
    this.closed = true;
    this.queueLoss.stop();
    // What waits for the end of this turn goes before the drain's own flush.
    this.outbox.writeNow();
    if (!this.nc.isClosed()) await this.nc.drain();
    this.mux.close();
  }

  private async answer(route: RpcRoute, msg: Msg, handler: RpcHandler, inFlight: InFlight, hop: HopSpanOptions<ReplyFrame>): Promise<void> {
    const reply = msg.reply;
    try {
      const headers = msg.headers;
      const frame = await withRemoteContext(
        headers,
        route.spec.subject,
        SpanKind.SERVER,
        () =>
          answerRequest(
            route,
            msg.string(),
            {
              subject: route.subject,
              ...idsFromHeaders(headers),
              progress: reply === undefined ? noProgress : () => this.beat(reply),
              ...(route.spec.namedResponders ? { responder: this.responder } : {}),
            },
            handler,
            this.logger,
          ),
        hop,
      );
      if (reply !== undefined) {
        const replyHeaders = route.spec.namedResponders
          ? frame.isError
            ? this.namedErrorHeaders
            : this.namedHeaders
          : frame.isError
            ? errorHeaders
            : undefined;
        this.outbox.publish(reply, frame.body, replyHeaders ? { headers: replyHeaders } : undefined, {
          failed: (error) => this.logger.warn({ err: error, subject: route.subject }, 'could not send a reply'),
        });
      }
    } catch (error) {
      this.logger.warn({ err: error, subject: route.subject }, 'could not send a reply');
    } finally {
      inFlight.end();
    }
  }

  /**
   * A work-queue request: offered straight to a responder with room first (see serveWorkQueue),
   * else stored in the subject's work queue, the reply coming to this connection's inbox like any
   * other.
   */
  private async requestQueued(route: RpcRoute, body: string, options: RequestOptions | undefined): Promise<unknown> {
    let replyTo: string | undefined;
    const preferred = this.workQueues.settings.direct ? options?.preferResponder : undefined;
    if (preferred) {
      const direct = await this.requestDirect(route, body, options, workQueueResponderSubject(this.namespace, route, preferred));
      if (direct.msg) return readReply(route, direct.msg.string(), direct.msg.headers?.has(headerNames.error) === true);
      replyTo = direct.replyTo;
      // Taken and gone silent, it goes to the queue under the same reply subject like any direct request (see requestDirect).
      if (replyTo === undefined && options?.onlyPreferred) throw notTakenError(route.subject);
    }
    if (replyTo === undefined && this.workQueues.settings.direct && Date.now() >= (this.directPausedUntil.get(route.subject) ?? 0)) {
      const direct = await this.requestDirect(route, body, options);
      if (direct.msg) return readReply(route, direct.msg.string(), direct.msg.headers?.has(headerNames.error) === true);
      replyTo = direct.replyTo;
    }
    return this.requestFromQueue(route, body, options, replyTo);
  }

  /**
   * A work-queue request sent straight to the subject's responders: the reply, or nothing when it
   * must go to the queue – the responder reached was full (`busy`), none listens, or the one that
   * took it has gone silent for an ack wait. The last is the queue's own redelivery, done by the
   * caller: it goes under the same reply subject (`replyTo`), so whichever answer comes is taken,
   * and a responder still running it keeps the queued copy with the run (QueuePuller.takeDirect).
   */
  private async requestDirect(
    route: RpcRoute,
    body: string,
    options: RequestOptions | undefined,
    /** One responder's own subject (a preferred one), else the one all the subject's responders share. */
    subject?: string,
  ): Promise<{ msg?: Msg; replyTo?: string }> {
    const { ackWaitMs } = this.workQueues.settings;
    const waiting = this.mux.expect(route.subject, options?.timeoutMs ?? route.spec.timeoutMs, ackWaitMs, idleTimeoutError);
    this.outbox.publish(
      subject ?? workQueueDirectSubject(this.namespace, route),
      body,
      { reply: waiting.replyTo, headers: traceHeaders(options) },
      { failed: (error) => waiting.fail(new AppError('unavailable', `could not send on ${route.subject}`, { cause: error })) },
    );
    try {
      const msg = await waiting.reply;
      if (!msg.headers?.has(headerNames.busy)) return { msg };
      // One responder being full says nothing of the others.
      if (subject === undefined) this.directPausedUntil.set(route.subject, Date.now() + DIRECT_PAUSE_AFTER_BUSY_MS);
      return {};
    } catch (error) {
      const reason = error instanceof AppError ? (error.details as { reason?: string } | undefined)?.reason : undefined;
      if (reason === 'no_responders') return {};
      if (reason !== 'idle_timeout') throw error;
      this.logger.warn({ subject: route.subject, silentMs: ackWaitMs }, 'the responder that took a request went silent: offering it to the queue');
      return { replyTo: waiting.replyTo };
    }
  }

  /**
   * The request is stored in the subject's work queue. Silence – no responder taking it, or one
   * that took it dying – is allowed for the queue timeout, as a redelivered request may wait in
   * the queue again – unless the request is known lost from the queue (QueueLossWatch): then
   * nothing will redeliver it, and it fails with `queue_lost` after WorkQueueOptions.lostRequestIdleMs
   * without a sign of life.
   */
  private async requestFromQueue(route: RpcRoute, body: string, options: RequestOptions | undefined, replyTo: string | undefined): Promise<unknown> {
    const queueTimeoutMs = options?.queueTimeoutMs ?? DEFAULT_QUEUE_TIMEOUT_MS;
    const waiting = this.mux.expect(route.subject, options?.timeoutMs ?? route.spec.timeoutMs, queueTimeoutMs, queueTimeoutError, replyTo);
    const headers = traceHeaders(options);
    headers.set(headerNames.replyTo, waiting.replyTo);
    headers.set(headerNames.queueDeadline, String(Date.now() + queueTimeoutMs));
    let forget = (): void => {};
    try {
      const { seq } = await enqueueRequest(this.mux, this.namespace, route, body, headers);
      forget = this.queueLoss.watch({
        stream: workQueueStreamName(this.namespace, route.name),
        seq,
        replyTo: waiting.replyTo,
        waiting: waiting.waiting,
        lost: () => waiting.tighten(this.workQueues.lostRequestIdleMs, queueLostError),
      });
    } catch (error) {
      waiting.fail(error instanceof AppError ? error : new AppError('unavailable', 'could not queue the request', { cause: error }));
    }
    try {
      const msg = await waiting.reply;
      return readReply(route, msg.string(), msg.headers?.has(headerNames.error) === true);
    } finally {
      forget();
    }
  }

  private beat(reply: string): void {
    // A beat lost to a closing connection changes nothing: the caller's own timers decide.
    this.outbox.publish(reply, '', { headers: progressHeaders });
  }
}

const noProgress = (): void => {};

function traceHeaders(trace: TraceHeaders | undefined): MsgHdrs {
  const headers = natsHeaders();
  headers.set(headerNames.requestId, trace?.requestId ?? inheritedRequestId());
  headers.set(headerNames.traceId, trace?.traceId ?? inheritedTraceId());
  injectTraceContext(headers);
  return headers;
}
