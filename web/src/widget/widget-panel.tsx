import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AgentStatus } from '../chat/agent-status';
import { Composer } from '../chat/composer';
import { MessageList } from '../chat/message-list';
import panelCss from './widget.css?inline';
import { type ConversationState, type WidgetConversation, widgetConversation } from './widget-conversation';
import type { WidgetEvents } from './widget-events';
import type { ResolvedOptions, WidgetPanel } from './widget-options';

const CONNECTION_LABEL = { connecting: 'Connecting…', live: 'Connected', reconnecting: 'Reconnecting…', polling: 'Connected', closed: '' } as const;

interface Hooks {
  onConnected(connected: boolean): void;
  onCloseRequest(): void;
}

/** The conversation pane, drawn in the widget's shadow root next to the bubble. */
export function mountPanel(shadow: ShadowRoot, root: HTMLElement, options: ResolvedOptions, events: WidgetEvents, hooks: Hooks): WidgetPanel {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(panelCss);
  shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
  const container = document.createElement('div');
  container.className = 'panel-host';
  container.hidden = true;
  root.append(container);

  let rerender: (state: ConversationState) => void = () => undefined;
  let lastConnection = 'closed';
  const conversation = widgetConversation(
    options.backendUrl,
    options.token,
    (state) => {
      if (state.connection !== lastConnection) {
        lastConnection = state.connection;
        const connected = state.connection === 'live' || state.connection === 'polling';
        hooks.onConnected(connected);
        events.emit('status', { connection: state.connection, connected });
      }
      rerender(state);
    },
    (message) => events.emit('message', message),
  );
  render(<Panel conversation={conversation} onClose={hooks.onCloseRequest} subscribe={(fn) => (rerender = fn)} />, container);
  void conversation.start();

  return {
    show() {
      container.hidden = false;
      void conversation.start();
      (container.querySelector('textarea') as HTMLTextAreaElement | null)?.focus();
    },
    hide() {
      container.hidden = true;
    },
    send: (text) => conversation.send(text),
  };
}

function Panel({ conversation, onClose, subscribe }: { conversation: WidgetConversation; onClose(): void; subscribe(fn: (s: ConversationState) => void): void }) {
  const [state, setState] = useState<ConversationState>(conversation.state);
  const [text, setText] = useState('');
  useEffect(() => subscribe(setState), []);

  const agent = state.link?.agent ?? 'Agent';
  const submit = (event: Event) => {
    event.preventDefault();
    const content = text.trim();
    if (!content) return;
    setText('');
    // Failures are shown in the pane; the promise is for the embedding page's own calls.
    conversation.send(content).catch(() => undefined);
  };

  return (
    <section class="panel" role="dialog" aria-label={state.link ? `Chat: ${state.link.title}` : 'Chat'} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header class="top">
        <div class="titles">
          <p class="agent">{state.link?.agent ?? ''}</p>
          <h2>{state.link?.title ?? 'Chat'}</h2>
        </div>
        <p class={`connection ${state.connection}`} role="status">
          {CONNECTION_LABEL[state.connection]}
        </p>
        <button type="button" class="close" aria-label="Close chat" onClick={onClose}>
          ×
        </button>
      </header>
      <div class="conversation">
        {state.link?.welcome_message && <p class="welcome">{state.link.welcome_message}</p>}
        <MessageList messages={state.messages} drafts={state.drafts} agent={agent} userTextClass="text" />
      </div>
      <footer class="composer-area">
        <AgentStatus state={state.agentState} agent={agent} />
        {(state.blocked ?? state.error) && (
          <p class="error" role="alert">
            {state.blocked ?? state.error}
          </p>
        )}
        {state.ended && <p class="notice">This conversation has ended.</p>}
        {!state.blocked && !state.ended && (
          <Composer id="parley-message" text={text} onText={setText} onSubmit={submit} buttonClass="send" />
        )}
      </footer>
    </section>
  );
}
