import { useEffect, useState } from 'preact/hooks';
import { renderMarkdown } from '../../chat/markdown';
import { Sources } from '../../chat/sources/sources';
import type { ConversationDetail, ConversationNote, ManagementApi } from '../api/management-api';
import { when } from '../ui/when';
import { t } from './inbox-words';

type Message = ConversationDetail['messages'][number];
type Attachment = NonNullable<Message['attachments']>[number];

const ROLE_LABEL = {
  user: t('conversation.visitor'),
  assistant: t('conversation.agent'),
  operator: t('conversation.operator'),
  system: t('conversation.notice'),
  // A call the agent made (its line says which tool and how it ended); visitors never see these.
  tool: t('conversation.tool'),
} as const;
/** What a screen reader says for the visitor's thumb on an answer. */
const THUMB_LABEL = { up: t('conversation.helpful'), down: t('conversation.unhelpful') } as const;

/** A thumb drawn as an icon (no emoji font needed), pointing down for `down`. */
function Thumb(props: { rating: 'up' | 'down' }) {
  return (
    <svg role="img" aria-label={THUMB_LABEL[props.rating]} class={`thumb ${props.rating}`} viewBox="0 0 24 24" width="16" height="16" fill="currentColor">
      <path
        transform={props.rating === 'down' ? 'rotate(180 12 12)' : undefined}
        d="M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z"
      />
    </svg>
  );
}

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
/** A file's size in whole kilobytes (at least one), as the person's locale writes it. */
const size = (bytes: number) => t.number(Math.max(1, Math.round(bytes / 1000)), { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 });

/**
 * The files a visitor's message carries, fetched with the operator's own credentials (the
 * conversation's uploads route; a key cannot ride on a plain link): images as thumbnails, every
 * file as a download.
 */
function Attachments(props: { api: ManagementApi; conversationId: string; files: Attachment[] }) {
  const [urls, setUrls] = useState<Record<string, string>>({});
  const [failed, setFailed] = useState<string>();
  useEffect(() => {
    const made: string[] = [];
    let live = true;
    for (const file of props.files.filter((f) => IMAGE_TYPES.has(f.type))) {
      void props.api
        .attachment(props.conversationId, file.id)
        .then((blob) => {
          const url = URL.createObjectURL(blob);
          made.push(url);
          if (live) setUrls((known) => ({ ...known, [file.id]: url }));
        })
        .catch(() => undefined);
    }
    return () => {
      live = false;
      for (const url of made) URL.revokeObjectURL(url);
    };
  }, [props.api, props.conversationId, props.files]);
  const download = async (file: Attachment) => {
    try {
      const url = URL.createObjectURL(await props.api.attachment(props.conversationId, file.id));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setFailed(undefined);
    } catch {
      setFailed(file.name);
    }
  };
  return (
    <>
      <ul class="attachments" aria-label={t('conversation.files')}>
        {props.files.map((file) => (
          <li key={file.id}>
            {urls[file.id] && <img src={urls[file.id]} alt={file.name} width="96" height="96" />}
            <button type="button" class="link" onClick={() => void download(file)}>
              {file.name} <span class="muted">({size(file.bytes)})</span>
            </button>
          </li>
        ))}
      </ul>
      {failed && <p role="alert">{t('conversation.downloadFailed', { name: failed })}</p>}
    </>
  );
}

/** One thing said, or noted, in the order it happened. */
type Entry = { kind: 'message'; at: string; message: Message } | { kind: 'note'; at: string; note: ConversationNote };

/** Messages and the operators' notes, by when each was written (a note after what it was written beside). */
export function entriesOf(detail: Pick<ConversationDetail, 'messages' | 'notes'>): Entry[] {
  const entries: Entry[] = [
    ...detail.messages.map((message) => ({ kind: 'message' as const, at: message.created_at, message })),
    ...detail.notes.map((note) => ({ kind: 'note' as const, at: note.created_at, note })),
  ];
  // A stable sort: messages keep their own order among themselves.
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

/** Who said it, as the bubble's head names them. */
const authorOf = (m: Message) => (m.role === 'operator' && m.operator_name ? m.operator_name : ROLE_LABEL[m.role]);

function MessageBubble(props: { api: ManagementApi; conversationId: string; message: Message }) {
  const m = props.message;
  // Agents' and operators' words are Markdown, shown as the visitor sees them: through the one sanitised renderer.
  const markdown = m.role === 'assistant' || m.role === 'operator';
  return (
    <li class={`bubble ${m.role}`} data-role={m.role}>
      <span class="bubble-head">
        <span class="who">{authorOf(m)}</span>
        <span class="when">{when(m.created_at)}</span>
      </span>
      {markdown ? (
        <div class="markdown" dir="auto" dangerouslySetInnerHTML={{ __html: renderMarkdown(m.content) }} />
      ) : (
        <div class="plain" dir="auto">
          {m.content}
        </div>
      )}
      {m.attachments && m.attachments.length > 0 && <Attachments api={props.api} conversationId={props.conversationId} files={m.attachments} />}
      {m.role === 'assistant' && m.citations && <Sources messageId={m.id} citations={m.citations} />}
      {m.feedback && (
        <span class="feedback">
          <Thumb rating={m.feedback.rating} />
          {m.feedback.comment && (
            <>
              {' '}
              <q class="muted">{m.feedback.comment}</q>
            </>
          )}
        </span>
      )}
    </li>
  );
}

/**
 * The conversation as bubbles: the visitor on one side, the agent and the operators on the other
 * (their Markdown rendered as the visitor sees it), the platform's notices in between, and the
 * operators' internal notes set apart – never shown to the visitor.
 */
export function ConversationBubbles(props: { api: ManagementApi; conversationId: string; detail: ConversationDetail }) {
  return (
    <ol class="bubbles">
      {entriesOf(props.detail).map((entry) =>
        entry.kind === 'message' ? (
          <MessageBubble key={entry.message.id} api={props.api} conversationId={props.conversationId} message={entry.message} />
        ) : (
          <li key={entry.note.id} class="bubble note" data-role="note">
            <span class="bubble-head">
              <span class="who">{t('conversation.noteBy', { name: entry.note.author_name })}</span>
              <span class="when">{when(entry.note.created_at)}</span>
            </span>
            <span class="sr-only">{t('conversation.internalNote')}: </span>
            <div class="plain" dir="auto">
              {entry.note.text}
            </div>
          </li>
        ),
      )}
    </ol>
  );
}
