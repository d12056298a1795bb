import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, DiscardPolicy, JetStreamApiError, type JetStreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { type Msg, type MsgHdrs, type NatsConnection, type Subscription as NatsSubscription, nanos, headers as natsHeaders } from '@nats-io/transport-node';
import { AppError } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { RpcRoute } from '../core/catalog-routes.js';
import { headerNames } from '../core/codec.js';
import { isNoResponders, noResponderError, queueFullError } from '../core/errors.js';
import { idsFromHeaders } from '../core/ids.js';
import { InFlight } from '../core/in-flight.js';
import { answerRequest, type RpcHandler } from '../core/rpc-exchange.js';
import { replyHop, SpanKind, withRemoteContext } from '../core/trace-propagation.js';
import type { WorkQueueStorage } from '../core/work-queue-options.js';
import type { Subscription, WorkQueueStats } from '../types.js';
import { addStream, toJetStreamName } from './events.js';
import type { Outbox } from './outbox.js';
import { type PulledMessage, QueuePuller } from './queue-puller.js';
import type { NatsRequestMux } from './request-mux.js';
import { publishToStream, StreamPublishError } from './stream-publish.js';

/**
 * Work queues on JetStream: a request on a work-queue subject is stored in its own stream
 * (retention: work queue, so a message lives until a responder acknowledges it) and responders
 * pull one message per free slot from one shared durable consumer. A responder therefore never
 * holds more than its `maxInFlight`, waiting requests stay in the stream where operators and
 * autoscalers can count them, and a responder that dies stops sending `working` beats, so
 * JetStream hands its requests to another after the ack wait.
 *
 * The reply goes back over core NATS to the caller's inbox, named in a header. The responder
 * acknowledges after replying: dying in between costs a second run whose reply the caller, already
 * answered, ignores – never a lost request.
 *
 * Direct first (WorkQueueOptions.direct): a caller first sends the request over core NATS to the
 * subject's responders, one of which takes it if it has a slot free and otherwise answers `busy`
 * at once; only then is the request stored in the queue. A request a responder has room for –
 * most of them, unless every responder is full – then costs a request and a reply instead of a
 * store, its acknowledgement, a delivery, the reply and an acknowledgement. The guarantees stay:
 * a responder never runs more than its `maxInFlight` (it keeps one slot on a pull for the queue,
 * so what waits there is taken first as slots free up); what waits is in the stream, counted; and
 * a responder that dies with a direct request stops beating, so its caller offers the request to
 * the queue after the same ack wait JetStream would give it, under the same reply subject – a
 * responder that was only stalled and is still running it keeps that queued copy with the run
 * instead of running it again (QueuePuller.takeDirect).
 */

/** The stream of a work-queue subject, e.g. `parley_runner_turn` (KEDA's scaler names it). */
export const workQueueStreamName = (namespace: string, rpcName: string): string => toJetStreamName(`${namespace}_${rpcName}`);

/** Apart from the request/reply subject, so a core request on it is never captured by the stream. */
export const workQueueSubject = (namespace: string, route: RpcRoute): string => `${namespace}.queue.${route.spec.subject}`;

/**
 * Where callers offer a request straight to the responders before queueing it; apart from the
 * request/reply subject, whose responders (work queues off) would not know a `busy` answer.
 */
export const workQueueDirectSubject = (namespace: string, route: RpcRoute): string => `${namespace}.direct.${route.spec.subject}`;

/** Where one responder alone takes requests offered straight to it (RequestOptions.preferResponder). */
export const workQueueResponderSubject = (namespace: string, route: RpcRoute, responder: string): string =>
  `${workQueueDirectSubject(namespace, route)}.${responder}`;

/** The durable consumer every responder of a subject pulls from: the subject's queue group name. */
export const workQueueConsumerName = (route: RpcRoute): string => toJetStreamName(route.spec.queue);

export interface WorkQueueSettings {
  /** The most requests the stream holds, waiting and running; beyond it callers get `queue_full`. */
  maxMessages: number;
  /** How long JetStream waits on a silent responder before offering its request to another. */
  ackWaitMs: number;
  /** Where the stream keeps requests (see WorkQueueOptions.storage); an existing stream keeps its own. */
  storage: WorkQueueStorage;
  /** Requests are offered to a responder with room before being stored (see WorkQueueOptions.direct). */
  direct: boolean;
  /** How often a responder tells the caller and JetStream that a request is still being worked on. */
  beatIntervalMs: number;
  /** Copies the cluster keeps of the stream (NATS_REPLICAS); an existing stream is brought to it. */
  replicas: number;
  /** How long a free slot's pull waits at the server; undefined: PULL_EXPIRES_MS, or DIRECT_PULL_EXPIRES_MS when taking requests directly. */
  pullExpiresMs?: number;
}

