import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AgentStatus } from '../chat/agent-status';
import { Composer } from '../chat/composer';
import { DeleteConversation } from '../chat/delete-conversation';
import { EscalationBanner } from '../chat/escalation-banner';
import feedbackCss from '../chat/feedback/feedback.css?inline';
import { RatingPrompt } from '../chat/feedback/rating-prompt';
import followUpCss from '../chat/follow-up/follow-up.css?inline';
import { OfflineForm } from '../chat/follow-up/offline-form';
import { TranscriptRequest } from '../chat/follow-up/transcript-request';
import filesCss from '../chat/files/files.css?inline';
import { PendingFilesTray } from '../chat/files/pending-files';
import { DropHint, useVisitorFiles } from '../chat/files/visitor-files';
import { isEscalated } from '../chat/api';
import { MessageList } from '../chat/message-list';
import sourcesCss from '../chat/sources/sources.css?inline';
import { BrandImage } from '../look/brand-image';
import { brandVariables, type Mode } from '../look/theme';
import { trackVisualViewport } from '../chat/viewport';
import { lockPageScroll } from './page-scroll';
import { type VisitorKey, type VisitorWords, WordsContext } from '../chat/words';
import { EarlierConversations } from './earlier-conversations';
import panelCss from './widget.css?inline';
import { type ConversationState, type WidgetConversation, widgetConversation } from './widget-conversation';
import type { WidgetEvents } from './widget-events';
import type { ResolvedOptions, WidgetPanel } from './widget-options';
import type { StoredMessage } from '../chat/api';

const CONNECTION_LABEL = {
  connecting: 'connection.connecting',
  live: 'connection.live',
  reconnecting: 'connection.reconnecting',
  polling: 'connection.live',
  closed: undefined,
} as const satisfies Record<string, VisitorKey | undefined>;

interface Hooks {
  onConnected(connected: boolean): void;
  /** A message shown in the pane; `replayed`: said before it showed this conversation. */
  onMessage(message: StoredMessage, replayed: boolean): void;
  onCloseRequest(): void;
  /** The language the pane speaks, once the link (or the browser) has said it. */
  onWords(words: Pick<VisitorWords, 'lang' | 'dir'>): void;
  /** The link's look: its mode, and its brand colour as custom properties (null: not set). */
  onLook(mode: Mode, variables: Record<string, string | null>): void;
}

/** The pane's styles, built once for every widget of the page (shadow roots may share a constructed sheet). */
let sheet: CSSStyleSheet | undefined;

