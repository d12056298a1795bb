import { compareEventIds, type LiveEventLog, type LoggedEvent, type ParsedEventId, parseEventId } from '@parley/stores';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

/** Replay pages: the log keeps about this many events per conversation. */
const REPLAY_PAGE = 1_000;

/** Where a followed log's events go: an SSE response or a WebSocket. */
export interface LiveSink {
  /** Writes one event; answers false when the client is so far behind that it must be cut off. */
  write(event: LoggedEvent): boolean;
  /** The id resumed from has left the log: the client reloads the history, then keeps listening. */
  reset(): void;
  /**
   * Ends the connection (the follower is closed already): `ended` after `endsWith`, `behind` when
   * the client could not keep up, `failed` when the log could not be read, `closed` otherwise.
   */
  end(why: 'ended' | 'behind' | 'failed' | 'closed'): void;
}

export interface LiveFollower {
  close(why?: 'ended' | 'behind' | 'failed' | 'closed'): void;
  /**
   * Sends whatever the log holds that the client has not had yet, once the first replay is
   * over: called after a request that appended events, so that its answer follows them.
   */
  catchUp(): Promise<void>;
}

/**
 * Follows one live log (a conversation's, or a tenant's inbox) from an event id, for SSE and
 * WebSocket alike. No gap and no duplicate between what was missed and what comes live: it
 * subscribes first and buffers, replays from the log, then sends the buffered events it has not
 * already sent (ids only increase). `endsWith`: an event after which nothing more comes.
 */
export function followLog(options: {
  live: LiveEventLog;
  key: string;
  /** Resume after this id; undefined or empty: every event kept. */
  after: string | undefined;
  sink: LiveSink;
  log: FastifyBaseLogger;
  endsWith?: LoggedEvent['event'] | undefined;
  onClose?: (() => void) | undefined;
}): LiveFollower {
  const { live, key, sink } = options;
  const after = options.after === '' ? undefined : options.after;
  let lastSent: { id: string; parsed: ParsedEventId } | undefined;
  const start = after === undefined ? undefined : parseEventId(after);
  if (after !== undefined && start !== undefined) lastSent = { id: after, parsed: start };
  let replaying = true;
  let closed = false;
  let buffered: LoggedEvent[] = [];

  const send = (event: LoggedEvent): void => {
    if (closed) return;
    const id = parseEventId(event.id);
    if (id === undefined || (lastSent !== undefined && compareEventIds(id, lastSent.parsed) <= 0)) return;
    lastSent = { id: event.id, parsed: id };
    if (!sink.write(event)) follower.close('behind');
    else if (event.event === options.endsWith) follower.close('ended');
  };
  const unsubscribe = live.subscribe(key, (event) => {
    if (replaying) buffered.push(event);
    else send(event);
  });
  const follower: LiveFollower = {
    close(why = 'closed') {
      if (closed) return;
      closed = true;
      unsubscribe();
      buffered = [];
      sink.end(why);
      options.onClose?.();
    },
    async catchUp() {
      await replayed;
      if (closed) return;
      const page = await live.readAfter(key, lastSent?.id, REPLAY_PAGE);
      // A reset here means more than a page came since the last event sent: the subscription has them.
      if (!page.reset) for (const event of page.events) send(event);
    },
  };

  const replay = async () => {
    try {
      let cursor = after;
      let first = true;
      for (;;) {
        const page = await live.readAfter(key, cursor, REPLAY_PAGE);
        if (closed) return;
        if (first && page.reset) {
          // Everything from here on is new to the client: it reloads the history for the rest.
          lastSent = undefined;
          sink.reset();
        }
        first = false;
        for (const event of page.events) send(event);
        if (page.events.length < REPLAY_PAGE) break;
        cursor = page.events.at(-1)?.id;
      }
      replaying = false;
      for (const event of buffered.splice(0)) send(event);
    } catch (error) {
      options.log.warn({ err: error, key }, 'live event replay failed; closing the stream');
      follower.close('failed');
    }
  };
  const replayed = replay();
  return follower;
}

/**
 * The open connections of one route family, closed all at once when the server closes (a
 * stream never ends by itself), with one timer for all of them – running only while there is
 * one – that calls `tick` on each (heartbeats, pings).
 */
export function connectionSet<T extends { close(): void }>(app: FastifyInstance, periodMs: number, tick: (entry: T, now: number) => void) {
  const open = new Set<T>();
  let timer: NodeJS.Timeout | undefined;
  const start = () => {
    timer ??= setInterval(() => {
      if (open.size === 0) {
        clearInterval(timer);
        timer = undefined;
        return;
      }
      const now = Date.now();
      for (const entry of open) tick(entry, now);
    }, periodMs);
    timer.unref();
  };
  app.addHook('preClose', async () => {
    for (const entry of [...open]) entry.close();
    if (timer) clearInterval(timer);
    timer = undefined;
  });
  return {
    add(entry: T): void {
      open.add(entry);
      start();
    },
    delete(entry: T): void {
      open.delete(entry);
    },
    has(entry: T): boolean {
      return open.has(entry);
    },
    get size(): number {
      return open.size;
    },
  };
}
