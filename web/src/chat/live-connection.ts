import type { LiveEvent, PublicApi } from './api';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'closed';

const EVENT_NAMES = ['status', 'delta', 'message', 'session_ended', 'reset'] as const;
/** Failures in a row, without the stream ever opening, before polling takes over. */
const FAILURES_BEFORE_POLLING = 3;
const POLL_MS = 2_000;
/** While polling, the stream is tried again this often: it may have been a passing fault. */
const RETRY_STREAM_MS = 30_000;

export interface LiveHandlers {
  onEvent(event: LiveEvent): void;
  onState(state: ConnectionState): void;
  /** The events since the last known id were lost: rebuild the view from the history. */
  onReset(): void;
  /** The session can no longer be followed (it ended, or its credential is no longer valid). */
  onGone(): void;
}

/**
 * The session's live events: Server-Sent Events (the browser resumes them with Last-Event-ID by
 * itself), falling back to polling the history with `after` when the stream keeps failing
 * (a proxy that buffers or blocks it), and trying the stream again from time to time.
 */
export function followSession(api: PublicApi, session: string, handlers: LiveHandlers): { close(): void } {
  let lastEventId: string | undefined;
  let source: EventSource | undefined;
  let failures = 0;
  let closed = false;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const deliver = (event: LiveEvent) => {
    if (event.id) lastEventId = event.id;
    if (event.event === 'reset') handlers.onReset();
    else handlers.onEvent(event);
    if (event.event === 'session_ended') stop();
  };

  const stop = () => {
    closed = true;
    source?.close();
    clearTimeout(pollTimer);
    clearTimeout(retryTimer);
    handlers.onState('closed');
  };

  const openStream = () => {
    if (closed) return;
    handlers.onState(failures === 0 ? 'connecting' : 'reconnecting');
    const stream = new EventSource(api.eventsUrl(session, lastEventId));
    source = stream;
    stream.onopen = () => {
      failures = 0;
      clearTimeout(pollTimer);
      pollTimer = undefined;
      handlers.onState('live');
    };
    for (const name of EVENT_NAMES) {
      stream.addEventListener(name, (message) => {
        const m = message as MessageEvent<string>;
        let data: Record<string, unknown> = {};
        try {
          data = JSON.parse(m.data) as Record<string, unknown>;
        } catch {
          return;
        }
        deliver({ ...(m.lastEventId ? { id: m.lastEventId } : {}), event: name, data });
      });
    }
    stream.onerror = () => {
      if (closed || source !== stream) return;
      failures += 1;
      // CLOSED: the server refused the stream (an ended session answers 410); CONNECTING: the
      // browser retries by itself after the server's `retry:` delay.
      if (stream.readyState === EventSource.CLOSED || failures >= FAILURES_BEFORE_POLLING) {
        stream.close();
        source = undefined;
        startPolling();
      } else {
        handlers.onState('reconnecting');
      }
    };
  };

  const poll = async () => {
    if (closed) return;
    try {
      const history = await api.history(session, lastEventId ?? '');
      if (closed) return;
      handlers.onState('polling');
      if (history.reset) handlers.onReset();
      for (const event of history.events ?? []) deliver(event);
      if (history.last_event_id) lastEventId = history.last_event_id;
    } catch (error) {
      const status = (error as { status?: number }).status ?? 0;
      if (status === 401 || status === 404 || status === 410) {
        handlers.onGone();
        stop();
        return;
      }
      handlers.onState('reconnecting');
    }
    if (!closed) pollTimer = setTimeout(poll, POLL_MS);
  };

  const startPolling = () => {
    if (closed) return;
    clearTimeout(pollTimer);
    void poll();
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      clearTimeout(pollTimer);
      failures = 0;
      openStream();
    }, RETRY_STREAM_MS);
  };

  openStream();
  return { close: stop };
}
