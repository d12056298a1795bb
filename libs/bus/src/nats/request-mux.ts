import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { AppError } from '@parley/contracts';
import { headerNames } from '../core/codec.js';
import { closedError, noResponderError } from '../core/errors.js';
import { PendingRequests } from '../core/pending-requests.js';
import type { Outbox } from './outbox.js';

/**
 * All of a connection's requests share one inbox subscription (`_INBOX.<id>.*`), told apart by
 * the last token of the reply subject. The client's own request() settles on the first message,
 * which would end a request at its first progress beat; here a beat only pushes the idle deadline
 * back and the reply settles it. No subscription per request.
 */
export class NatsRequestMux {
  private readonly prefix: string;
  private readonly pending = new PendingRequests<Msg>();
  private readonly subscription: Subscription;

  constructor(
    nc: NatsConnection,
    private readonly outbox: Outbox,
  ) {
    this.prefix = `${createInbox()}.`;
    this.subscription = nc.subscribe(`${this.prefix}*`, { callback: (error, msg) => this.receive(error, msg) });
  }

  request(subject: string, body: string, headers: MsgHdrs, timeoutMs: number, idleTimeoutMs: number | undefined): Promise<Msg> {
    const token = this.pending.nextToken();
    const reply = this.pending.wait(token, subject, timeoutMs, idleTimeoutMs);
    this.outbox.publish(
      subject,
      body,
      { reply: this.prefix + token, headers },
      { failed: (error) => this.pending.fail(token, new AppError('unavailable', `could not send on ${subject}`, { cause: error })) },
    );
    return reply;
  }

  /**
   * A reply to wait for that something else will ask for: a work-queue request is stored by
   * JetStream and carries `replyTo` in a header. The idle deadline fails with `idleError`.
   * `replyTo`: waits again on the reply subject of an earlier expectation that has ended, so an
   * answer to either is this one's.
   */
  expect(
    subject: string,
    timeoutMs: number,
    idleTimeoutMs: number,
    idleError: (subject: string, idleTimeoutMs: number) => AppError,
    replyTo?: string,
  ): {
    replyTo: string;
    reply: Promise<Msg>;
    fail(error: AppError): void;
    /** Whether the caller still waits (no reply, no failure yet). */
    waiting(): boolean;
    /** From now on, fails with `error` after `idleTimeoutMs` without a sign of life (PendingRequests.tighten). */
    tighten(idleTimeoutMs: number, error: (subject: string, idleTimeoutMs: number) => AppError): void;
  } {
    const token = replyTo?.startsWith(this.prefix) ? replyTo.slice(this.prefix.length) : this.pending.nextToken();
    return {
      replyTo: this.prefix + token,
      reply: this.pending.wait(token, subject, timeoutMs, idleTimeoutMs, idleError),
      fail: (error) => this.pending.fail(token, error),
      waiting: () => this.pending.has(token),
      tighten: (ms, error) => this.pending.tighten(token, ms, error),
    };
  }

  /** Ends every request still waiting: the connection has gone away. */
  close(): void {
    if (!this.subscription.isClosed()) this.subscription.unsubscribe();
    this.pending.failAll(closedError());
  }

  private receive(error: Error | null, msg: Msg): void {
    if (error) {
      // The inbox itself failed (e.g. a permissions violation): no request can get its reply.
      this.pending.failAll(new AppError('unavailable', 'the reply inbox failed', { cause: error }));
      return;
    }
    const token = msg.subject.slice(this.prefix.length);
    const headers = msg.headers;
    if (headers !== undefined) {
      // NATS answers a request nobody subscribes to with an empty 503 status message.
      if (headers.code === 503 && msg.data.length === 0) {
        this.pending.fail(token, noResponderError);
        return;
      }
      if (headers.has(headerNames.progress)) {
        this.pending.beat(token);
        return;
      }
    }
    this.pending.settle(token, msg);
  }
}
