import { type LiveFrame, type LiveReset, readLiveEvent } from '@parley/contracts/live-decode';
import { ApiError, type PublicApi, type VisitorContext } from './api';

/** A live event of the session with its id (docs/public-chat-api.md "Live events"), read by the catalog's decoder. */
export type LiveEvent = Exclude<LiveFrame, LiveReset>;

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'closed';
/** How the live events come: the widget's WebSocket, the event stream, or polling the history. */
export type Transport = 'websocket' | 'sse' | 'polling';

const EVENT_NAMES = ['status', 'delta', 'message', 'escalation', 'session_ended', 'reset'] as const;
/** Failures in a row, without the stream ever opening, before polling takes over. */
const FAILURES_BEFORE_POLLING = 3;
const POLL_MS = 2_000;
/** While polling, the stream is tried again this often: it may have been a passing fault. */
const RETRY_STREAM_MS = 30_000;
/** A WebSocket that closed after it had worked is opened again after this pause (the gateway restarting, a network change). */
const SOCKET_RETRY_MS = 1_000;
/** Error codes of the WebSocket's error frames, as the HTTP statuses the rest of the page knows them by. */
const STATUS_OF: Record<string, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  content_blocked: 422,
  rate_limited: 429,
  quota_exceeded: 429,
  unavailable: 503,
};

export interface LiveHandlers {
  onEvent(event: LiveEvent): void;
  /** `transport`: how the events come while `live` or `polling`. */
  onState(state: ConnectionState, transport?: Transport): void;
  /** The events since the last known id were lost: rebuild the view from the history. */
  onReset(): void;
  /** The session can no longer be followed (it ended, or its credential is no longer valid). */
  onGone(): void;
}

/** A message acknowledged over the WebSocket. */
export interface SocketAnswer {
  id: string;
  /** The reply offers the visitor a person (docs/escalation.md "Offering a person"). */
  offerPerson: boolean;
}

export interface LiveFollow {
  close(): void;
  /**
   * Sends a message over the WebSocket and resolves with its stored id (and whether the visitor is
   * now offered a person, as a chat reply's `offer_person` says) once acknowledged (after
   * the events it caused); undefined when no socket is open, and the caller posts it instead.
   * `key`, the message's own, is its client_id: sent again after a reconnect, it gets the same ack.
   * `attachments`: upload ids of the session the message carries; `context`: where the host page
   * says the visitor is now, for the session (docs/public-chat-api.md "Page context").
   */
  send(content: string, key?: string, attachments?: string[], context?: VisitorContext): Promise<SocketAnswer | undefined>;
  /** Tells the platform the visitor is typing over the WebSocket; false when no socket is open. */
  typing(): boolean;
}

/**
 * The session's live events: with `webSocket`, the widget's WebSocket first (the same events
 * and ids, and messages the other way); Server-Sent Events otherwise, or when the socket cannot
 * be had while the platform answers (a host page's policy or a proxy refuses it); the browser
 * resumes them with Last-Event-ID by itself. Polling the history with `after` when the stream
 * keeps failing (a proxy that buffers or blocks it), trying the stream again from time to time –
 * at once when the platform comes back after an outage, since then the outage, not a proxy,
 * failed it.
 */
