import {
  ApiError,
  type Attachment,
  type EarlierConversation,
  type Escalation,
  isEscalated,
  type LinkInfo,
  messageKey,
  type OfflineNotice,
  publicApi,
  type StoredMessage,
  storedMessage,
  type VisitorContext,
  type VisitorUser,
  visitorUserId,
} from '../chat/api';
import { type ConnectionState, followSession, type LiveEvent, type LiveFollow, type Transport } from '../chat/live-connection';
import { proofOfWork } from '../chat/proof-of-work';
import { storedAs } from '../chat/sent-message';
import { laterThan } from '../chat/shown-messages';
import { sessionStore } from '../chat/session.store';
import { chooseVisitorLocale, english, loadWords, type VisitorWords } from '../chat/words';

export interface WidgetMessage extends StoredMessage {
  /** Not yet accepted by the platform: waiting for the connection to come back. */
  queued?: boolean;
}

export interface ConversationState {
  link: LinkInfo | undefined;
  /** The words the pane speaks: the link's language, else the visitor's browser's, else English. */
  words: VisitorWords;
  /** Whether `words` are the chosen language's yet: until then the pane shows no words at all, rather than English for a moment. */
  settled: boolean;
  /** Why the conversation cannot be used (unknown, expired or deactivated link…). */
  blocked: string | undefined;
  messages: WidgetMessage[];
  drafts: Record<string, string>;
  agentState: 'idle' | 'thinking' | 'typing';
  connection: ConnectionState;
  /** How the live events come while connected. */
  transport: Transport | undefined;
  error: string | undefined;
  ended: boolean;
  /** A signed-in user's earlier conversations with this agent, newest first: what they may reopen. */
  earlier: EarlierConversation[];
  /** The visitor's request for a person, as it stands. */
  escalation: Escalation | undefined;
  /** Who is writing, when it is a person rather than the agent. */
  typist: string | undefined;
  /** Whether the visitor has scored the conversation (the history says): the score is asked for only when not. */
  rated: boolean | undefined;
  /** A reply offered the visitor a person (docs/escalation.md "Offering a person"). */
  offered: boolean;
  /** Nobody can answer now (the platform's notice), or the visitor chose not to wait: the form to leave a message. */
  offline: { notice: OfflineNotice | undefined } | undefined;
}

interface Queued {
  localId: string;
  content: string;
  /** The files it carries, uploaded into the session before it was sent. */
  attachments: Attachment[];
  /** The message's idempotency key: the same on every retry, over the socket or HTTP. */
  key: string;
  resolve(value: { messageId: string; response: string | null }): void;
  reject(error: Error): void;
}

const RETRY_MS = 2_000;

export interface ConversationOptions {
  backendUrl: string;
  token: string;
  /** The host site's signed-in user. */
  user: VisitorUser | undefined;
  /** The page's language (one the widget speaks, the loader has checked) before the link's. */
  lang: string | undefined;
  /** What the page says of where the visitor is, as it stands now: a session starts with it, and the next message takes a changed one to its session. */
  context(): VisitorContext | undefined;
}

/** What the conversation tells its view and, through it, the host page (docs/widget.md "Events"). */
export interface ConversationHooks {
  onChange(state: ConversationState): void;
  /** A message shown; `replayed`: said before the pane showed this conversation (a kept one's history). */
  onMessage(m: StoredMessage, replayed: boolean): void;
  /** The request for a person, whenever it changes. */
  onEscalation(e: Escalation): void;
  /** The conversation went to a person: once a request, however often its events come again. */
  onEscalated(e: Escalation): void;
  /** A failure the pane now shows, with the API's code (`network`: the platform could not be reached). */
  onError(failure: { code: string; message: string }): void;
}

/**
 * One visitor's conversation with a link, outside any view: the kept session, the live events,
 * and a queue of messages that waits while the platform cannot be reached and sends them in
 * order once it can. With `user` (the host site's signed-in user) the session is theirs from
 * the moment the pane opens, so their earlier conversations can be offered and reopened.
 */
