import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { signRequest } from '@parley/auth';
import type { Pool } from 'undici';

/** One HTTP request as sent: a message's first attempt or one of its retries. */
export interface Attempt {
  /** Index into the messages. */
  message: number;
  /** Milliseconds since the load began. */
  sentAt: number;
  doneAt: number;
  /** `200`, `503`, …, `timeout` (no answer within the client's deadline), `network` (refused, reset), `unexpected` (200 without the agent's reply). */
  outcome: string;
  ok: boolean;
}

/** A message a client meant to send once, whatever it took. */
export interface Message {
  kind: 'api' | 'public';
  client: number;
  conversationId: string;
  content: string;
  /** The Idempotency-Key every attempt carried, if any. */
  key?: string;
  firstSentAt: number;
  attempts: number;
  /** When a 2xx answered it (the client's acknowledgement). */
  answeredAt?: number;
  /** What the 2xx said: the Text Chat API's turn number, the public chat's stored message id. */
  turnNumber?: number;
  messageId?: string;
  /** Why the client stopped trying without a 2xx (a final 4xx, or the end of the run). */
  gaveUp?: string;
  /** Every attempt's outcome, in order, with the error's code and reason when it had one (`401 unauthorized/replayed`). */
  outcomes: string[];
}

export interface ApiClient {
  kind: 'api';
  sessionId: string;
  conversationId: string;
}

export interface Visitor {
  kind: 'public';
  /** The visitor's session credential. */
  session: string;
  conversationId: string;
}

export interface FaultLoadOptions {
  pool: Pool;
  chatApiSecret: string;
  /** The public link's token. */
  token: string;
  clients: Array<ApiClient | Visitor>;
  /** Whether the public chat route takes an Idempotency-Key (then visitors send one and reuse it on retry). */
  publicKeys: boolean;
  /** A request with no answer within this long is hung: abandoned and retried. */
  clientTimeoutMs: number;
  /** Prefix of every Idempotency-Key, unique to the run. */
  keyPrefix: string;
}

/** `unavailable`, `unauthorized/replayed`: the error's code and `details.reason`, or `not JSON`. */
function errorDetail(text: string): string {
  try {
    const error = JSON.parse(text)?.error;
    const reason = error?.details?.reason;
    return `${String(error?.code)}${typeof reason === 'string' ? `/${reason}` : ''}`;
  } catch {
    return 'not JSON';
  }
}

/**
 * What a client retries (docs/api.md: 503 and 409 say retry, 429 has Retry-After, a 401
 * `replay_window_reset` says sign anew – every attempt is signed anew); any 5xx is retried too.
 */
function retryable(outcome: string, detail: string | undefined): boolean {
  if (outcome === 'timeout' || outcome === 'network') return true;
  if (outcome === '401') return detail?.endsWith('/replay_window_reset') === true;
  const status = Number(outcome);
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * The closed-loop clients of the fault run: each sends its next message when the last one was
 * answered 2xx, and retries a message – the same content, the same Idempotency-Key, signed anew –
 * on 503, 409, 429, any other 5xx, a 401 `replay_window_reset`, a timeout or a dropped
 * connection, after Retry-After (or 250 ms), until it is answered, refused for good (another
 * 4xx) or the load is over.
 */
export class FaultLoad {
  readonly attempts: Attempt[] = [];
  readonly messages: Message[] = [];
  private readonly started = performance.now();
  private stopping = false;
  private drainUntil = Number.POSITIVE_INFINITY;
  private running: Promise<void> | undefined;

  constructor(private readonly options: FaultLoadOptions) {}

  /** Milliseconds since the load began. */
  now(): number {
    return performance.now() - this.started;
  }

  start(): void {
    this.running = Promise.all(this.options.clients.map((client, index) => this.client(client, index))).then(() => undefined);
  }

  /** No new messages; a message being retried gets until `drainMs` from now, then is given up. */
  async stop(drainMs: number): Promise<void> {
    this.stopping = true;
    this.drainUntil = this.now() + drainMs;
    await this.running;
  }

  private async client(client: ApiClient | Visitor, index: number): Promise<void> {
    for (let n = 1; !this.stopping; n++) {
      const content = `${client.kind} client ${index} message ${n}`;
      const key = client.kind === 'api' || this.options.publicKeys ? `${this.options.keyPrefix}-${index}-${n}` : undefined;
      const message: Message = {
        kind: client.kind,
        client: index,
        conversationId: client.conversationId,
        content,
        ...(key ? { key } : {}),
        firstSentAt: this.now(),
        attempts: 0,
        outcomes: [],
      };
      const id = this.messages.push(message) - 1;
      for (;;) {
        const sentAt = this.now();
        message.attempts++;
        const { outcome, retryAfterMs, reply, detail } = await this.send(client, content, key);
        const doneAt = this.now();
        const ok = outcome === '200';
        message.outcomes.push(detail ? `${outcome} ${detail}` : outcome);
        this.attempts.push({ message: id, sentAt, doneAt, outcome, ok });
        if (ok || outcome === 'unexpected') {
          // A 2xx is the client's acknowledgement, whatever it said: the message must be stored.
          message.answeredAt = doneAt;
          if (typeof reply?.turn_number === 'number') message.turnNumber = reply.turn_number;
          if (typeof reply?.message_id === 'string') message.messageId = reply.message_id;
          break;
        }
        if (!retryable(outcome, detail)) {
          message.gaveUp = `answered ${outcome}`;
          break;
        }
        if (this.now() > this.drainUntil) {
          message.gaveUp = `still failing (${outcome}) when the run ended`;
          break;
        }
        await sleep(Math.min(retryAfterMs ?? 250, 2_000));
      }
    }
  }

  private async send(
    client: ApiClient | Visitor,
    content: string,
    key: string | undefined,
  ): Promise<{ outcome: string; retryAfterMs?: number; reply?: any; detail?: string }> {
    const body = JSON.stringify(client.kind === 'api' ? { content } : { content, session: client.session });
    const path = client.kind === 'api' ? `/api/chat/sessions/${client.sessionId}/messages` : `/api/public/chat/${this.options.token}`;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) };
    if (client.kind === 'api') Object.assign(headers, signRequest(this.options.chatApiSecret, 'POST', path, body, Date.now(), { fractional: true }));
    try {
      const response = await this.options.pool.request({
        method: 'POST',
        path,
        headers,
        body,
        headersTimeout: this.options.clientTimeoutMs,
        bodyTimeout: this.options.clientTimeoutMs,
      });
      const text = await response.body.text();
      const retryAfter = Number(response.headers['retry-after']);
      const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined;
      if (response.statusCode < 200 || response.statusCode > 299) {
        return { outcome: String(response.statusCode), ...(retryAfterMs ? { retryAfterMs } : {}), detail: errorDetail(text) };
      }
      let reply: any;
      try {
        reply = JSON.parse(text);
      } catch {
        return { outcome: 'unexpected' };
      }
      const expected = client.kind === 'api' ? typeof reply?.turn_number === 'number' : typeof reply?.message_id === 'string';
      return { outcome: expected && response.statusCode === 200 ? '200' : 'unexpected', reply };
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      return {
        outcome: code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' ? 'timeout' : 'network',
        detail: code || (error as Error).message,
      };
    }
  }
}
