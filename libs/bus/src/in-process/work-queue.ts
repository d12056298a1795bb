import type { Context } from '@opentelemetry/api';
import type { Logger } from '@parley/logger';
import type { RpcRoute } from '../core/catalog-routes.js';
import { noResponderError, queueFullError, queueTimeoutError } from '../core/errors.js';
import { InFlight } from '../core/in-flight.js';
import type { PendingRequests } from '../core/pending-requests.js';
import { answerRequest, type ReplyFrame, type RpcHandler } from '../core/rpc-exchange.js';
import { captureTraceContext, type HopSpanOptions, replyHop, SpanKind, withCapturedContext } from '../core/trace-propagation.js';
import type { Subscription, WorkQueueStats } from '../types.js';

interface Worker {
  handler: RpcHandler;
  maxInFlight: number;
  active: number;
  inFlight: InFlight;
}

interface Waiting {
  token: string;
  body: string;
  requestId: string;
  traceId: string;
  enqueuedAt: number;
  /** The caller's OpenTelemetry context, when tracing is on: the request runs from the pump, not the caller. */
  trace: Context | undefined;
}

/**
 * One work-queue subject in one process, with the NATS work queue's rules: a responder takes at
 * most its `maxInFlight` requests, the rest wait in order, a full queue refuses at once and a
 * caller waits at most its queue timeout for a responder to take its request.
 */
export class InProcessWorkQueue {
  private readonly workers: Worker[] = [];
  private waiting: Waiting[] = [];
  private next = 0;
  private readonly hop: HopSpanOptions<ReplyFrame>;

  constructor(
    private readonly route: RpcRoute,
    private readonly pending: PendingRequests<ReplyFrame>,
    private readonly logger: Logger,
    private readonly maxMessages: number,
  ) {
    this.hop = replyHop('in_process', route.subject);
  }

  request(body: string, ids: { requestId: string; traceId: string }, timeoutMs: number, queueTimeoutMs: number): Promise<ReplyFrame> {
    if (this.workers.length === 0) throw noResponderError(this.route.subject);
    this.dropAbandoned();
    if (this.waiting.length + this.running() >= this.maxMessages) throw queueFullError(this.route.subject);
    const token = this.pending.nextToken();
    const reply = this.pending.wait(token, this.route.subject, timeoutMs, queueTimeoutMs, queueTimeoutError);
    this.waiting.push({ token, body, ...ids, enqueuedAt: Date.now(), trace: captureTraceContext() });
    this.pump();
    return reply;
  }

  serve(handler: RpcHandler, maxInFlight: number): Subscription {
    const worker: Worker = { handler, maxInFlight, active: 0, inFlight: new InFlight() };
    this.workers.push(worker);
    this.pump();
    return {
      ready: Promise.resolve(),
      drain: async () => {
        const index = this.workers.indexOf(worker);
        if (index >= 0) this.workers.splice(index, 1);
        await worker.inFlight.settled();
      },
    };
  }

  stats(): WorkQueueStats {
    this.dropAbandoned();
    const oldest = this.waiting[0];
    return { waiting: this.waiting.length, running: this.running(), oldestWaitingMs: oldest ? Date.now() - oldest.enqueuedAt : 0 };
  }

  private running(): number {
    return this.workers.reduce((sum, worker) => sum + worker.active, 0);
  }

  /** Requests whose caller stopped waiting are never run. */
  private dropAbandoned(): void {
    if (this.waiting.some((entry) => !this.pending.has(entry.token))) {
      this.waiting = this.waiting.filter((entry) => this.pending.has(entry.token));
    }
  }

  /** Hands waiting requests, oldest first, to responders with room, in turn. */
  private pump(): void {
    while (this.waiting.length > 0) {
      const worker = this.freeWorker();
      if (!worker) return;
      const entry = this.waiting.shift()!;
      if (!this.pending.has(entry.token)) continue;
      worker.active += 1;
      worker.inFlight.start();
      // On a later turn, as a message from the network would arrive.
      setImmediate(() => void this.run(worker, entry));
    }
  }

  private freeWorker(): Worker | undefined {
    for (let i = 0; i < this.workers.length; i++) {
      const worker = this.workers[(this.next + i) % this.workers.length]!;
      if (worker.active < worker.maxInFlight) {
        this.next = (this.next + i + 1) % this.workers.length;
        return worker;
      }
    }
    return undefined;
  }

  private async run(worker: Worker, entry: Waiting): Promise<void> {
    const beat = () => this.pending.beat(entry.token);
    beat();
    // As on NATS, the caller hears the responder is alive however long the request takes.
    const beats = setInterval(beat, 1_000);
    try {
      const ctx = { subject: this.route.subject, requestId: entry.requestId, traceId: entry.traceId, queuedMs: Date.now() - entry.enqueuedAt, progress: beat };
      const frame = await withCapturedContext(
        entry.trace,
        this.route.spec.subject,
        SpanKind.SERVER,
        () => answerRequest(this.route, entry.body, ctx, worker.handler, this.logger),
        this.hop,
      );
      this.pending.settle(entry.token, frame);
    } finally {
      clearInterval(beats);
      worker.active -= 1;
      worker.inFlight.end();
      this.pump();
    }
  }
}
