import { ApiError, type LinkInfo, type LiveEvent, publicApi, type StoredMessage } from '../chat/api';
import { type ConnectionState, followSession } from '../chat/live-connection';
import { sessionStore } from '../chat/session.store';

export interface WidgetMessage extends StoredMessage {
  /** Not yet accepted by the platform: waiting for the connection to come back. */
  queued?: boolean;
}

export interface ConversationState {
  link: LinkInfo | undefined;
  /** Why the conversation cannot be used (unknown, expired or deactivated link…). */
  blocked: string | undefined;
  messages: WidgetMessage[];
  drafts: Record<string, string>;
  agentState: 'idle' | 'thinking' | 'typing';
  connection: ConnectionState;
  error: string | undefined;
  ended: boolean;
}

interface Queued {
  localId: string;
  content: string;
  resolve(value: { messageId: string; response: string | null }): void;
  reject(error: Error): void;
}

const RETRY_MS = 2_000;

/**
 * One visitor's conversation with a link, outside any view: the kept session, the live events,
 * and a queue of messages that waits while the platform cannot be reached and sends them in
 * order once it can.
 */
export function widgetConversation(backendUrl: string, token: string, onChange: (state: ConversationState) => void, onMessage: (m: StoredMessage) => void) {
  const api = publicApi(token, backendUrl);
  const store = sessionStore(token);
  const state: ConversationState = { link: undefined, blocked: undefined, messages: [], drafts: {}, agentState: 'idle', connection: 'closed', error: undefined, ended: false };
  const queue: Queued[] = [];
  let live: { close(): void } | undefined;
  let flushing = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let started = false;

  const update = (patch: Partial<ConversationState>) => {
    Object.assign(state, patch);
    onChange({ ...state });
  };
  const withQueued = (stored: StoredMessage[]) => [...stored, ...queue.map((q) => ({ id: q.localId, role: 'user' as const, content: q.content, queued: true }))];

  const addMessage = (message: StoredMessage) => {
    if (state.messages.some((m) => m.id === message.id)) return;
    onMessage(message);
    const { [message.id]: _done, ...drafts } = state.drafts;
    update({ messages: [...state.messages.filter((m) => !m.queued), message, ...state.messages.filter((m) => m.queued)], drafts });
  };

  const reloadHistory = async (session: string) => {
    const history = await api.history(session);
    const known = new Set(state.messages.map((m) => m.id));
    for (const m of history.messages) if (!known.has(m.id)) onMessage(m);
    update({ messages: withQueued(history.messages), drafts: {} });
  };

  const onEvent = (event: LiveEvent) => {
    const data = event.data;
    if (event.event === 'status') update({ agentState: data.state === 'thinking' || data.state === 'typing' ? data.state : 'idle' });
    else if (event.event === 'delta' && typeof data.message_id === 'string' && typeof data.text === 'string') {
      const id = data.message_id;
      if (!state.messages.some((m) => m.id === id)) update({ drafts: { ...state.drafts, [id]: (state.drafts[id] ?? '') + data.text }, agentState: 'typing' });
    } else if (event.event === 'message' && typeof data.id === 'string' && typeof data.content === 'string') {
      addMessage({ id: data.id, role: data.role === 'user' ? 'user' : 'assistant', content: data.content });
      if (data.role !== 'user') update({ agentState: 'idle' });
    } else if (event.event === 'session_ended') update({ ended: true, agentState: 'idle' });
  };

  const follow = (session: string) => {
    live?.close();
    live = followSession(api, session, {
      onEvent,
      onState: (connection) => {
        update({ connection });
        // Back in touch: what waited in the queue goes now rather than at the next retry.
        if ((connection === 'live' || connection === 'polling') && queue.length > 0) void flush();
      },
      onReset: () => void reloadHistory(session).catch(() => undefined),
      onGone: () => update({ ended: true }),
    });
  };

  const explain = (e: unknown): string => {
    if (!(e instanceof ApiError)) return 'Something went wrong. Try again.';
    if (e.status === 404) return 'This chat is not available.';
    if (e.status === 410 && e.reason === 'expired') return 'This chat has expired.';
    if (e.status === 410 && e.reason === 'inactive') return 'This chat has been turned off.';
    if (e.code === 'quota_exceeded') return 'This conversation has reached its message limit.';
    if (e.code === 'rate_limited') return `Too many messages. Try again in ${e.retryAfterSeconds ?? 60} seconds.`;
    return e.message;
  };
  /** The platform could not be reached or is restarting: worth trying again later. */
  const transient = (e: unknown) => e instanceof ApiError && (e.status === 0 || e.status === 502 || e.status === 503 || e.status === 504);

  const flush = async () => {
    if (flushing) return;
    flushing = true;
    clearTimeout(retryTimer);
    try {
      while (queue.length > 0) {
        const item = queue[0] as Queued;
        let session = store.load()?.session;
        update({ agentState: 'thinking' });
        try {
          if (!session) {
            // The session first, its live events followed: even the first reply streams in.
            const started = await api.start();
            store.save({ session: started.session, remaining: started.remaining_messages, expiresAt: started.expires_at });
            session = started.session;
            follow(session);
          }
          const reply = await api.chat(item.content, session);
          queue.shift();
          store.save({ session: reply.session, remaining: reply.remaining_messages, expiresAt: reply.expires_at });
          update({ messages: state.messages.map((m) => (m.id === item.localId ? { id: reply.message_id, role: 'user', content: item.content } : m)), error: undefined, ended: reply.session_ended });
          try {
            await reloadHistory(reply.session);
          } catch {
            if (reply.response) addMessage({ id: `reply-${reply.message_id}`, role: 'assistant', content: reply.response });
          }
          if (!live) follow(reply.session);
          item.resolve({ messageId: reply.message_id, response: reply.response });
        } catch (e) {
          if (transient(e)) {
            update({ error: 'Not connected. Your message will be sent when the connection is back.', agentState: 'idle' });
            retryTimer = setTimeout(() => void flush(), RETRY_MS);
            return;
          }
          queue.shift();
          if (e instanceof ApiError && e.status === 401 && e.reason === 'unknown_session') store.clear();
          update({ messages: state.messages.filter((m) => m.id !== item.localId), error: explain(e) });
          item.reject(e instanceof Error ? e : new Error(String(e)));
        }
      }
    } finally {
      flushing = false;
      if (queue.length === 0) update({ agentState: 'idle' });
    }
  };

  window.addEventListener('online', () => void flush());

  return {
    /** The link and, when a session is kept from an earlier visit, its history and live events. */
    async start(): Promise<void> {
      if (started) return;
      started = true;
      try {
        const link = await api.link();
        const blocked = link.require_email_verification || link.requires_passcode ? 'This chat needs a step the widget does not offer.' : undefined;
        update({ link, blocked });
      } catch (e) {
        if (e instanceof ApiError && (e.status === 404 || e.status === 410)) return update({ blocked: explain(e) });
        update({ error: explain(e) });
      }
      const session = store.load()?.session;
      if (!session) return;
      try {
        await reloadHistory(session);
        follow(session);
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 410)) store.clear();
        else if (transient(e)) follow(session);
      }
    },
    send(text: string): Promise<{ messageId: string; response: string | null }> {
      const content = text.trim();
      if (!content) return Promise.reject(new Error('A message cannot be empty.'));
      return new Promise((resolve, reject) => {
        const localId = `local-${Date.now()}-${queue.length}`;
        queue.push({ localId, content, resolve, reject });
        update({ messages: [...state.messages, { id: localId, role: 'user', content, queued: true }], error: undefined });
        void flush();
      });
    },
    get state(): ConversationState {
      return state;
    },
    close(): void {
      live?.close();
    },
  };
}

export type WidgetConversation = ReturnType<typeof widgetConversation>;
