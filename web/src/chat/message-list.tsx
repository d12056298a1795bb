import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoredMessage } from './api';
import { renderMarkdown } from './markdown';
import { useWords } from './words';

export interface ListedMessage extends StoredMessage {
  /** Not yet accepted by the platform (the widget queues messages while offline). */
  queued?: boolean;
}

interface Props {
  messages: ListedMessage[];
  /** Replies still streaming in, by message id. */
  drafts: Record<string, string>;
  /** The name screen readers announce before each reply. */
  agent: string;
  /** The chat page styles visitors' text as plain (kept line breaks); the widget's own sheet needs no extra class. */
  userTextClass: string;
  /** The agent's picture (the link's `theme.avatar_url`), beside each of its replies. */
  avatar?: string | undefined;
}

/** The conversation so far, then the replies being streamed, kept scrolled to the latest. */
export function MessageList({ messages, drafts, agent, userTextClass, avatar }: Props) {
  const t = useWords();
  const end = useRef<HTMLDivElement>(null);
  const [avatarBroken, setAvatarBroken] = useState(false);
  useEffect(() => setAvatarBroken(false), [avatar]);
  const withAvatar = avatar && !avatarBroken ? avatar : undefined;
  // Empty alt: each reply already says who wrote it ("… said:"); the picture would only repeat it.
  const picture = withAvatar && (
    <img class="avatar" src={withAvatar} alt="" width={32} height={32} referrerpolicy="no-referrer" decoding="async" onError={() => setAvatarBroken(true)} />
  );
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [messages, drafts]);
  return (
    <>
      <div role="log" aria-live="polite" aria-label={t('conversation.label')}>
        <ol class="messages">
          {messages.map((m) => (
            <li key={m.id} class={`message ${m.role}${m.queued ? ' queued' : ''}${withAvatar && m.role === 'assistant' ? ' has-avatar' : ''}`}>
              {m.role === 'assistant' && picture}
              {m.role === 'operator' ? (
                // A person answering: their name shows, so nobody takes them for the agent.
                <span class="author">{m.operator_name ?? t('conversation.operatorFallback')}</span>
              ) : (
                <span class="sr-only">{m.role === 'user' ? t('conversation.youSaid') : m.role === 'system' ? t('conversation.notice') : t('conversation.agentSaid', { agent })}</span>
              )}
              {m.role === 'assistant' ? (
                // Agent replies become HTML only through renderMarkdown: Markdown, sanitised, no raw HTML.
                <div class="text markdown" dir="auto" dangerouslySetInnerHTML={{ __html: renderMarkdown(m.content) }} />
              ) : (
                <div class={userTextClass} dir="auto">
                  {m.content}
                </div>
              )}
              {m.queued && <span class="queued-note">{t('conversation.sending')}</span>}
            </li>
          ))}
        </ol>
      </div>
      {Object.entries(drafts).map(([id, draft]) => (
        <div key={id} class={`message assistant streaming${withAvatar ? ' has-avatar' : ''}`} aria-hidden="true">
          {picture}
          <div class="text markdown" dir="auto" dangerouslySetInnerHTML={{ __html: renderMarkdown(draft) }} />
        </div>
      ))}
      <div ref={end} />
    </>
  );
}