/** The conversation pane, drawn in the widget's shadow root next to the bubble. */
export function mountPanel(shadow: ShadowRoot, root: HTMLElement, options: ResolvedOptions, events: WidgetEvents, hooks: Hooks): WidgetPanel {
  // Adopted once per shadow root: a pane built again (another user signed in) has it already.
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(panelCss + filesCss + feedbackCss + followUpCss + sourcesCss);
  }
  if (!shadow.adoptedStyleSheets.includes(sheet)) shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
  const container = document.createElement('div');
  container.className = 'panel-host';
  container.hidden = true;
  root.append(container);

  let rerender: (state: ConversationState) => void = () => undefined;
  /** The newest state: the pane subscribes after its first paint, and what changed before that must reach it too. */
  let latest: ConversationState | undefined;
  let lastStatus = 'closed null';
  let lastWords: VisitorWords | undefined;
  let lastLink: ConversationState['link'];
  /** The keyboard focus goes into the pane once it is drawn: the first opening loads it first. */
  let focusWanted = false;
  const focusIn = () => {
    const target = container.querySelector<HTMLElement>('textarea') ?? container.querySelector<HTMLElement>('.close');
    if (!focusWanted || !target) return;
    focusWanted = false;
    target.focus();
  };
  /** Text for the message box from the page (`prefill`), until the pane can take it. */
  let setText: ((text: string) => void) | undefined;
  let prefilled: string | undefined;
  const conversation = widgetConversation(options, {
    onChange: (state) => {
      const connected = state.connection === 'live' || state.connection === 'polling';
      // How the live events come, for the embedding page: the WebSocket, the event stream, or polling.
      const transport = connected ? (state.transport ?? null) : null;
      if (`${state.connection} ${transport}` !== lastStatus) {
        lastStatus = `${state.connection} ${transport}`;
        hooks.onConnected(connected);
        events.emit('status', { connection: state.connection, connected, transport });
      }
      if (state.link !== lastLink) {
        lastLink = state.link;
        hooks.onLook(state.link?.theme?.mode ?? 'auto', brandVariables(state.link?.theme?.brand_color));
      }
      if (state.words !== lastWords) {
        lastWords = state.words;
        hooks.onWords(state.words);
      }
      latest = state;
      rerender(state);
    },
    onMessage: hooks.onMessage,
    onEscalation: (escalation) => events.emit('escalation', escalation),
    onEscalated: (escalation) => events.emit('escalated', escalation),
    onError: (failure) => events.emit('error', failure),
  });
  render(
    <Panel
      conversation={conversation}
      onClose={hooks.onCloseRequest}
      subscribe={(fn, text) => {
        rerender = fn;
        if (latest) fn(latest);
        setText = text;
        if (prefilled !== undefined) text(prefilled);
      }}
      onDrawn={focusIn}
    />,
    container,
  );
  void conversation.start();
  let stopTracking: () => void = () => undefined;
  let unlock: () => void = () => undefined;

  return {
    show(focus) {
      container.hidden = false;
      // While open, the pane stays within what is visible: above a phone's on-screen keyboard.
      stopTracking();
      stopTracking = trackVisualViewport(root);
      // On a phone the pane covers the page, which stays where it was underneath.
      unlock();
      unlock = lockPageScroll();
      void conversation.start();
      focusWanted = focus;
      focusIn();
    },
    hide() {
      container.hidden = true;
      focusWanted = false;
      stopTracking();
      unlock();
    },
    prefill(text) {
      if (setText) setText(text);
      else prefilled = text;
      focusWanted = true;
      focusIn();
    },
    send: (text) => conversation.send(text),
    escalate: (reason) => conversation.escalate(reason),
    destroy() {
      stopTracking();
      unlock();
      conversation.stop();
      render(null, container);
      container.remove();
    },
  };
}

