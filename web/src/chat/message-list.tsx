import type { MessageNotice } from '@parley/contracts';
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoredMessage } from './api';
import { Thumbs } from './feedback/thumbs';
import { type FileView, MessageFiles } from './files/message-files';
import { renderMarkdown } from './markdown';
import { closeOpenMarks } from './open-marks';
import { Sources } from './sources/sources';
import { useWords, type VisitorKey, type VisitorWords } from './words';

type NoticeKey = Extract<VisitorKey, `notice.${string}`>;

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
  /** How the files messages carry are shown (a link that takes files). */
  files?: FileView;
  /** A thumb on an agent's or operator's message, once there is a session to give it in. */
  onFeedback?(messageId: string, rating: 'up' | 'down', comment?: string): Promise<unknown>;
}

/** The platform's own words by their code (docs/public-chat-api.md "Notices"): shown in the visitor's language. */
const NOTICES: ReadonlyMap<string, NoticeKey> = new Map([
  ['nobody_available', 'notice.nobodyAvailable'],
  ['nobody_available_email', 'notice.nobodyAvailableEmail'],
  ['everyone_busy', 'notice.everyoneBusy'],
  ['everyone_busy_email', 'notice.everyoneBusyEmail'],
  ['budget_exhausted', 'notice.budgetExhausted'],
] satisfies [MessageNotice, NoticeKey][]);

/** What a message says: the page's words for a notice it knows, else its content as stored (a newer code's English, anyone's own words). */
function textOf(m: ListedMessage, t: VisitorWords): string {
  const key = m.notice === undefined ? undefined : NOTICES.get(m.notice);
  return key ? t(key) : m.content;
}

/** Answers a visitor may give a thumb: stored replies (not a reply shown before it was stored). */
const rateable = (m: ListedMessage) => (m.role === 'assistant' || m.role === 'operator') && !m.id.startsWith('reply-');

/** The conversation so far, then the replies being streamed, kept scrolled to the latest. */
export function MessageList({ messages, drafts, agent, userTextClass, avatar, files, onFeedback }: Props) {
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
  const keepEnd = useKeptEnd(end);
  return (
    <>
      {/* An image that has just come in has grown its message: the latest stays in view. */}
      <div role="log" aria-live="polite" aria-label={t('conversation.label')} onLoadCapture={keepEnd}>
        <ol class="messages">
          {messages.map((m) => (
            <li key={m.id} class={`message ${m.role}${m.queued ? ' queued' : ''}${withAvatar && m.role === 'assistant' ? ' has-avatar' : ''}`}>
              {m.role === 'assistant' && picture}
              {m.role === 'operator' ? (
                // A person answering: their name shows, so nobody takes them for the agent.
                <span class="author">{m.operator_name ?? t('conversation.operatorFallback')}</span>
              ) : (
                <span class="sr-only">
                  {m.role === 'user' ? t('conversation.youSaid') : m.role === 'system' ? t('conversation.notice') : t('conversation.agentSaid', { agent })}
                </span>
              )}
              {m.role === 'assistant' || m.role === 'operator' ? (
                // Agents' and operators' replies become HTML only through renderMarkdown: Markdown, sanitised, no raw HTML.
                <div class="text markdown" dir="auto" dangerouslySetInnerHTML={{ __html: renderMarkdown(textOf(m, t)) }} />
              ) : (
                <div class={userTextClass} dir="auto">
                  {textOf(m, t)}
                </div>
              )}
              {m.role === 'assistant' && m.citations && <Sources messageId={m.id} citations={m.citations} />}
              {files && !!m.attachments?.length && <MessageFiles files={m.attachments} view={files} />}
              {m.queued && <span class="queued-note">{t('conversation.sending')}</span>}
              {onFeedback && rateable(m) && <Thumbs initial={m.feedback} send={(rating, comment) => onFeedback(m.id, rating, comment)} />}
            </li>
          ))}
        </ol>
      </div>
      {Object.entries(drafts).map(([id, draft]) => (
        <div key={id} class={`message assistant streaming${withAvatar ? ' has-avatar' : ''}`} aria-hidden="true">
          {picture}
          <div class="text markdown" dir="auto" dangerouslySetInnerHTML={{ __html: renderMarkdown(closeOpenMarks(draft)) }} />
        </div>
      ))}
      <div ref={end} />
    </>
  );
}

/**
 * While the visitor is at the latest message, it stays in view when the conversation's box
 * shrinks (a rating asked below it, a phone's keyboard) or an image grows a message; once they
 * have scrolled up to read, nothing moves. Returns what to call when a message has grown.
 */
function useKeptEnd(end: RefObject<HTMLDivElement | null>): () => void {
  const atEnd = useRef(true);
  const keep = () => atEnd.current && end.current?.scrollIntoView({ block: 'end' });
  useEffect(() => {
    const box = end.current?.parentElement;
    if (!box) return;
    const onScroll = () => {
      atEnd.current = box.scrollHeight - box.scrollTop - box.clientHeight < 48;
    };
    const observer = new ResizeObserver(keep);
    box.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(box);
    return () => {
      observer.disconnect();
      box.removeEventListener('scroll', onScroll);
    };
  }, []);
  return keep;
}