// JetStream API codes this module reacts to.
const streamNameInUse = 10058;
const consumerExists = new Set([10013, 10148]);
const maximumMessagesExceeded = 10077;

/**
 * A free slot's pull waits this long for a request before asking again. Short, because a pull the
 * server lost (a restart) is only noticed once it is past its expiry: an idle responder sends
 * `maxInFlight` pulls per this interval.
 */
const PULL_EXPIRES_MS = 10_000;
/**
 * The same for a responder also taking requests directly: once a backlog is gone, the pulls every
 * free slot made for it expire within this, and the slots take direct requests again.
 */
const DIRECT_PULL_EXPIRES_MS = 1_000;
/** Stored requests nobody will take any more (delivered `maxDeliver` times) are dropped after this. */
const STREAM_MAX_AGE_MS = 60 * 60 * 1000;

const progressHeaders = natsHeaders();
progressHeaders.set(headerNames.progress, '1');
const errorHeaders = natsHeaders();
errorHeaders.set(headerNames.error, '1');
const busyHeaders = natsHeaders();
busyHeaders.set(headerNames.busy, '1');

/**
 * Creates the subject's stream and consumer, or brings existing ones to these settings. JetStream
 * cannot change a stream's storage: an existing one keeps its own, and the difference is logged.
 */
export async function ensureWorkQueue(jsm: JetStreamManager, namespace: string, route: RpcRoute, settings: WorkQueueSettings, logger: Logger): Promise<void> {
  const stream = workQueueStreamName(namespace, route.name);
  const subject = workQueueSubject(namespace, route);
  const limits = {
    subjects: [subject],
    max_msgs: settings.maxMessages,
    max_age: nanos(STREAM_MAX_AGE_MS),
    discard: DiscardPolicy.New,
    num_replicas: settings.replicas,
  };
  const storage = settings.storage === 'file' ? StorageType.File : StorageType.Memory;
  try {
    await addStream(jsm, { name: stream, retention: RetentionPolicy.Workqueue, storage, ...limits });
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === streamNameInUse)) throw error;
    const updated = await jsm.streams.update(stream, limits);
    if (updated.config.storage !== storage) {
      logger.warn(
        { stream, storage: updated.config.storage, configured: settings.storage },
        'the work queue keeps the storage it was created with; delete its stream while no request waits to change it',
      );
    }
  }
  const consumer = workQueueConsumerName(route);
  const config = {
    ack_wait: nanos(settings.ackWaitMs),
    max_deliver: route.spec.workQueue?.maxDeliver ?? 1,
    // Each responder limits itself; JetStream's default of 1,000 would cap a large fleet.
    max_ack_pending: -1,
    // One pull per free slot of every responder is outstanding at once.
    max_waiting: 8_192,
    // Stated, not inherited: a consumer made while its stream had one copy does not always follow
    // the stream when NATS_REPLICAS raises it (docs/deployment.md "NATS as a cluster").
    num_replicas: settings.replicas,
  };
  try {
    await jsm.consumers.add(stream, {
      durable_name: consumer,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: subject,
      ...config,
    });
  } catch (error) {
    if (!(error instanceof JetStreamApiError && consumerExists.has(error.code))) throw error;
    await jsm.consumers.update(stream, consumer, config);
  }
}

/**
 * Stores a request for a responder to take; the caller then waits on its inbox as for any reply.
 * Resolves with the request's sequence in the subject's stream.
 */
export async function enqueueRequest(mux: NatsRequestMux, namespace: string, route: RpcRoute, body: string, headers: MsgHdrs): Promise<{ seq: number }> {
  try {
    return await publishToStream(mux, workQueueSubject(namespace, route), body, headers);
  } catch (error) {
    if (error instanceof StreamPublishError && error.errCode === maximumMessagesExceeded) throw queueFullError(route.subject);
    // No stream takes the subject: no responder has ever started in this namespace.
    if (isNoResponders(error)) throw noResponderError(route.subject);
    throw new AppError('unavailable', `could not queue the request on ${route.subject}`, { cause: error });
  }
}

