import type { z } from 'zod';

/**
 * The bus: request/reply between services and durable events, behind one interface with two
 * implementations – NATS (JetStream for events) for production, in-process for one-process mode.
 * Both pass the same contract suite (contract/suite.ts).
 */

/** How a request/reply subject is described in a catalog. */
export interface RpcSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  /** Subject name without the namespace, e.g. `sessions.create`. */
  subject: string;
  request: Req;
  response: Res;
  /** Default time the caller waits for the whole reply. */
  timeoutMs: number;
  /**
   * When set, the caller also gives up after this long without any sign of life (a reply or a
   * progress beat from the handler): a responder that died is noticed long before `timeoutMs`.
   */
  idleTimeoutMs?: number;
  /** Queue group the responders join; replicas share the load. */
  queue: string;
  /**
   * How a caller may retry when the responder was lost (no responder, timeout, idle timeout).
   * Only subjects whose handlers are safe to run again have one; the bus itself never retries.
   */
  retry?: { attempts: number; backoffMs: readonly number[] };
  /**
   * Requests on this subject wait in a work queue until a responder has room for them (see
   * ServeOptions.maxInFlight), instead of going to a responder at once however busy it is. On
   * NATS the queue is a JetStream work-queue stream: a responder that dies mid-request has it
   * redelivered to another, so such handlers must be safe to run again.
   */
  workQueue?: {
    /** Deliveries of one request before it is given up (each responder dying with it costs one). */
    maxDeliver: number;
  };
  /**
   * Its responders keep what a request builds on for the next one (a conversation's last state):
   * each also answers on a subject of its own and names itself in its replies
   * (RequestOptions.answeredBy), so a caller can offer a later request to the same one first
   * (RequestOptions.preferResponder). Not for work-queue subjects, which name theirs already.
   */
  namedResponders?: boolean;
}

/** How an event is described in a catalog. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  /** Subject without the namespace, always under `events.`, e.g. `events.session.created`. */
  subject: string;
  payload: P;
  /** Redelivery policy for durable consumers of this event. */
  retry: { maxDeliver: number; backoffMs: readonly number[] };
  /**
   * Handled one at a time in the order published, across every consumer sharing a durable (on
   * JetStream, max_ack_pending 1): a redelivered event is handled again before any later one.
   */
  ordered?: boolean;
  /**
   * Published in batches on NATS: what one process publishes on the subject within `windowMs` of
   * the first pending event (at most `max` of them) is stored as one JetStream message, and each
   * consumer's handler still gets each event on its own. For events a busy platform publishes on
   * every turn, where one stored message apiece would cost more than the event's work; `publish`
   * resolves once the batch is stored. Not for ordered events: the events of a batch are handled
   * side by side.
   */
  batch?: { windowMs: number; max: number };
  /**
   * With `batch`: events of one batch that `key` gives the same key are sent as one, `merge`d (a
   * count of them), so a flood of alike events costs its consumers one event per window rather
   * than one each. The first event's id and trace context stand for the merged one; a merge may
   * add a count to it, nothing larger (the batch's size is counted ahead with the first). Only for
   * events whose consumers take a merged event as the events it stands for.
   */
  tally?: { key(payload: z.infer<P>): string; merge(into: z.infer<P>, next: z.infer<P>): z.infer<P> };
}

/**
 * How a broadcast is described in a catalog: a plain message every listener of every process
 * receives (no queue group, nothing stored). At most once: a listener that is away misses it, so
 * what it tells must also be found out some slower way.
 */
export interface BroadcastSpec<P extends z.ZodType = z.ZodType> {
  /** Subject without the namespace, always under `broadcast.`, e.g. `broadcast.keys.revoked`. */
  subject: string;
  payload: P;
}

export interface Catalog {
  rpc: Record<string, RpcSpec>;
  events: Record<string, EventSpec>;
  broadcasts?: Record<string, BroadcastSpec>;
}

