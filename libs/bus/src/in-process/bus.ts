import type { Logger } from '@parley/logger';
import { type CatalogRoutes, type RpcRoute, routeCatalog } from '../core/catalog-routes.js';
import { encodeJson, parseOrInvalid } from '../core/codec.js';
import { closedError, noResponderError } from '../core/errors.js';
import type { EventHandler } from '../core/event-delivery.js';
import { inheritedRequestId, inheritedTraceId } from '../core/ids.js';
import { InFlight } from '../core/in-flight.js';
import { PendingRequests } from '../core/pending-requests.js';
import { answerRequest, encodeRequest, type ReplyFrame, type RpcHandler, readReply } from '../core/rpc-exchange.js';
import { SubscriptionSet } from '../core/subscription-set.js';
import { captureTraceContext, type HopSpanOptions, replyHop, SpanKind, withRemoteContext } from '../core/trace-propagation.js';
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_QUEUE_TIMEOUT_MS, type WorkQueueOptions } from '../core/work-queue-options.js';
import type {
  BroadcastHandlerInput,
  BroadcastName,
  BroadcastPayload,
  Bus,
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
import { InProcessEvents } from './events.js';
import { inProcessKeyValue } from './key-value.js';
import { InProcessWorkQueue } from './work-queue.js';

export interface InProcessBusOptions<C extends Catalog> {
  catalog: C;
  /** Prefix of every subject, as on NATS (default `local`). */
  namespace?: string;
  logger: Logger;
  /** Events kept per subject for durables created later, and queued per durable (default 1000). */
  retainedEvents?: number;
  /** Work-queue subjects (RpcSpec.workQueue): on by default. */
  workQueues?: WorkQueueOptions;
}

interface Responder {
  route: RpcRoute;
  handler: RpcHandler;
  inFlight: InFlight;
  hop: HopSpanOptions<ReplyFrame>;
}

/** Responders on one subject in one queue group; each request goes to the next in turn. */
interface QueueGroup {
  members: Responder[];
  next: number;
}

/**
 * The bus for the one-process mode, with the NATS bus's semantics: payloads cross as JSON text,
 * both ends validate, queue groups share the work, a request nobody serves fails at once, events
 * reach each durable once with redelivery on failure. Routing is by subject, as on NATS.
 */
export function createInProcessBus<C extends Catalog>(options: InProcessBusOptions<C>): Bus<C> {
  return new InProcessBus<C>(options);
}

class InProcessBus<C extends Catalog> implements Bus<C> {
  readonly namespace: string;
  private readonly routes: CatalogRoutes;
  private readonly logger: Logger;
  /** subject → queue group name → group. */
  private readonly responders = new Map<string, Map<string, QueueGroup>>();
  private readonly pending = new PendingRequests<ReplyFrame>();
  private readonly events: InProcessEvents;
  private readonly subscriptions = new SubscriptionSet();
  /** Broadcast listeners by subject. */
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  /** Work-queue subjects by subject, when work queues are on. */
  private readonly workQueues = new Map<string, InProcessWorkQueue>();
  private readonly workQueueOptions: WorkQueueOptions;
  /** Key-value buckets by name, kept as long as the bus. */
  private readonly buckets = new Map<string, KeyValueBucket>();
  private closing: Promise<void> | undefined;
  private closed = false;

  constructor(options: InProcessBusOptions<C>) {
    this.namespace = options.namespace ?? 'local';
    this.routes = routeCatalog(options.catalog, this.namespace);
    this.logger = options.logger;
    this.events = new InProcessEvents(options.logger, options.retainedEvents ?? 1_000);
    this.workQueueOptions = options.workQueues ?? {};
  }

  async request<N extends RpcName<C>>(name: N, payload: RpcRequest<C, N>, options?: RequestOptions): Promise<RpcResponse<C, N>> {
    const route = this.routes.rpc(name);
    const body = encodeRequest(route, payload);
    if (this.closed) throw closedError();
    const queue = this.workQueue(route);
    if (queue) {
      const ids = { requestId: options?.requestId ?? inheritedRequestId(), traceId: options?.traceId ?? inheritedTraceId() };
      const frame = await queue.request(body, ids, options?.timeoutMs ?? route.spec.timeoutMs, options?.queueTimeoutMs ?? DEFAULT_QUEUE_TIMEOUT_MS);
      return readReply(route, frame.body, frame.isError) as RpcResponse<C, N>;
    }
    const chosen = this.pick(route.subject);
    if (chosen.length === 0) throw noResponderError(route.subject);
    const token = this.pending.nextToken();
    const reply = this.pending.wait(token, route.subject, options?.timeoutMs ?? route.spec.timeoutMs, options?.idleTimeoutMs ?? route.spec.idleTimeoutMs);
    const requestId = options?.requestId ?? inheritedRequestId();
    const traceId = options?.traceId ?? inheritedTraceId();
    for (const responder of chosen) {
      responder.inFlight.start();
      // On a later turn, as a message from the network would arrive; the first reply wins.
      setImmediate(() => void this.answer(responder, token, body, requestId, traceId));
    }
    const frame = await reply;
    return readReply(route, frame.body, frame.isError) as RpcResponse<C, N>;
  }

  serve<N extends RpcName<C>>(
    name: N,
    handler: (payload: RpcHandlerInput<C, N>, ctx: HandlerContext) => Promise<RpcHandlerOutput<C, N>>,
    options?: ServeOptions,
  ): Subscription {
    const route = this.routes.rpc(name);
    const queue = this.workQueue(route);
    if (queue) return this.subscriptions.add(queue.serve(handler as unknown as RpcHandler, options?.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT));
    const responder: Responder = {
      route,
      handler: handler as unknown as RpcHandler,
      inFlight: new InFlight(),
      hop: replyHop('in_process', route.subject),
    };
    let groups = this.responders.get(route.subject);
    if (groups === undefined) {
      groups = new Map();
      this.responders.set(route.subject, groups);
    }
    let group = groups.get(route.spec.queue);
    if (group === undefined) {
      group = { members: [], next: 0 };
      groups.set(route.spec.queue, group);
    }
    group.members.push(responder);
    const members = group.members;
    return this.subscriptions.add({
      drain: async () => {
        const index = members.indexOf(responder);
        if (index >= 0) members.splice(index, 1);
        await responder.inFlight.settled();
      },
    });
  }

  async publish<N extends EventName<C>>(name: N, payload: EventPayload<C, N>, headers?: TraceHeaders): Promise<void> {
    const route = this.routes.event(name);
    parseOrInvalid(route.spec.payload, payload, 'event');
    const body = encodeJson(payload, 'event');
    if (this.closed) throw closedError();
    this.events.publish(route.subject, {
      body,
      requestId: headers?.requestId ?? inheritedRequestId(),
      traceId: headers?.traceId ?? inheritedTraceId(),
      trace: captureTraceContext(),
    });
  }

  async broadcast<N extends BroadcastName<C>>(name: N, payload: BroadcastPayload<C, N>): Promise<void> {
    const route = this.routes.broadcast(name);
    parseOrInvalid(route.spec.payload, payload, 'broadcast');
    const body = encodeJson(payload, 'broadcast');
    if (this.closed) throw closedError();
    for (const listener of [...(this.listeners.get(route.subject) ?? [])]) {
      try {
        listener(route.spec.payload.parse(JSON.parse(body)));
      } catch (failure) {
        this.logger.warn({ err: failure, subject: route.subject }, 'a broadcast was not handled');
      }
    }
  }

  listen<N extends BroadcastName<C>>(name: N, handler: (payload: BroadcastHandlerInput<C, N>) => void): Subscription {
    const route = this.routes.broadcast(name);
    const listeners = this.listeners.get(route.subject) ?? new Set<(payload: unknown) => void>();
    this.listeners.set(route.subject, listeners);
    const listener = handler as (payload: unknown) => void;
    listeners.add(listener);
    return this.subscriptions.add({ drain: async () => void listeners.delete(listener) });
  }

  consume<N extends EventName<C>>(name: N, durable: string, handler: (payload: EventHandlerInput<C, N>, ctx: EventContext) => Promise<void>): Subscription {
    const route = this.routes.event(name);
    return this.subscriptions.add(this.events.consume(route, durable, handler as unknown as EventHandler));
  }

  async queueStats(name: RpcName<C>): Promise<WorkQueueStats> {
    return this.workQueue(this.routes.rpc(name))?.stats() ?? { waiting: 0, running: 0, oldestWaitingMs: 0 };
  }

  async keyValue(bucket: string): Promise<KeyValueBucket> {
    if (this.closed) throw closedError();
    const opened = this.buckets.get(bucket) ?? inProcessKeyValue();
    this.buckets.set(bucket, opened);
    return opened;
  }

  async ping(): Promise<void> {
    if (this.closed) throw closedError();
  }

  connectionStats(): undefined {
    return undefined;
  }

  drain(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    // Handlers still running may call other services, so requests keep working until they finish.
    await this.subscriptions.drainAll();
    this.closed = true;
    this.events.close();
    this.pending.failAll(closedError());
  }

  private workQueue(route: RpcRoute): InProcessWorkQueue | undefined {
    if (!route.spec.workQueue || this.workQueueOptions.enabled === false) return undefined;
    let queue = this.workQueues.get(route.subject);
    if (!queue) {
      queue = new InProcessWorkQueue(route, this.pending, this.logger, this.workQueueOptions.maxMessages ?? 10_000);
      this.workQueues.set(route.subject, queue);
    }
    return queue;
  }

  /** One responder from each queue group on the subject, as NATS picks one per group. */
  private pick(subject: string): Responder[] {
    const chosen: Responder[] = [];
    const groups = this.responders.get(subject);
    if (groups === undefined) return chosen;
    for (const group of groups.values()) {
      if (group.members.length === 0) continue;
      chosen.push(group.members[group.next % group.members.length]!);
      group.next += 1;
    }
    return chosen;
  }

  private async answer(responder: Responder, token: string, body: string, requestId: string, traceId: string): Promise<void> {
    try {
      const ctx: HandlerContext = {
        subject: responder.route.subject,
        requestId,
        traceId,
        progress: () => this.pending.beat(token),
      };
      // The caller's context is the active one here: AsyncLocalStorage follows the setImmediate that runs this.
      const frame = await withRemoteContext(
        undefined,
        responder.route.spec.subject,
        SpanKind.SERVER,
        () => answerRequest(responder.route, body, ctx, responder.handler, this.logger),
        responder.hop,
      );
      this.pending.settle(token, frame);
    } finally {
      responder.inFlight.end();
    }
  }
}