/** How many requests wait and run, and how old the oldest waiting one is. */
export async function workQueueStats(jsm: JetStreamManager, namespace: string, route: RpcRoute): Promise<WorkQueueStats> {
  const stream = workQueueStreamName(namespace, route.name);
  let info: Awaited<ReturnType<JetStreamManager['consumers']['info']>>;
  try {
    info = await jsm.consumers.info(stream, workQueueConsumerName(route));
  } catch (error) {
    // Before any responder started there is no queue, and nothing waits in it.
    if (error instanceof JetStreamApiError) return { waiting: 0, running: 0, oldestWaitingMs: 0 };
    throw error;
  }
  let oldestWaitingMs = 0;
  if (info.num_pending > 0) {
    // Delivery is in stream order, so the oldest waiting request follows the last one delivered.
    const next = await jsm.streams.getMessage(stream, { seq: info.delivered.stream_seq + 1 }).catch(() => null);
    if (next) oldestWaitingMs = Math.max(0, Date.now() - next.time.getTime());
  }
  return { waiting: info.num_pending, running: info.num_ack_pending, oldestWaitingMs };
}

export interface WorkQueueResponderDeps {
  nc: NatsConnection;
  /** Where the replies, beats and acknowledgements go, to be sent with the rest of the turn's writes. */
  outbox: Outbox;
  jsm: JetStreamManager;
  namespace: string;
  logger: Logger;
  settings: WorkQueueSettings;
}

/**
 * A responder taking at most `maxInFlight` requests at once: each slot pulls one request, handles
 * it, replies, acknowledges, and only then pulls the next.
 */