function Panel({
  conversation,
  onClose,
  subscribe,
  onDrawn,
}: {
  conversation: WidgetConversation;
  onClose(): void;
  subscribe(fn: (s: ConversationState) => void, setText: (text: string) => void): void;
  /** After each drawing: what waited for the pane (the focus) can have it now. */
  onDrawn(): void;
}) {
  const [state, setState] = useState<ConversationState>(conversation.state);
  const [text, setText] = useState('');
  useEffect(() => subscribe(setState, setText), []);
  useEffect(onDrawn);

  const t = state.words;
  const files = useVisitorFiles({
    limits: state.link?.uploads,
    words: t,
    uploadUrl: conversation.uploadUrl,
    href: conversation.fileUrl,
    // The host page's policy decides what images load there, and the platform serves its files to its own site only.
    inlineImages: false,
  });
  const session = conversation.sessionId();
  const agent = state.link?.agent ?? t('page.agentFallback');
  const label = CONNECTION_LABEL[state.connection];
  const theme = state.link?.theme;
  const escalated = isEscalated(state.escalation);
  /** The link offers a person always, or a reply of this conversation did (docs/escalation.md "Offering a person"). */
  const offersPerson = state.link?.offer_person === 'always' || state.offered;
  const submit = (event: Event) => {
    event.preventDefault();
    if (files.pending.uploading) return;
    // Files alone are a message too: their names are its words.
    const content = text.trim() || files.pending.stored.map((f) => f.file.name).join(', ');
    if (!content) return;
    const { taken, attachments } = files.take();
    setText('');
    // Failures are shown in the pane, and the message (with its files) goes back to try again.
    conversation.send(content, attachments).catch(() => {
      setText((current) => current || text);
      files.pending.restore(taken);
    });
  };

  // Until the link (or the page) has said which language to speak, the pane is drawn without words.
  if (!state.settled) return <section class="panel" aria-busy="true" />;

  return (
    <WordsContext.Provider value={t}>
      <section
        class="panel"
        {...files.drop.handlers}
        lang={t.lang}
        dir={t.dir}
        role="dialog"
        aria-label={state.link ? t('widget.dialog', { title: state.link.title }) : t('page.chat')}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <header class="top">
          {theme?.logo_url && <BrandImage class="logo" src={theme.logo_url} alt={t('page.logo', { name: state.link?.title ?? '' })} size={32} />}
          <div class="titles">
            <p class="agent">{state.link?.agent ?? ''}</p>
            <h2 dir="auto">{state.link?.title ?? t('page.chat')}</h2>
          </div>
          <p class={`connection ${state.connection}`} role="status">
            {label ? t(label) : ''}
          </p>
          <button type="button" class="close" aria-label={t('widget.close')} onClick={onClose}>
            ×
          </button>
        </header>
        <div class={files.drop.over ? 'conversation dropping' : 'conversation'}>
          <DropHint files={files} />
          {state.link?.welcome_message && (
            <p class="welcome" dir="auto">
              {state.link.welcome_message}
            </p>
          )}
          <EarlierConversations items={state.earlier} onPick={(id) => conversation.resume(id)} />
          <MessageList
            messages={state.messages}
            drafts={state.drafts}
            agent={agent}
            userTextClass="text"
            avatar={theme?.avatar_url}
            files={files.view}
            onFeedback={session ? conversation.feedback : undefined}
          />
        </div>
        <footer class="composer-area">
          <EscalationBanner escalation={escalated ? state.escalation : undefined} />
          {!state.blocked &&
            !state.ended &&
            escalated &&
            (state.offline ? (
              <OfflineForm notice={state.offline.notice} idPrefix="parley" send={conversation.leaveMessage} />
            ) : (
              state.escalation?.state === 'waiting' && (
                <button type="button" class="ask-person" onClick={conversation.offerMessage}>
                  {t('offline.instead')}
                </button>
              )
            ))}
          <AgentStatus state={state.agentState} agent={state.typist ?? agent} />
          {(state.blocked ?? state.error) && (
            <p class="error" role="alert">
              {state.blocked ?? state.error}
            </p>
          )}
          {state.ended && <p class="notice">{t('conversation.ended')}</p>}
          {state.ended && session && !state.rated && <RatingPrompt key={session} session={session} send={conversation.rate} />}
          {!state.blocked && session && state.link?.transcript_by_email && state.messages.some((m) => !m.queued) && (
            <TranscriptRequest key={session} open={state.ended} idPrefix="parley" askClass="ask-person" send={conversation.transcript} />
          )}
          {!state.blocked && !state.ended && <PendingFilesTray pending={files.pending} />}
          {!state.blocked && !state.ended && (
            <Composer
              id="parley-message"
              text={text}
              onText={(value) => {
                setText(value);
                if (value) conversation.typing();
              }}
              onSubmit={submit}
              buttonClass="send"
              busy={files.pending.uploading}
              attach={files.attach}
              onFiles={files.onPaste}
              ready={!!text.trim() || files.pending.stored.length > 0}
            />
          )}
          {!state.blocked && !state.ended && !escalated && offersPerson && (
            <button type="button" class="ask-person" onClick={() => void conversation.escalate('The visitor asked for a person').catch(() => undefined)}>
              {t('person.ask')}
            </button>
          )}
          {!state.blocked && state.messages.some((m) => !m.queued) && (
            // Files chosen for the erased conversation go with it.
            <DeleteConversation
              onDelete={() => conversation.erase().then(() => void files.pending.take())}
              classes={{ ask: 'ask-person', confirm: 'danger', cancel: 'keep' }}
            />
          )}
        </footer>
      </section>
    </WordsContext.Provider>
  );
}