export type RpcName<C extends Catalog> = keyof C['rpc'] & string;
export type EventName<C extends Catalog> = keyof C['events'] & string;
export type BroadcastName<C extends Catalog> = keyof NonNullable<C['broadcasts']> & string;
export type BroadcastPayload<C extends Catalog, N extends BroadcastName<C>> = z.input<NonNullable<C['broadcasts']>[N]['payload']>;
export type BroadcastHandlerInput<C extends Catalog, N extends BroadcastName<C>> = z.output<NonNullable<C['broadcasts']>[N]['payload']>;
export type RpcRequest<C extends Catalog, N extends RpcName<C>> = z.input<C['rpc'][N]['request']>;
export type RpcResponse<C extends Catalog, N extends RpcName<C>> = z.output<C['rpc'][N]['response']>;
export type RpcHandlerInput<C extends Catalog, N extends RpcName<C>> = z.output<C['rpc'][N]['request']>;
export type RpcHandlerOutput<C extends Catalog, N extends RpcName<C>> = z.input<C['rpc'][N]['response']>;
export type EventPayload<C extends Catalog, N extends EventName<C>> = z.input<C['events'][N]['payload']>;
export type EventHandlerInput<C extends Catalog, N extends EventName<C>> = z.output<C['events'][N]['payload']>;

/** Carried as message headers on both adapters. */
export interface TraceHeaders {
  requestId?: string;
  traceId?: string;
}

export interface RequestOptions extends TraceHeaders {
  timeoutMs?: number;
  idleTimeoutMs?: number;
  /**
   * Work-queue subjects: how long a request may wait for a responder to take it, and after that
   * how long it may go without a sign of life (a responder dying mid-request puts it back in the
   * queue). Past it the caller gets `unavailable` with reason `queue_timeout`.
   */
  queueTimeoutMs?: number;
  /**
   * Work-queue subjects and subjects of named responders (RpcSpec.namedResponders): a responder
   * to offer the request to first (one an earlier answer named), e.g. one that keeps what the
   * request builds on. Gone (or, on a work queue, busy), the request goes to any responder as
   * without it.
   */
  preferResponder?: string;
  /**
   * Subjects of named responders (RpcSpec.namedResponders): told the name of the responder that
   * answered (with a response or an error), for `preferResponder` on a later request. Not told
   * where responders have no names (the in-process bus).
   */
  answeredBy?: (responder: string) => void;
  /**
   * With `preferResponder`: when that responder cannot take the request (full, or gone), fail at
   * once with `unavailable`, reason `not_taken`, rather than offer it to the others – for a
   * request only that responder can answer, whose caller then sends another in its place.
   */
  onlyPreferred?: boolean;
}

export interface ServeOptions {
  /**
   * Work-queue subjects: the most requests this responder handles at once. It takes no more
   * until one finishes; the rest wait in the queue for it or another responder. Default 32.
   */
  maxInFlight?: number;
}

/** What waits in a work queue, for operators (metrics) and autoscalers. */
export interface WorkQueueStats {
  /** Requests no responder has taken yet. */
  waiting: number;
  /**
   * Requests taken from the queue and not yet finished, across every responder (on NATS, those a
   * responder took directly, never stored, are not among them: see WorkQueueOptions.direct).
   */
  running: number;
  /** Age of the oldest request still waiting, 0 when none waits. */
  oldestWaitingMs: number;
}

export interface HandlerContext {
  subject: string;
  requestId: string;
  traceId: string;
  /** Work-queue subjects: how long the request waited before this responder took it (0 otherwise). */
  queuedMs?: number;
  /**
   * Work-queue subjects taken directly, and subjects of named responders: this responder's own
   * name, which a caller may give as `RequestOptions.preferResponder` to offer it a later request
   * first. Absent where requests cannot be sent to one responder (the in-process bus, a
   * responder of one slot).
   */
  responder?: string;
  /** Tells a waiting caller the handler is still alive (resets its idle timer). */
  progress(): void;
}

export interface EventContext {
  subject: string;
  requestId: string;
  traceId: string;
  /** 1 on first delivery. */
  deliveryCount: number;
}