export function serveWorkQueue(deps: WorkQueueResponderDeps, route: RpcRoute, handler: RpcHandler, maxInFlight: number): Subscription {
  const log = deps.logger.child({ subject: route.subject, queue: workQueueStreamName(deps.namespace, route.name) });
  const inFlight = new InFlight();
  const hop = replyHop('nats', route.subject);
  const takesDirect = deps.settings.direct && maxInFlight > 1;
  // This responder's own name: a caller can offer it a request before the others (RequestOptions.preferResponder).
  const responder = randomUUID();
  let stopping = false;
  let puller: QueuePuller | undefined;
  let direct: NatsSubscription | undefined;
  let own: NatsSubscription | undefined;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, ms).unref();
    });

  /**
   * Runs a request and sends its reply to `replyTo`, beating the caller (and `keepAlive`, the
   * queue's ack wait) every beat interval meanwhile. Once the reply was sent or could not be, tells
   * `settle` which, in the same turn (its acknowledgement goes in the same write), and resolves.
   */
  const run = async (
    body: string,
    headers: MsgHdrs | undefined,
    replyTo: string,
    queuedMs: number,
    keepAlive: () => void,
    settle: (answered: boolean) => void,
  ): Promise<void> => {
    // A beat lost to a closing connection changes nothing: the caller's own timers decide.
    const beat = () => deps.outbox.publish(replyTo, '', { headers: progressHeaders }, { written: keepAlive });
    // Long in the queue: the caller's patience is nearly spent, so it hears at once that work began.
    if (queuedMs > deps.settings.beatIntervalMs) beat();
    const beats = setInterval(beat, deps.settings.beatIntervalMs);
    inFlight.start();
    try {
      // The caller's trace context came in the request's headers (see traceHeaders).
      const frame = await withRemoteContext(
        headers,
        route.spec.subject,
        SpanKind.SERVER,
        () =>
          answerRequest(
            route,
            body,
            { subject: route.subject, ...idsFromHeaders(headers), queuedMs, ...(takesDirect ? { responder } : {}), progress: noProgress },
            handler,
            log,
          ),
        hop,
      );
      await new Promise<void>((sent) =>
        deps.outbox.publish(replyTo, frame.body, frame.isError ? { headers: errorHeaders } : undefined, {
          written: () => {
            sent();
            settle(true);
          },
          failed: (error) => {
            sent();
            // The connection is gone: the request is offered again elsewhere.
            log.warn({ err: error }, 'could not answer a queued request');
            settle(false);
          },
        }),
      );
    } catch (error) {
      // Not expected (a handler's failure is an answer): the request is offered again elsewhere.
      log.warn({ err: error }, 'could not answer a queued request');
      settle(false);
    } finally {
      clearInterval(beats);
      inFlight.end();
    }
  };

  const handle = async (msg: PulledMessage): Promise<void> => {
    const headers = msg.headers;
    const replyTo = headers?.get(headerNames.replyTo);
    if (!replyTo) {
      log.error({ seq: msg.seq }, 'a queued request without a reply subject: dropped');
      msg.term();
      return;
    }
    const queuedMs = Math.max(0, Date.now() - msg.storedAtMs);
    // A caller that stopped waiting gets nothing from a run: only first deliveries are checked, as
    // a redelivered request's caller is kept waiting by the beats of the run that died.
    const deadline = Number(headers?.get(headerNames.queueDeadline));
    if (msg.deliveryCount === 1 && deadline > 0 && Date.now() > deadline) {
      log.info({ queuedMs }, 'a queued request outlived its caller: dropped');
      msg.term();
      return;
    }
    // Not acknowledged when the reply could not go: JetStream redelivers after the ack wait.
    await run(
      msg.string(),
      headers,
      replyTo,
      queuedMs,
      () => msg.working(),
      (answered) => {
        if (answered) msg.ack();
      },
    );
  };

  /** A request sent straight here: taken if a slot is free, else answered `busy` so its caller queues it. */
  const takeDirect = (msg: Msg): void => {
    const replyTo = msg.reply;
    if (!replyTo) return;
    const slot = stopping ? undefined : puller?.takeDirect(replyTo);
    if (!slot) {
      // Lost to a closing connection, the caller hears nothing and offers the request to the queue.
      deps.outbox.publish(replyTo, '', { headers: busyHeaders });
      return;
    }
    void run(msg.string(), msg.headers, replyTo, 0, slot.working, slot.done);
  };

  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const stream = workQueueStreamName(deps.namespace, route.name);
  // Setting the queue up can fail while NATS is unreachable: keep trying rather than run deaf.
  const running = (async () => {
    for (let attempt = 1; !stopping; attempt += 1) {
      try {
        await ensureWorkQueue(deps.jsm, deps.namespace, route, deps.settings, log);
        break;
      } catch (error) {
        const retryInMs = Math.min(30_000, 250 * 2 ** attempt);
        log.error({ err: error, retryInMs }, 'could not start taking queued requests');
        await pause(retryInMs);
      }
    }
    if (stopping) return;
    puller = new QueuePuller({
      nc: deps.nc,
      outbox: deps.outbox,
      stream,
      consumer: workQueueConsumerName(route),
      capacity: maxInFlight,
      // Taking requests directly, one pull keeps a slot for the queue (see takeDirect above).
      ...(takesDirect ? { takesDirect, callerOf: (msg: Msg) => msg.headers?.get(headerNames.replyTo) || undefined } : {}),
      expiresMs: deps.settings.pullExpiresMs ?? (takesDirect ? DIRECT_PULL_EXPIRES_MS : PULL_EXPIRES_MS),
      handle,
      // After a refused pull (the stream or consumer deleted) or a reconnection: put them back or
      // wait until the server has them again (a pull made before is lost), then pull.
      prepare: async (reason) => {
        if (reason !== 'reconnected') log.warn({ code: reason.code, description: reason.description }, 'the work queue refused a pull; setting it up again');
        try {
          await ensureWorkQueue(deps.jsm, deps.namespace, route, deps.settings, log);
        } catch (error) {
          log.warn({ err: error }, 'could not set the work queue up again; retrying');
          throw error;
        }
      },
    });
    // A responder of one slot keeps it for the queue: it takes nothing directly, so callers are not sent to it first.
    if (takesDirect) {
      direct = deps.nc.subscribe(workQueueDirectSubject(deps.namespace, route), {
        queue: route.spec.queue,
        callback: (error, msg) => (error ? undefined : takeDirect(msg)),
      });
      own = deps.nc.subscribe(workQueueResponderSubject(deps.namespace, route, responder), {
        callback: (error, msg) => (error ? undefined : takeDirect(msg)),
      });
    }
    markReady();
    // A restarted server forgets outstanding pulls: make them again once the connection is back.
    // (The loop ends with the connection.)
    const reconnects = async (current: QueuePuller) => {
      for await (const status of deps.nc.status()) if (status.type === 'reconnect') current.reconnected();
    };
    reconnects(puller).catch(() => {});
  })();

  return {
    ready,
    async drain() {
      stopping = true;
      markReady();
      wake?.();
      // Direct requests still arriving are answered busy, so their callers queue them for another responder.
      for (const subscription of [direct, own]) {
        if (subscription && !subscription.isClosed() && !subscription.isDraining()) await subscription.drain().catch(() => {});
      }
      puller?.stop();
      await inFlight.settled();
      await running;
    },
  };
}

const noProgress = (): void => {};