export function followSession(api: PublicApi, session: string, handlers: LiveHandlers, after?: string, options: { webSocket?: boolean } = {}): LiveFollow {
  // `after`: events up to it are already known (a reopened conversation's past, its end included).
  let lastEventId: string | undefined = after;
  let source: EventSource | undefined;
  let failures = 0;
  let closed = false;
  /** Counts the switches between stream and polling: a poll of an earlier loop, still on its way, ends there. */
  let generation = 0;
  /** The last poll failed too: the platform itself was out of reach, not only its stream. */
  let unreachable = false;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let useSocket = options.webSocket === true && typeof WebSocket === 'function';
  let socket: WebSocket | undefined;
  /** Settles once the current socket opens (true) or fails (false). */
  let socketSettled: Promise<boolean> = Promise.resolve(false);
  /**
   * Socket attempts in a row that failed while the platform answered over HTTP: the first one
   * hands over to SSE – the second once a socket has worked here (the first may have raced the
   * platform's return after an outage).
   */
  let socketRefusals = 0;
  let socketWorked = false;
  let clientIds = 0;
  const pending = new Map<string, { resolve(answer: SocketAnswer): void; reject(error: Error): void }>();
  /** The session ended while a message of ours was being answered: stopped once its ack is in. */
  let ending = false;

  /** Whatever the stream, the socket or a poll gave: what the catalog does not know is left out. */
  const deliver = (value: unknown) => {
    const event = readLiveEvent(value);
    if (!event) return;
    if (event.event === 'reset') return handlers.onReset();
    lastEventId = event.id;
    handlers.onEvent(event);
    if (event.event !== 'session_ended') return;
    // The message that ended it is acknowledged after this event: the socket stays for its ack (the platform closes it then).
    if (socket && pending.size > 0) ending = true;
    else stop();
  };

  const stop = () => {
    closed = true;
    source?.close();
    closeSocket();
    clearTimeout(pollTimer);
    clearTimeout(retryTimer);
    handlers.onState('closed');
  };

  /** Forgets the socket: messages waiting for their ack are to be sent again. */
  const closeSocket = () => {
    const current = socket;
    socket = undefined;
    current?.close();
    for (const [id, waiting] of pending) {
      pending.delete(id);
      waiting.reject(new ApiError(0, 'network', 'The connection was lost before the message was confirmed.'));
    }
  };

  /** The preferred way: the WebSocket when it can be had, else the event stream. */
  const reconnect = (state: 'connecting' | 'reconnecting') => (useSocket ? openSocket(state) : openStream(state));

  const onSocketFrame = (text: string) => {
    let frame: {
      event?: unknown;
      type?: string;
      client_id?: string;
      message_id?: string;
      offer_person?: boolean;
      error?: { code: string; message: string; details?: Record<string, unknown> };
    };
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    // A live event (`{id, event, data}`), or the answer to a frame of ours (`{type, client_id, …}`).
    if (frame.event !== undefined) return deliver(frame);
    const waiting = frame.client_id ? pending.get(frame.client_id) : undefined;
    if (!waiting || !frame.client_id) return;
    pending.delete(frame.client_id);
    if (ending && pending.size === 0) stop();
    if (frame.type === 'ack' && frame.message_id) return waiting.resolve({ id: frame.message_id, offerPerson: frame.offer_person === true });
    const error = frame.error ?? { code: 'unknown', message: 'The message was refused.' };
    const details = error.details ?? {};
    const retry = Number(details.retry_after_seconds);
    waiting.reject(new ApiError(STATUS_OF[error.code] ?? 500, error.code, error.message, details, retry > 0 ? retry : undefined));
  };

  const openSocket = (state: 'connecting' | 'reconnecting') => {
    if (closed) return;
    generation += 1;
    clearTimeout(pollTimer);
    clearTimeout(retryTimer);
    handlers.onState(state);
    let ws: WebSocket;
    try {
      ws = new WebSocket(api.socketUrl(session, lastEventId));
    } catch {
      // A page's policy may refuse it at once.
      useSocket = false;
      openStream(state);
      return;
    }
    socket = ws;
    let opened = false;
    let settle: (open: boolean) => void = () => undefined;
    socketSettled = new Promise((resolve) => {
      settle = resolve;
    });
    ws.onopen = () => {
      opened = true;
      socketWorked = true;
      socketRefusals = 0;
      settle(true);
      handlers.onState('live', 'websocket');
    };
    ws.onmessage = (message) => onSocketFrame(String(message.data));
    const ended = (code: number) => {
      settle(false);
      if (closed || socket !== ws) return;
      closeSocket();
      // 1000: the session ended (its event came first) – nothing more to follow.
      if (code === 1000) return stop();
      handlers.onState('reconnecting');
      if (opened) retryTimer = setTimeout(() => void probe(), SOCKET_RETRY_MS);
      else void probe(true);
    };
    ws.onclose = (event) => ended(event.code);
    // A socket refused by the page's policy may report only an error.
    ws.onerror = () => ended(1006);
  };

  /**
   * After a socket closed: the history since the last id (what the socket may have missed) tells
   * whether the platform is there. There, a socket that never opened was refused (a policy, a
   * proxy), and the event stream takes over. Not there: an outage, asked again shortly.
   */
  const probe = async (refused = false) => {
    const loop = generation;
    try {
      const history = await api.history(session, lastEventId ?? '');
      if (closed || loop !== generation) return;
      if (history.reset) handlers.onReset();
      for (const event of history.events ?? []) deliver(event);
      if (history.last_event_id) lastEventId = history.last_event_id;
      if (closed) return;
      if (refused) socketRefusals += 1;
      if (socketRefusals >= (socketWorked ? 2 : 1)) useSocket = false;
      reconnect('reconnecting');
    } catch (error) {
      if (closed || loop !== generation) return;
      const status = (error as { status?: number }).status ?? 0;
      if (status === 401 || status === 404 || status === 410) {
        handlers.onGone();
        stop();
        return;
      }
      retryTimer = setTimeout(() => void probe(), POLL_MS);
    }
  };

  const openStream = (state: 'connecting' | 'reconnecting') => {
    if (closed) return;
    generation += 1;
    clearTimeout(pollTimer);
    clearTimeout(retryTimer);
    handlers.onState(state);
    const stream = new EventSource(api.eventsUrl(session, lastEventId));
    source = stream;
    stream.onopen = () => {
      failures = 0;
      handlers.onState('live', 'sse');
    };
    for (const name of EVENT_NAMES) {
      stream.addEventListener(name, (message) => {
        const m = message as MessageEvent<string>;
        let data: unknown;
        try {
          data = JSON.parse(m.data);
        } catch {
          return;
        }
        deliver({ id: m.lastEventId, event: name, data });
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

  const poll = async (loop: number) => {
    if (closed || loop !== generation) return;
    try {
      const history = await api.history(session, lastEventId ?? '');
      if (closed || loop !== generation) return;
      if (history.reset) handlers.onReset();
      for (const event of history.events ?? []) deliver(event);
      if (history.last_event_id) lastEventId = history.last_event_id;
      if (unreachable) {
        // Back after an outage (a restart, a network drop): the stream failed for the same
        // reason the polls did, so it is worth trying again now rather than in RETRY_STREAM_MS.
        unreachable = false;
        failures = 0;
        reconnect('reconnecting');
        return;
      }
      handlers.onState('polling', 'polling');
    } catch (error) {
      const status = (error as { status?: number }).status ?? 0;
      if (status === 401 || status === 404 || status === 410) {
        handlers.onGone();
        stop();
        return;
      }
      unreachable = true;
      handlers.onState('reconnecting');
    }
    if (!closed && loop === generation) pollTimer = setTimeout(() => void poll(loop), POLL_MS);
  };

  const startPolling = () => {
    if (closed) return;
    generation += 1;
    clearTimeout(pollTimer);
    void poll(generation);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      failures = 0;
      openStream('connecting');
    }, RETRY_STREAM_MS);
  };

  reconnect('connecting');
  return {
    close: stop,
    async send(content, key, attachments, context) {
      if (!socket || !(await socketSettled) || !socket || socket.readyState !== WebSocket.OPEN) return undefined;
      const clientId = key ?? `m${++clientIds}-${Date.now().toString(36)}`;
      const acked = new Promise<SocketAnswer>((resolve, reject) => pending.set(clientId, { resolve, reject }));
      socket.send(
        JSON.stringify({ type: 'message', content, client_id: clientId, ...(attachments?.length ? { attachments } : {}), ...(context ? { context } : {}) }),
      );
      return acked;
    },
    typing() {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send('{"type":"typing"}');
      return true;
    },
  };
}
