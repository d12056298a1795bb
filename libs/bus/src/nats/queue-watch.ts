import { JetStreamApiError, type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@parley/logger';
import { headerNames } from '../core/codec.js';

/** A queued request its caller still waits for, and where its message was stored. */
export interface WatchedRequest {
  stream: string;
  seq: number;
  /** The caller's reply subject, as the stored message carries it (Parley-Reply-To). */
  replyTo: string;
  /** Whether the caller still waits. */
  waiting(): boolean;
  /** The stored message is gone: nothing will take the request any more. */
  lost(): void;
}

/** How often the streams of waiting requests are asked whether they are still the ones the requests went into. */
const CHECK_INTERVAL_MS = 5_000;
/**
 * A check JetStream did not answer is tried again after this; a check waits as long for its answer
 * (one made as the connection comes back can go unanswered, its inbox not yet subscribed again).
 */
const RETRY_MS = 1_000;
const streamNotFound = 10059;

/**
 * Notices queued requests whose stored message no longer exists, so their callers do not wait out
 * their whole queue timeout for a request nothing will ever take: a stream kept in memory is gone
 * when its NATS server restarts, with every request waiting in it.
 *
 * Checked when the connection comes back (the server may have restarted) and every few seconds
 * while requests wait (a stream on another server of a cluster may have been recreated): a
 * stream that is missing, or was created anew since it was last seen, has lost what it held; for
 * a recreated one each request's sequence is looked up and must still hold that request (its reply
 * subject). A stream seen unchanged lost nothing, so a file stream surviving a restart costs one
 * call per check. A message also disappears when a responder finishes the request (its reply is
 * then on its way) or while one still works on it (it beats): the caller is only told, and decides
 * what silence now means (see NatsBus.requestQueued).
 */
export class QueueLossWatch {
  private readonly watched = new Set<WatchedRequest>();
  /** Each stream's creation time as last seen. */
  private readonly created = new Map<string, string>();
  /** Streams to check at the next tick whatever their creation time says (after a reconnection). */
  private readonly suspect = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private lastCheck = 0;
  private jsm: JetStreamManager | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
  ) {}

  /** Watches a request until `forget()` (its reply or failure came). */
  watch(request: WatchedRequest): () => void {
    this.watched.add(request);
    if (this.timer === undefined) {
      this.lastCheck = Date.now();
      this.timer = setInterval(() => void this.tick(), RETRY_MS);
      this.timer.unref();
    }
    return () => {
      this.watched.delete(request);
      if (this.watched.size === 0) this.stop();
    };
  }

  /** The connection came back: the server may have restarted; every stream with waiting requests is checked at once. */
  reconnected(): void {
    for (const request of this.watched) this.suspect.add(request.stream);
    // After a round trip the server has this connection's subscriptions again (the checks' inbox among them).
    this.nc.flush().then(
      () => this.tick(),
      () => {},
    );
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.suspect.clear();
  }

  private async tick(): Promise<void> {
    if (this.checking || this.watched.size === 0) return;
    const due = Date.now() - this.lastCheck >= CHECK_INTERVAL_MS;
    if (!due && this.suspect.size === 0) return;
    this.checking = true;
    try {
      if (due) this.lastCheck = Date.now();
      const streams = new Set<string>();
      for (const request of this.watched) if (due || this.suspect.has(request.stream)) streams.add(request.stream);
      for (const stream of streams) {
        await this.check(stream).catch((error: unknown) => this.retry(stream, error));
      }
    } finally {
      this.checking = false;
    }
  }

  /** One stream: its waiting requests told if they were lost; on no answer, checked again shortly. */
  private async check(stream: string): Promise<void> {
    const requests = [...this.watched].filter((request) => request.stream === stream && request.waiting());
    const forced = this.suspect.delete(stream);
    if (requests.length === 0) return;
    this.jsm ??= await jetstreamManager(this.nc, { timeout: RETRY_MS, checkAPI: false });
    const jsm = this.jsm;
    let created: string | undefined;
    try {
      created = (await jsm.streams.info(stream)).created;
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === streamNotFound)) {
        this.retry(stream, error);
        return;
      }
    }
    const known = this.created.get(stream);
    if (created === undefined) {
      // The stream is gone, and with it every request it held.
      for (const request of requests) this.lose(request);
      return;
    }
    // Seen before and unchanged: it lost nothing. Seen for the first time after a reconnection:
    // each request is looked up, as the stream may be a new one.
    if (known === created || (known === undefined && !forced)) {
      this.created.set(stream, created);
      return;
    }
    for (const request of requests) {
      try {
        const stored = await jsm.streams.getMessage(stream, { seq: request.seq });
        if (stored === null || stored.header.get(headerNames.replyTo) !== request.replyTo) this.lose(request);
      } catch (error) {
        if (error instanceof JetStreamApiError && error.code === streamNotFound) this.lose(request);
        else {
          this.retry(stream, error);
          return;
        }
      }
    }
    // Known from now on: requests queued later went into this stream.
    this.created.set(stream, created);
  }

  private lose(request: WatchedRequest): void {
    // Told once: from then on the caller's own (shorter) patience decides.
    if (!this.watched.delete(request)) return;
    if (this.watched.size === 0) this.stop();
    if (!request.waiting()) return;
    this.logger.debug({ stream: request.stream, seq: request.seq }, 'a queued request is no longer in its queue');
    request.lost();
  }

  private retry(stream: string, error: unknown): void {
    this.logger.debug({ err: error, stream }, 'could not check a work queue for lost requests; retrying');
    this.suspect.add(stream);
  }
}
