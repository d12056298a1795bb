import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { BrandImage } from '../look/brand-image';
import { brandVariables, followMode, setVariables } from '../look/theme';
import { AgentStatus } from './agent-status';
import {
  ApiError,
  type ChatReply,
  type Escalation,
  isEscalated,
  type LinkInfo,
  messageKey,
  type OfflineNotice,
  publicApi,
  type StoredMessage,
  storedMessage,
} from './api';
import { GonePage, VerifyStep } from './chat-pages';
import { Composer } from './composer';
import { DeleteConversation } from './delete-conversation';
import { EscalationBanner } from './escalation-banner';
import { RatingPrompt } from './feedback/rating-prompt';
import { PendingFilesTray } from './files/pending-files';
import { Said } from './files/use-pending-files';
import { DropHint, useVisitorFiles } from './files/visitor-files';
import { OfflineForm } from './follow-up/offline-form';
import { TranscriptRequest } from './follow-up/transcript-request';
import { type ConnectionState, followSession, type LiveEvent } from './live-connection';
import { MessageList } from './message-list';
import { loadPageWords, type PageWords, PageWordsProvider, usePageWords } from './page-words';
import { proofOfWork } from './proof-of-work';
import { storedAs } from './sent-message';
import { laterThan } from './shown-messages';
import { lookStore, type SavedSession, sessionStore } from './session.store';
import { chooseVisitorLocale } from './words';

type Phase = { kind: 'loading' } | { kind: 'gone'; status: number; reason: string | undefined } | { kind: 'verify' } | { kind: 'chat' };

interface ViewMessage extends StoredMessage {
  pending?: boolean;
}

const CONNECTION_LABEL = {
  connecting: 'connection.connecting',
  live: 'connection.live',
  reconnecting: 'connection.reconnecting',
  polling: 'connection.polling',
  closed: 'connection.closed',
} as const satisfies Record<ConnectionState, Parameters<PageWords>[0]>;

const SESSION_GONE = new Set(['completed', 'abandoned', 'error', 'timeout', 'session_ended']);

/**
 * The chat page. `words` are the browser's language's to begin with; the link's own `locale`, once
 * its info is in, may switch them (docs/api.md, "Visitors' language and look").
 */