export interface Subscription {
  /** Stops taking new messages and waits for in-flight handlers. */
  drain(): Promise<void>;
  /** Resolves once it takes messages from any connection: the server has its subscription (a work queue's responder sets its queue up first). */
  ready?: Promise<void>;
}

/** A key's value in a key-value bucket, and the revision a write must name to replace it. */
export interface KeyValueEntry {
  /** Undefined when nothing was written, or the key was deleted. */
  value: string | undefined;
  /** Null when the key was never written. */
  revision: number | null;
}

/**
 * A small key-value bucket kept by the bus, for a value that must live outside the database (the
 * audit chain's signed head): a JetStream KV bucket (file storage, the latest value only) on NATS,
 * memory that lives as long as the bus in process. Writes are compare-and-set, so writers at once
 * cannot overwrite a value they did not read.
 */
export interface KeyValueBucket {
  get(key: string): Promise<KeyValueEntry>;
  /** Writes `value` if `key` is still at `revision`; false when another write came in between. */
  replace(key: string, value: string, revision: number | null): Promise<boolean>;
}

/**
 * Errors: every failure reaching a caller is an AppError (from @parley/contracts):
 * - a handler's AppError travels to the caller as is;
 * - any other handler error reaches the caller as `internal` (and is logged by the responder);
 * - no responder: `unavailable` at once; no reply within the timeout: `unavailable` with
 *   details `{ reason: 'timeout' }`;
 * - a payload failing its schema: `invalid` (checked by the caller before sending and by the
 *   responder on receipt; a reply failing its schema is `internal`).
 *
 * Event handlers: returning acks; throwing AppError('invalid') terminates the message (never
 * redelivered); throwing anything else naks it for redelivery after the spec's backoff, up to
 * `maxDeliver` deliveries.
 */
/** A NATS connection as its metrics show it. */
export interface BusConnectionStats {
  connected: boolean;
  /** Times the connection was lost and made again. */
  reconnects: number;
  inBytes: number;
  outBytes: number;
  inMsgs: number;
  outMsgs: number;
}

export interface Bus<C extends Catalog> {
  readonly namespace: string;
  request<N extends RpcName<C>>(name: N, payload: RpcRequest<C, N>, options?: RequestOptions): Promise<RpcResponse<C, N>>;
  serve<N extends RpcName<C>>(
    name: N,
    handler: (payload: RpcHandlerInput<C, N>, ctx: HandlerContext) => Promise<RpcHandlerOutput<C, N>>,
    options?: ServeOptions,
  ): Subscription;
  /** The work queue of a work-queue subject as it stands now. */
  queueStats(name: RpcName<C>): Promise<WorkQueueStats>;
  /** Durable publish: resolves once the event is stored (JetStream ack). */
  publish<N extends EventName<C>>(name: N, payload: EventPayload<C, N>, headers?: TraceHeaders): Promise<void>;
  /** A durable consumer named `durable`; replicas using the same name share the events. */
  consume<N extends EventName<C>>(name: N, durable: string, handler: (payload: EventHandlerInput<C, N>, ctx: EventContext) => Promise<void>): Subscription;
  /** Sends a broadcast to every listener in every process; resolves once it has left (not stored). */
  broadcast<N extends BroadcastName<C>>(name: N, payload: BroadcastPayload<C, N>): Promise<void>;
  /** Every broadcast of this name from now on, in this process (no queue group: each listener gets each one). */
  listen<N extends BroadcastName<C>>(name: N, handler: (payload: BroadcastHandlerInput<C, N>) => void): Subscription;
  /** The namespace's key-value bucket `bucket`, created on first use. */
  keyValue(bucket: string): Promise<KeyValueBucket>;
  /** Resolves when the bus answers (used by /readyz). */
  ping(): Promise<void>;
  /** The NATS connection's state and traffic since it opened; undefined for the in-process bus (no connection). */
  connectionStats(): BusConnectionStats | undefined;
  /** Stops all subscriptions, waits for in-flight handlers, flushes and closes. */
  drain(): Promise<void>;
}