export function widgetConversation({ backendUrl, token, user, lang, context }: ConversationOptions, hooks: ConversationHooks) {
  const localeOf = (link: Pick<LinkInfo, 'locale'> | undefined) => chooseVisitorLocale(lang ? { locale: lang } : link);
  const api = publicApi(token, backendUrl, proofOfWork, lang);
  const store = sessionStore(token);
  const state: ConversationState = {
    link: undefined,
    words: english,
    settled: false,
    blocked: undefined,
    messages: [],
    drafts: {},
    agentState: 'idle',
    connection: 'closed',
    transport: undefined,
    error: undefined,
    ended: false,
    earlier: [],
    escalation: undefined,
    typist: undefined,
    rated: undefined,
    offered: false,
    offline: undefined,
  };
  const userId = visitorUserId(user);
  /** The kept session, if it is this page's user's: another user's (or an anonymous one, once signed in) is dropped. */
  const saved = () => {
    const kept = store.load();
    if (!kept || kept.userId === userId) return kept;
    store.clear();
    return undefined;
  };
  const save = (kept: { session: string; remaining: number | null; expiresAt: string | null; offered?: boolean }) => {
    // Once a reply offered a person, the offer stands for the conversation; so does the page having been told of its request for one.
    const prior = store.load();
    const same = prior?.session === kept.session;
    const offered = kept.offered === true || (same && prior.offered === true);
    store.save({ ...(same ? prior : {}), ...kept, ...(userId !== undefined ? { userId } : {}), offered });
    if (offered !== state.offered) update({ offered });
  };
  /** The platform says nobody can answer now: the form to leave a message; once a person has it (or it is over), no more. */
  const noticeOf = (e: { state: string; offline?: OfflineNotice | undefined }) => {
    if (e.offline) update({ offline: { notice: e.offline } });
    else if (e.state !== 'waiting') update({ offline: undefined });
  };
  const queue: Queued[] = [];
  let live: LiveFollow | undefined;
  let flushing = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let started = false;
  let stopped = false;
  let lastTyping = 0;

  const update = (patch: Partial<ConversationState>) => {
    Object.assign(state, patch);
    hooks.onChange({ ...state });
  };
  /** Shows a failure (`blocked`: the conversation cannot be used at all); the page hears of each one the pane comes to show. */
  const show = (patch: Pick<ConversationState, 'error'> | Pick<ConversationState, 'blocked'>, code: string) => {
    const was = state.blocked ?? state.error;
    update(patch);
    const message = state.blocked ?? state.error;
    if (message && message !== was) hooks.onError({ code, message });
  };
  const fail = (e: unknown, blocked?: boolean) => {
    const message = explain(e);
    show(blocked ? { blocked: message } : { error: message }, e instanceof ApiError ? e.code : 'internal');
  };
  /** The request for a person, as it changes; the page is told it went to a person once. */
  const escalationOf = (escalation: Escalation) => {
    hooks.onEscalation(escalation);
    const kept = saved();
    if (!isEscalated(escalation) || !kept || kept.escalated === escalation.id) return;
    store.save({ ...kept, escalated: escalation.id });
    hooks.onEscalated(escalation);
  };
  const withQueued = (stored: StoredMessage[]) => [
    ...stored,
    // What came in live while the history was on its way stays.
    ...laterThan(
      stored,
      state.messages.filter((m) => !m.queued),
    ),
    ...queue.map((q) => ({ id: q.localId, role: 'user' as const, content: q.content, attachments: q.attachments, queued: true })),
  ];

  const addMessage = (message: StoredMessage) => {
    if (state.messages.some((m) => m.id === message.id)) return;
    hooks.onMessage(message, false);
    const { [message.id]: _done, ...drafts } = state.drafts;
    // The visitor's message being sent, stored (redacted, if a content rule took personal data
    // out): its live event can come before the send is answered, and the pane then shows it
    // once, not beside its "sending" copy.
    const sending = flushing && message.role === 'user' ? queue[0] : undefined;
    const queued = state.messages.filter((m) => m.queued && !(sending && m.id === sending.localId && storedAs(m.content, message.content)));
    update({ messages: [...state.messages.filter((m) => !m.queued), message, ...queued], drafts });
  };

  /** `replayed`: the pane shows a conversation it had not (a kept or reopened one); otherwise what it lacks is new. */
  const reloadHistory = async (session: string, replayed = false) => {
    const history = await api.history(session);
    const known = new Set(state.messages.map((m) => m.id));
    for (const m of history.messages) if (!known.has(m.id)) hooks.onMessage(m, replayed);
    update({ messages: withQueued(history.messages), drafts: {}, rated: !!history.rating });
  };

  const onEvent = (event: LiveEvent) => {
    if (event.event === 'status') {
      update({ agentState: event.data.state, typist: event.data.by === 'operator' ? event.data.operator_name : undefined });
    } else if (event.event === 'escalation') {
      update({ escalation: event.data });
      noticeOf(event.data);
      escalationOf(event.data);
    } else if (event.event === 'delta') {
      const { message_id: id, text } = event.data;
      if (!state.messages.some((m) => m.id === id)) update({ drafts: { ...state.drafts, [id]: (state.drafts[id] ?? '') + text }, agentState: 'typing' });
    } else if (event.event === 'message') {
      addMessage(storedMessage(event.data));
      if (event.data.role !== 'user') update({ agentState: 'idle', typist: undefined });
    } else if (event.event === 'session_ended') update({ ended: true, agentState: 'idle' });
  };

  const follow = (session: string, after?: string) => {
    // A removed widget opens nothing more (a start or a send still under way ends here).
    if (stopped) return;
    live?.close();
    live = followSession(
      api,
      session,
      {
        onEvent,
        onState: (connection, transport) => {
          update({ connection, transport });
          // Back in touch: what waited in the queue goes now rather than at the next retry.
          if ((connection === 'live' || connection === 'polling') && queue.length > 0) void flush();
        },
        onReset: () => void reloadHistory(session).catch(() => undefined),
        onGone: () => update({ ended: true }),
      },
      after,
      // The widget prefers its WebSocket; the chat page stays on the event stream.
      { webSocket: true },
    );
  };

  /** A signed-in user's earlier conversations; none to offer when they cannot be had. */
  const loadEarlier = async (session: string) => {
    if (!user) return;
    try {
      update({ earlier: (await api.earlier(session)).conversations });
    } catch {
      update({ earlier: [] });
    }
  };

  const explain = (e: unknown): string => {
    const t = state.words;
    if (!(e instanceof ApiError)) return t('error.generic');
    if (e.status === 0) return t('error.unreachable');
    if (e.status === 404) return t('widget.unavailable');
    if (e.status === 410 && e.reason === 'expired') return t('widget.expired');
    if (e.status === 410 && e.reason === 'inactive') return t('widget.inactive');
    if (e.code === 'quota_exceeded') return t('error.messageLimit');
    // A content rule refused it (docs/public-chat-api.md "Content rules"): the text goes back to the composer to edit.
    if (e.code === 'content_blocked') return t('error.contentBlocked');
    if (e.code === 'rate_limited') return t('error.tooMany', { count: e.retryAfterSeconds ?? 60 });
    if (e.status === 503 && e.reason === 'llm') return t('error.agentUnavailable');
    return e.message;
  };
  /**
   * The platform could not be reached or is restarting: worth trying again later. Not a turn the
   * agent could not answer (its model failed): sent again by itself, it would cost a model call
   * every few seconds; the visitor decides.
   */
  const transient = (e: unknown) => e instanceof ApiError && (e.status === 0 || e.status === 502 || e.status === 503 || e.status === 504) && e.reason !== 'llm';

  /** What was said in answer to a message, as its events brought it: null when nobody answered (a person has the conversation). */
  const replyTo = (messageId: string): string | null => {
    const at = state.messages.findIndex((m) => m.id === messageId);
    const said: string[] = [];
    for (const m of state.messages.slice(at + 1)) {
      if (m.role === 'user') break;
      if (m.role === 'assistant') said.push(m.content);
    }
    return at < 0 || said.length === 0 ? null : said.join(' ');
  };

  /**
   * The page context a session was last given, as sent (docs/widget.md "Page context"): a message
   * carries the page's context whenever its session has not been given that one yet.
   */
  let given: { session: string; context: string } | undefined;
  const gave = (session: string, told: VisitorContext | undefined) => {
    given = { session, context: JSON.stringify(told ?? null) };
  };
  /** The page's context for a message of `session`, unless the session has it already; none once the page cleared it. */
  const contextFor = (session: string): VisitorContext | undefined => {
    const now = context();
    if (now === undefined || (given?.session === session && given.context === JSON.stringify(now))) return undefined;
    return now;
  };

  /** The kept session, else a new one with its live events followed; started once however many ask at the same time. */
  let starting: Promise<string> | undefined;
  const session = (): Promise<string> => {
    const kept = saved()?.session;
    if (kept) return Promise.resolve(kept);
    if (starting) return starting;
    const told = context();
    starting = api.start(undefined, user, told).then(
      (started) => {
        starting = undefined;
        gave(started.session, told);
        save({ session: started.session, remaining: started.remaining_messages, expiresAt: started.expires_at });
        follow(started.session);
        return started.session;
      },
      (e: unknown) => {
        starting = undefined;
        throw e;
      },
    );
    return starting;
  };

  const flush = async () => {
    if (flushing || stopped) return;
    flushing = true;
    clearTimeout(retryTimer);
    try {
      while (queue.length > 0) {
        const item = queue[0] as Queued;
        update({ agentState: 'thinking' });
        const ids = item.attachments.map((a) => a.id);
        try {
          // The session first, its live events followed: even the first reply streams in.
          const current = await session();
          // The page moved on since the session was given its context (setContext): the message takes the new one with it.
          const told = contextFor(current);
          // Over the socket when it is open: acknowledged after the events the message caused.
          const acked = await live?.send(item.content, item.key, ids, told);
          if (acked !== undefined) {
            if (told) gave(current, told);
            const sentId = acked.id;
            if (acked.offerPerson) {
              const kept = saved();
              if (kept) save({ ...kept, offered: true });
            }
            queue.shift();
            // The live event names no files: the stored message gets those it was sent with.
            const messages = state.messages
              .filter((m) => m.id !== item.localId)
              .map((m) => (m.id === sentId && !m.attachments ? { ...m, attachments: item.attachments } : m));
            update({ messages, error: undefined });
            item.resolve({ messageId: sentId, response: replyTo(sentId) });
            continue;
          }
          const reply = await api.chat(item.content, current, undefined, item.key, ids, told);
          queue.shift();
          if (told) gave(reply.session, told);
          save({ session: reply.session, remaining: reply.remaining_messages, expiresAt: reply.expires_at, offered: reply.offer_person === true });
          // The page hears of the visitor's message once, whether its live event came first or not.
          const sent: StoredMessage = { id: reply.message_id, role: 'user', content: item.content, attachments: item.attachments };
          const heard = state.messages.some((m) => m.id === sent.id);
          if (!heard) hooks.onMessage(sent, false);
          update({
            messages: heard ? state.messages.filter((m) => m.id !== item.localId) : state.messages.map((m) => (m.id === item.localId ? sent : m)),
            error: undefined,
            ended: reply.session_ended,
          });
          try {
            await reloadHistory(reply.session);
          } catch {
            if (reply.response) {
              addMessage({ id: `reply-${reply.message_id}`, role: 'assistant', content: reply.response, ...(reply.notice ? { notice: reply.notice } : {}) });
            }
          }
          if (!live) follow(reply.session);
          item.resolve({ messageId: reply.message_id, response: reply.response });
        } catch (e) {
          if (transient(e)) {
            update({ agentState: 'idle' });
            show({ error: state.words('error.offlineQueued') }, e instanceof ApiError ? e.code : 'network');
            retryTimer = setTimeout(() => void flush(), RETRY_MS);
            return;
          }
          queue.shift();
          if (e instanceof ApiError && e.status === 401 && e.reason === 'unknown_session') store.clear();
          update({ messages: state.messages.filter((m) => m.id !== item.localId) });
          fail(e);
          item.reject(e instanceof Error ? e : new Error(String(e)));
        }
      }
    } finally {
      flushing = false;
      if (queue.length === 0) update({ agentState: 'idle' });
    }
  };

  const onOnline = () => void flush();
  window.addEventListener('online', onOnline);

  return {
    /** The link and, when a session is kept from an earlier visit, its history and live events. */
    async start(): Promise<void> {
      if (started) return;
      started = true;
      // The page's own language does not wait for the link to say its own.
      const pageWords = lang ? loadWords(localeOf(undefined)) : undefined;
      try {
        const link = await api.link();
        const words = await (pageWords ?? loadWords(localeOf(link)));
        update({ link, words, settled: true });
        // A link for the chat page only (forbidden here), or for signed-in users only (unauthorized, as the platform would say).
        if (link.require_email_verification || link.requires_passcode) show({ blocked: words('widget.needsPage') }, 'forbidden');
        else if (link.require_identity && !user) show({ blocked: words('widget.signedInOnly') }, 'unauthorized');
      } catch (e) {
        // No link to ask: the visitor's own language says why.
        update({ words: await (pageWords ?? loadWords(localeOf(undefined))), settled: true });
        fail(e, e instanceof ApiError && (e.status === 404 || e.status === 410));
        if (state.blocked) return;
      }
      let session = saved()?.session;
      if (saved()?.offered) update({ offered: true });
      // A kept conversation's messages were said before this pane showed them.
      const kept = !!session;
      if (!session && user && !state.blocked) {
        // A signed-in user gets their session on opening: it is what their earlier conversations are asked with.
        try {
          const told = context();
          const started = await api.start(undefined, user, told);
          gave(started.session, told);
          save({ session: started.session, remaining: started.remaining_messages, expiresAt: started.expires_at });
          session = started.session;
        } catch (e) {
          return fail(e);
        }
      }
      if (!session) return;
      try {
        await reloadHistory(session, kept);
        follow(session);
        void loadEarlier(session);
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 410)) store.clear();
        else if (transient(e)) follow(session);
      }
    },
    /** `attachments`: files uploaded into the session (uploadUrl) that the message carries. */
    send(text: string, attachments: Attachment[] = []): Promise<{ messageId: string; response: string | null }> {
      const content = text.trim();
      if (!content) return Promise.reject(new Error('A message cannot be empty.'));
      return new Promise((resolve, reject) => {
        const localId = `local-${Date.now()}-${queue.length}`;
        queue.push({ localId, content, attachments, key: messageKey(), resolve, reject });
        update({ messages: [...state.messages, { id: localId, role: 'user', content, attachments, queued: true }], error: undefined });
        void flush();
      });
    },
    /** Asks for a person: a session starts first when there is none, so there is a conversation to hand over. */
    async escalate(reason: string): Promise<Escalation> {
      const current = await session();
      try {
        const created = await api.escalate(current, reason);
        const escalation: Escalation = { ...created.escalation, team: created.escalation.team ?? undefined };
        update({ escalation, error: undefined });
        noticeOf({ state: escalation.state, offline: created.offline });
        escalationOf(escalation);
        return escalation;
      } catch (e) {
        fail(e);
        throw e;
      }
    },
    /** The visitor will not wait (or nobody can answer): the form to leave a message. */
    offerMessage(): void {
      update({ offline: { notice: state.offline?.notice } });
    },
    /** A message and an email left for a person (docs/escalation.md "Leaving a message"). */
    async leaveMessage(email: string, content: string): Promise<unknown> {
      return api.leaveMessage(await session(), email, content);
    },
    /** The conversation's transcript to this address (docs/escalation.md "Transcripts by email"). */
    async transcript(email: string): Promise<{ at: 'end' | 'now' }> {
      return api.transcript(await session(), email);
    },
    /** The kept session's credential, if there is one. */
    sessionId: (): string | undefined => saved()?.session,
    /** Where the visitor's next file goes: into the session, started now if there is none. */
    uploadUrl: async (): Promise<string> => api.uploadUrl(await session()),
    /** A file of the session (a download). */
    fileUrl(id: string): string | undefined {
      const kept = saved()?.session;
      return kept && api.fileUrl(id, kept);
    },
    /** A thumb on an agent's or operator's message. */
    feedback(messageId: string, rating: 'up' | 'down', comment?: string): Promise<unknown> {
      const kept = saved()?.session;
      return kept ? api.feedback(kept, messageId, rating, comment) : Promise.reject(new Error('no conversation'));
    },
    /** The visitor's score of the ended conversation. */
    rate(score: number, comment?: string): Promise<unknown> {
      const kept = saved()?.session;
      return kept ? api.rate(kept, score, comment) : Promise.reject(new Error('no conversation'));
    },
    /** The visitor is typing: a person who has the conversation sees it (told at most every 3 s). */
    typing(): void {
      const session = saved()?.session;
      // A first message starts a session: the link's proof of work is solved while it is written.
      if (!session) api.prepare();
      const open = isEscalated(state.escalation);
      if (!session || !open || Date.now() - lastTyping < 3_000) return;
      lastTyping = Date.now();
      if (!live?.typing()) void api.typing(session).catch(() => undefined);
    },
    /** Reopens one of the earlier conversations in the pane: its history, then chatting on in it. */
    async resume(conversationId: string): Promise<void> {
      const session = saved()?.session;
      if (!session) return;
      try {
        const resumed = await api.resume(session, conversationId);
        save({ session: resumed.session, remaining: resumed.remaining_messages, expiresAt: resumed.expires_at });
        update({
          messages: [],
          drafts: {},
          ended: false,
          error: undefined,
          agentState: 'idle',
          escalation: undefined,
          typist: undefined,
          offered: false,
          offline: undefined,
        });
        await reloadHistory(resumed.session, true);
        follow(resumed.session, resumed.last_event_id ?? undefined);
        await loadEarlier(resumed.session);
      } catch (e) {
        fail(e);
        await loadEarlier(session);
      }
    },
    /**
     * The visitor erases this conversation: its messages go on the platform and its credential
     * stops working; the pane empties and the next message starts a fresh conversation.
     */
    async erase(): Promise<void> {
      const session = saved()?.session;
      if (session) {
        try {
          await api.erase(session);
        } catch (e) {
          // Already gone (its credential no longer known): nothing is left to delete.
          if (!(e instanceof ApiError && e.status === 401)) {
            fail(e);
            throw e;
          }
        }
      }
      live?.close();
      live = undefined;
      store.clear();
      update({
        messages: [],
        drafts: {},
        ended: false,
        error: undefined,
        agentState: 'idle',
        escalation: undefined,
        typist: undefined,
        earlier: [],
        connection: 'closed',
        transport: undefined,
        offered: false,
        offline: undefined,
      });
      // A signed-in user has a session from the start, as on opening.
      if (user) {
        started = false;
        await this.start();
      }
    },
    get state(): ConversationState {
      return state;
    },
    close(): void {
      live?.close();
    },
    /** For good: the live connection closes, retries end, and messages still waiting are refused. */
    stop(): void {
      stopped = true;
      clearTimeout(retryTimer);
      window.removeEventListener('online', onOnline);
      live?.close();
      live = undefined;
      for (const item of queue.splice(0)) item.reject(new Error('The chat widget was removed'));
    },
  };
}

export type WidgetConversation = ReturnType<typeof widgetConversation>;