export function ChatApp({ token, words: browserWords }: { token: string; words: PageWords }) {
  const api = useMemo(() => publicApi(token, '', proofOfWork), [token]);
  // In a function: useState would call the translator (a function itself) to initialise.
  const [t, setWords] = useState<PageWords>(() => browserWords);
  const store = useMemo(() => sessionStore(token), [token]);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [link, setLink] = useState<LinkInfo>();
  const [saved, setSaved] = useState<SavedSession | undefined>(() => store.load());
  const [messages, setMessages] = useState<ViewMessage[]>([]);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [agentState, setAgentState] = useState<'idle' | 'thinking' | 'typing'>('idle');
  const [connection, setConnection] = useState<ConnectionState>('closed');
  const [ended, setEnded] = useState(false);
  const [startNew, setStartNew] = useState(false);
  const [error, setError] = useState<string>();
  const [text, setText] = useState('');
  const [passcode, setPasscode] = useState('');
  const [passcodeError, setPasscodeError] = useState<string>();
  const [sending, setSending] = useState(false);
  /** Enter pressed while the previous message was still on its way: sent as soon as it is through. */
  const [sendNext, setSendNext] = useState(false);
  const [escalation, setEscalation] = useState<Escalation>();
  /** Nobody can answer now (the platform's notice), or the visitor chose not to wait: the form to leave a message. */
  const [offline, setOffline] = useState<{ notice: OfflineNotice | undefined }>();
  /** Whether the visitor has scored this conversation (the history says): asked only when not. */
  const [rated, setRated] = useState<boolean>();
  /** Said once the visitor deleted their conversation, until they write again. */
  const [deleted, setDeleted] = useState(false);
  /** Who is writing: the agent, or the person who took the conversation. */
  const [typist, setTypist] = useState<string>();
  const lastTyping = useRef(0);
  /** A message that failed and its key: sent again as it was, it goes with the same key, so it is never made twice. */
  const failedSend = useRef<{ content: string; key: string } | undefined>(undefined);
  const storedIds = useRef(new Set<string>());
  storedIds.current = new Set(messages.map((m) => m.id));
  const input = useRef<HTMLTextAreaElement>(null);

  const linkGone = (e: unknown): boolean => {
    if (e instanceof ApiError && (e.status === 404 || (e.status === 410 && (e.reason === 'expired' || e.reason === 'inactive')))) {
      setPhase({ kind: 'gone', status: e.status, reason: e.reason });
      return true;
    }
    return false;
  };

  const reloadHistory = async (session: string) => {
    const history = await api.history(session);
    // A message still on its way stays on screen: a first message's history loads while it is sent.
    setMessages((current) => withPending(history.messages, current));
    setRated(!!history.rating);
    setDrafts((current) => Object.fromEntries(Object.entries(current).filter(([id]) => !history.messages.some((m) => m.id === id))));
  };

  const onEvent = (event: LiveEvent) => {
    if (event.event === 'status') {
      setAgentState(event.data.state);
      setTypist(event.data.by === 'operator' ? event.data.operator_name : undefined);
    } else if (event.event === 'escalation') {
      setEscalation(event.data);
      noticeOf(event.data);
    } else if (event.event === 'delta') {
      const { message_id: id, text: piece } = event.data;
      // Deltas replayed for a reply already stored (a stream opened without a resume id) are skipped.
      if (!storedIds.current.has(id)) setDrafts((d) => ({ ...d, [id]: (d[id] ?? '') + piece }));
      setAgentState('typing');
    } else if (event.event === 'message') {
      const message: StoredMessage = storedMessage(event.data);
      setMessages((current) => {
        if (current.some((m) => m.id === message.id)) return current;
        // Its text as stored: redacted, if a content rule took personal data out.
        const pending = message.role === 'user' ? current.findIndex((m) => m.pending && storedAs(m.content, message.content)) : -1;
        // The live event names no files: those of the message on screen stay with it.
        if (pending >= 0) return current.map((m, i) => (i === pending ? { attachments: m.attachments, ...message } : m));
        return [...current, message];
      });
      setDrafts((d) => {
        const { [message.id]: _done, ...rest } = d;
        return rest;
      });
      if (message.role === 'assistant' || message.role === 'operator') {
        setAgentState('idle');
        setTypist(undefined);
      }
    } else if (event.event === 'session_ended') {
      setEnded(true);
      setAgentState('idle');
    }
  };

  // The page speaks its words' language: screen readers pronounce it so, and Arabic runs right to left.
  useEffect(() => {
    document.documentElement.lang = t.lang;
    document.documentElement.dir = t.dir;
  }, [t]);

  // The link's look: its brand colour and mode. Until the link comes in, the look it had on this
  // browser's last visit, else the visitor's own mode, live; worn before the page is drawn, so a
  // returning visitor never sees a frame in the wrong mode.
  const looks = useMemo(() => lookStore(token), [token]);
  const [lastLook] = useState(() => looks.load());
  const theme = link?.theme;
  const look = link ? theme : phase.kind === 'gone' ? undefined : lastLook;
  useLayoutEffect(() => {
    setVariables(document.documentElement, brandVariables(look?.brand_color));
    return followMode(document.documentElement, look?.mode ?? 'auto');
  }, [look?.brand_color, look?.mode]);

  // The link first: an unknown, expired or deactivated link is explained before anything else.
  useEffect(() => {
    api.link().then(
      async (info) => {
        // The owner's language, when the link has one, over the browser's the page started with.
        if (info.locale) {
          const words = await loadPageWords(chooseVisitorLocale(info));
          setWords(() => words);
        }
        setLink(info);
        looks.save(info.theme ?? undefined);
        document.title = `${info.title} – ${info.agent}`;
        setPhase(info.require_email_verification && !store.load() ? { kind: 'verify' } : { kind: 'chat' });
      },
      (e: unknown) => {
        // A link that is gone keeps no look for a next visit.
        if (e instanceof ApiError && e.status === 404) looks.save(undefined);
        if (!linkGone(e))
          setError(e instanceof ApiError && e.status !== 0 ? e.message : t(e instanceof ApiError ? 'error.unreachable' : 'error.chatNotLoaded'));
        if (!(e instanceof ApiError) || e.status !== 404) setPhase((p) => (p.kind === 'loading' ? { kind: 'chat' } : p));
      },
    );
  }, [api]);

  // A kept session: its history, then its live events.
  const session = startNew ? undefined : saved?.session;
  useEffect(() => {
    if (phase.kind !== 'chat' || !session) return;
    let live: { close(): void } | undefined;
    let cancelled = false;
    reloadHistory(session).then(
      () => {
        if (cancelled) return;
        live = followSession(api, session, {
          onEvent,
          onState: setConnection,
          onReset: () => void reloadHistory(session).catch(() => undefined),
          onGone: () => setEnded(true),
        });
      },
      (e: unknown) => {
        if (cancelled || linkGone(e)) return;
        if (e instanceof ApiError && (e.status === 401 || e.status === 410)) {
          // The credential is no longer valid (or its session ended long ago): start afresh.
          store.clear();
          setSaved(undefined);
          if (link?.require_email_verification) setPhase({ kind: 'verify' });
        } else {
          setError(e instanceof ApiError && e.status !== 0 ? e.message : t(e instanceof ApiError ? 'error.unreachable' : 'error.conversationNotLoaded'));
        }
      },
    );
    return () => {
      cancelled = true;
      live?.close();
    };
  }, [phase.kind, session, api]);

  const remember = (reply: { session: string; remaining_messages: number | null; expires_at: string | null; offer_person?: true | undefined }) => {
    // Once a reply offered a person, the offer stands for the conversation (across reloads too).
    const kept = store.load();
    const offered = reply.offer_person === true || (kept?.session === reply.session && kept.offered === true);
    const next = { session: reply.session, remaining: reply.remaining_messages, expiresAt: reply.expires_at, ...(offered ? { offered } : {}) };
    store.save(next);
    setSaved(next);
  };

  /** The platform says nobody can answer now: the form to leave a message; once a person has it (or it is over), no more. */
  const noticeOf = (e: { state: string; offline?: OfflineNotice | undefined }) => {
    if (e.offline) setOffline({ notice: e.offline });
    else if (e.state !== 'waiting') setOffline(undefined);
  };

  /** Files go into a session: the first file starts one (once, however many are chosen together), as a first message does. */
  const starting = useRef<Promise<string> | undefined>(undefined);
  const files = useVisitorFiles({
    limits: link?.uploads,
    words: t,
    inlineImages: true,
    href: (id) => session && api.fileUrl(id, session),
    uploadUrl: async () => {
      if (session) return api.uploadUrl(session);
      starting.current ??= api.start(link?.requires_passcode ? passcode : undefined).then(
        (started) => {
          remember(started);
          setStartNew(false);
          return started.session;
        },
        (e: unknown) => {
          starting.current = undefined;
          if (e instanceof ApiError && (e.reason === 'passcode_required' || e.reason === 'passcode_wrong')) {
            const message = t(e.reason === 'passcode_required' ? 'passcode.required' : 'passcode.wrong');
            setPasscodeError(message);
            throw new Said(message);
          }
          throw e;
        },
      );
      return api.uploadUrl(await starting.current);
    },
  });

  const send = async (event: Event) => {
    event.preventDefault();
    if (files.pending.uploading) return;
    // Files alone are a message too: their names are its words.
    const content = text.trim() || files.pending.stored.map((f) => f.file.name).join(', ');
    if (!content) return;
    if (sending) {
      // The reply can be on screen (live) before its request is through: the message is not dropped.
      setSendNext(true);
      return;
    }
    const localId = `local-${Date.now()}`;
    const { taken, attachments } = files.take();
    const ids = attachments.map((a) => a.id);
    setError(undefined);
    setPasscodeError(undefined);
    setSending(true);
    // With a person, nobody is "thinking" on the platform's side: the message waits for them.
    if (!escalated) setAgentState('thinking');
    setText('');
    setMessages((current) => [...current, { id: localId, role: 'user', content, pending: true, attachments }]);
    const startsSession = !session;
    const code = link?.requires_passcode && startsSession ? passcode : undefined;
    const key = failedSend.current?.content === content ? failedSend.current.key : messageKey();
    failedSend.current = { content, key };
    try {
      let reply: ChatReply;
      if (startNew) reply = await api.newConversation(content, saved?.session, code);
      else if (startsSession && !link?.require_email_verification) {
        // The session first: the page then follows its live events, so even this first reply streams in.
        const started = await api.start(code);
        remember(started);
        reply = await api.chat(content, started.session, undefined, key, ids);
      } else reply = await api.chat(content, saved?.session, code, key, ids);
      failedSend.current = undefined;
      setMessages((current) => current.map((m) => (m.id === localId ? { id: reply.message_id, role: 'user', content, attachments } : m)));
      remember(reply);
      setStartNew(false);
      if (reply.escalation) setEscalation((current) => ({ ...current, ...reply.escalation }) as Escalation);
      if (reply.session_ended) setEnded(true);
      try {
        await reloadHistory(reply.session);
      } catch {
        if (reply.response) {
          const answer: StoredMessage = {
            id: `reply-${reply.message_id}`,
            role: 'assistant',
            content: reply.response,
            ...(reply.citations ? { citations: reply.citations } : {}),
            ...(reply.notice ? { notice: reply.notice } : {}),
          };
          setMessages((current) => [...current, answer]);
        }
      }
    } catch (e) {
      // A message that failed comes first: what was typed after it waits for the visitor.
      setSendNext(false);
      setMessages((current) => current.filter((m) => m.id !== localId));
      setText((current) => current || text);
      files.pending.restore(taken);
      if (linkGone(e)) return;
      if (!(e instanceof ApiError)) setError(t('error.generic'));
      else if (e.status === 0) setError(t('error.unreachable'));
      else if (e.reason === 'passcode_required' || e.reason === 'passcode_wrong') {
        const left = e.details.attempts_left;
        setPasscodeError(
          e.reason === 'passcode_required' ? t('passcode.required') : typeof left === 'number' ? t('passcode.wrongLeft', { count: left }) : t('passcode.wrong'),
        );
      } else if (e.reason === 'verification_required') setPhase({ kind: 'verify' });
      else if (e.status === 410 && e.reason && SESSION_GONE.has(e.reason)) {
        setEnded(true);
        setError(t('error.endedGoOn'));
      } else if (e.code === 'quota_exceeded') {
        setError(t(e.details.quota === 'messages' ? 'error.messagesUsed' : 'error.noMoreConversations'));
        if (e.details.quota === 'messages') setEnded(true);
      } else if (e.code === 'rate_limited') setError(t('error.tooMany', { count: e.retryAfterSeconds ?? 60 }));
      // A content rule refused it (docs/public-chat-api.md "Content rules"): the text is back in the composer to edit.
      else if (e.code === 'content_blocked') setError(t('error.contentBlocked'));
      else if (e.status === 401 && e.reason === 'unknown_session') {
        store.clear();
        setSaved(undefined);
        setError(t('error.sessionGone'));
      } else setError(e.status === 503 ? t('error.agentUnavailable') : e.message);
    } finally {
      setSending(false);
      setAgentState('idle');
      input.current?.focus();
    }
  };

  const escalated = isEscalated(escalation);
  /** The link offers a person always, or a reply of this conversation did (docs/escalation.md "Offering a person"). */
  const offersPerson = link?.offer_person === 'always' || (!!session && saved?.offered === true);

  useEffect(() => {
    if (sending || !sendNext) return;
    setSendNext(false);
    // The reply ended the conversation: what was typed stays in the box for a new one.
    if (!ended) void send(new Event('submit'));
  }, [sending, sendNext, ended]);

  /** The visitor asks for a person (a session starts first when there is none); the live events say where the request stands from then on. */
  const askForPerson = async () => {
    setError(undefined);
    setPasscodeError(undefined);
    try {
      let current = session;
      if (!current) {
        const started = await api.start(link?.requires_passcode ? passcode : undefined);
        remember(started);
        setStartNew(false);
        current = started.session;
      }
      const created = await api.escalate(current, 'The visitor asked for a person');
      setEscalation({ ...created.escalation, team: created.escalation.team ?? undefined });
      noticeOf({ state: created.escalation.state, offline: created.offline });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict') return;
      if (e instanceof ApiError && (e.reason === 'passcode_required' || e.reason === 'passcode_wrong'))
        setPasscodeError(t(e.reason === 'passcode_required' ? 'passcode.required' : 'passcode.wrong'));
      else setError(e instanceof ApiError && e.status !== 0 ? e.message : t('error.requestNotSent'));
    }
  };

  /** While a person has the conversation, they see the visitor typing (told at most every 3 s). */
  const onText = (value: string) => {
    setText(value);
    // A first message starts a session: the link's proof of work is solved while it is written.
    if (!session && value) api.prepare();
    if (escalated && session && value && Date.now() - lastTyping.current > 3_000) {
      lastTyping.current = Date.now();
      void api.typing(session).catch(() => undefined);
    }
  };

  const newConversation = () => {
    // Files chosen for the old conversation stay with it; a file chosen next starts the new one.
    files.pending.take();
    starting.current = undefined;
    setEscalation(undefined);
    setOffline(undefined);
    setStartNew(true);
    setEnded(false);
    setMessages([]);
    setDrafts({});
    setError(undefined);
    setAgentState('idle');
    setConnection('closed');
    input.current?.focus();
  };

  /** The visitor erases this conversation; a fresh one starts with their next message. */
  const deleteConversation = async () => {
    if (!session) return;
    try {
      await api.erase(session);
    } catch (e) {
      // Already gone (erased elsewhere, or its credential no longer known): nothing is left to delete.
      if (!(e instanceof ApiError && e.status === 401)) {
        setError(e instanceof ApiError && e.status !== 0 ? e.message : t('error.notDeleted'));
        throw e;
      }
    }
    store.clear();
    setSaved(undefined);
    newConversation();
    setDeleted(true);
    // A link that verifies emails asks again: the deleted session was the only proof.
    if (link?.require_email_verification) setPhase({ kind: 'verify' });
  };

  return <PageWordsProvider words={t}>{view()}</PageWordsProvider>;

  function view() {
    if (phase.kind === 'loading')
      return (
        <p class="loading" role="status">
          {t('page.loading')}
        </p>
      );
    if (phase.kind === 'gone') return <GonePage status={phase.status} reason={phase.reason} />;
    if (phase.kind === 'verify' && link)
      return (
        <VerifyStep
          api={api}
          link={link}
          onVerified={(confirmed) => {
            remember(confirmed);
            setStartNew(false);
            setPhase({ kind: 'chat' });
          }}
          onGone={linkGone}
        />
      );

    const needsPasscode = !!link?.requires_passcode && !session;
    const remaining = saved && !startNew ? saved.remaining : (link?.max_messages_per_session ?? null);
    const expiresAt = saved && !startNew ? saved.expiresAt : null;

    return (
      <div class="app" {...files.drop.handlers}>
        <header class="top">
          <div class="brand">
            {theme?.logo_url && <BrandImage class="logo" src={theme.logo_url} alt={t('page.logo', { name: link?.title ?? '' })} size={36} />}
            <div class="titles">
              <p class="agent">{link?.agent}</p>
              <h1 dir="auto">{link?.title ?? t('page.chat')}</h1>
            </div>
          </div>
          <div class="top-actions">
            {/* An ended conversation has nothing left to stay connected for. */}
            {session && !ended && (
              <p class={`connection ${connection}`} role="status">
                {t(CONNECTION_LABEL[connection])}
              </p>
            )}
            {!ended && !escalated && offersPerson && (
              <button type="button" class="secondary" onClick={() => void askForPerson()}>
                {t('person.ask')}
              </button>
            )}
            <button type="button" class="secondary" onClick={newConversation} disabled={sending || (!session && messages.length === 0)}>
              {t('conversation.new')}
            </button>
          </div>
        </header>
        <main class={files.drop.over ? 'conversation dropping' : 'conversation'}>
          <DropHint files={files} />
          {link?.description && (
            <p class="description" dir="auto">
              {link.description}
            </p>
          )}
          {link?.welcome_message && (
            <div class="welcome">
              <p dir="auto">{link.welcome_message}</p>
            </div>
          )}
          <MessageList
            messages={messages}
            drafts={drafts}
            agent={link?.agent ?? t('page.agentFallback')}
            userTextClass="text plain"
            avatar={theme?.avatar_url}
            files={files.view}
            onFeedback={session ? (id, rating, comment) => api.feedback(session, id, rating, comment) : undefined}
          />
        </main>
        <footer class="composer-area">
          <EscalationBanner escalation={escalated ? escalation : undefined} />
          {session &&
            !ended &&
            escalated &&
            (offline ? (
              <OfflineForm notice={offline.notice} idPrefix="chat" send={(email, content) => api.leaveMessage(session, email, content)} />
            ) : (
              escalation?.state === 'waiting' && (
                <button type="button" class="link-button" onClick={() => setOffline({ notice: undefined })}>
                  {t('offline.instead')}
                </button>
              )
            ))}
          <AgentStatus state={agentState} agent={typist ?? link?.agent ?? t('page.agentFallback')} />
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          {ended && !error && <p class="notice">{t('conversation.ended')}</p>}
          <p class="notice" role="status">
            {deleted && messages.length === 0 ? t('conversation.deleted') : ''}
          </p>
          {!ended && <Limits remaining={remaining} expiresAt={expiresAt} />}
          {needsPasscode && (
            <div class="field passcode">
              <label for="passcode">{t('passcode.label')}</label>
              <input
                id="passcode"
                type="password"
                autocomplete="off"
                value={passcode}
                onInput={(e) => setPasscode((e.target as HTMLInputElement).value)}
                // Enter submits the passcode: with the message when one is written, else it goes on to the message box.
                onKeyDown={(e) => {
                  if (e.key !== 'Enter' || e.isComposing) return;
                  e.preventDefault();
                  if (text.trim() || files.pending.stored.length > 0) void send(e);
                  else input.current?.focus();
                }}
                aria-invalid={passcodeError ? 'true' : undefined}
                aria-describedby={passcodeError ? 'passcode-error' : undefined}
              />
              {passcodeError && (
                <p id="passcode-error" class="error" role="alert">
                  {passcodeError}
                </p>
              )}
            </div>
          )}
          {ended && session && !rated && <RatingPrompt key={session} session={session} send={(score, comment) => api.rate(session, score, comment)} />}
          {session && link?.transcript_by_email && (
            <TranscriptRequest key={session} open={ended} idPrefix="chat" askClass="link-button" send={(email) => api.transcript(session, email)} />
          )}
          {!ended && <PendingFilesTray pending={files.pending} />}
          {ended ? (
            <button type="button" class="primary wide" onClick={newConversation}>
              {t('conversation.startNew')}
            </button>
          ) : (
            <Composer
              id="message"
              text={text}
              onText={onText}
              onSubmit={send}
              busy={sending || files.pending.uploading}
              buttonClass="primary"
              inputRef={input}
              attach={files.attach}
              onFiles={files.onPaste}
              ready={!!text.trim() || files.pending.stored.length > 0}
            />
          )}
          {session && !sending && (
            <DeleteConversation onDelete={deleteConversation} classes={{ ask: 'link-button delete-ask', confirm: 'danger', cancel: 'secondary' }} />
          )}
        </footer>
      </div>
    );
  }
}

/**
 * The history, then what came in live while it loaded, then the visitor's messages still on their
 * way (shown since they were sent) that it does not hold yet. One it holds is a message of the
 * visitor's, with the same words (or them redacted), that was not on screen before: the platform
 * stored it while the history loaded.
 */
function withPending(stored: StoredMessage[], current: ViewMessage[]): ViewMessage[] {
  const kept = current.filter((m) => !m.pending);
  const shown = new Set(kept.map((m) => m.id));
  const arrived = stored.filter((m) => m.role === 'user' && !shown.has(m.id)).map((m) => m.content);
  const pending = current.filter((m) => {
    if (!m.pending) return false;
    const at = arrived.findIndex((content) => storedAs(m.content, content));
    if (at < 0) return true;
    arrived.splice(at, 1);
    return false;
  });
  return [...stored, ...laterThan(stored, kept), ...pending];
}

function Limits({ remaining, expiresAt }: { remaining: number | null; expiresAt: string | null }) {
  const t = usePageWords();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const parts: string[] = [];
  if (remaining !== null) parts.push(t('limits.messagesLeft', { count: remaining }));
  if (expiresAt) {
    const minutes = Math.max(0, Math.round((Date.parse(expiresAt) - now) / 60_000));
    parts.push(minutes < 1 ? t('limits.endsSoon') : t('limits.endsIn', { minutes: t('time.minutes', { count: minutes }) }));
  }
  if (parts.length === 0) return null;
  return <p class="limits">{parts.join(' · ')}</p>;
}
