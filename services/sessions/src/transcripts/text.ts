import { MESSAGE_NOTICES, type MessageNotice } from '@parley/contracts';
import { escapeMailHtml, type VisitorLanguage, type VisitorMailWords, visitorMailHtml, visitorMailWords } from '@parley/contracts/visitor-mails';
import type { TranscriptMessage } from './transcript.repository.js';

/** Who reads the transcript: the visitor ("You" said it) or the tenant's operators ("Visitor"). */
export type TranscriptReader = 'visitor' | 'tenant';

export interface TranscriptFacts {
  /** The link's title; null for a conversation without a link (any more). */
  title: string | null;
  /** The agent's name, shown on its messages; null when its link is gone. */
  agent: string | null;
  startedAt: Date;
  endedAt: Date | null;
  messages: TranscriptMessage[];
}

/** `2026-11-25 10:32 UTC`: one zone for everybody, as the mail cannot know the reader's. */
const at = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const size = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

function speaker(message: TranscriptMessage, agent: string): string {
  switch (message.role) {
    case 'user':
      return 'Visitor';
    case 'assistant':
      return agent;
    case 'operator':
      return `${message.author_name ?? 'Support'} (a person)`;
    case 'system':
      return 'Notice';
  }
}

/**
 * The tenant's copy, in English (docs/escalation.md "Transcripts by email"): every message with who
 * said it and when; files are named (type, size), never attached.
 */
function tenantText(facts: TranscriptFacts): string {
  const agent = facts.agent ?? 'The agent';
  const lines = [
    `${facts.title ?? 'Chat'} – conversation with ${agent}`,
    `Started ${at(facts.startedAt)}${facts.endedAt ? `, ended ${at(facts.endedAt)}` : ''}.`,
    '',
  ];
  for (const message of facts.messages) {
    lines.push(`[${at(message.created_at)}] ${speaker(message, agent)}:`);
    lines.push(...message.content.split('\n').map((line) => `  ${line}`));
    for (const file of message.files) lines.push(`  (file: ${file.name}, ${file.type}, ${size(file.bytes)} – not attached to this mail)`);
    lines.push('');
  }
  if (facts.messages.length === 0) lines.push('(no messages)', '');
  lines.push('Sent because the link sends every conversation’s transcript to this address.');
  return lines.join('\n');
}

/** What the visitor's copy shows of a conversation, in their language: names, the platform's notices, dates. */
interface VisitorView {
  t: VisitorMailWords;
  title: string;
  agent: string;
  started: string;
  messages: { when: string; who: string; content: string; files: string[] }[];
}

const isNotice = (code: string | null): code is MessageNotice => code !== null && (MESSAGE_NOTICES as readonly string[]).includes(code);

function visitorView(facts: TranscriptFacts, language: VisitorLanguage): VisitorView {
  const t = visitorMailWords(language);
  const agent = facts.agent ?? t.text('transcript.agentFallback');
  const start = t.date(facts.startedAt);
  return {
    t,
    title: facts.title ?? t.text('transcript.titleFallback'),
    agent,
    started: facts.endedAt ? t.text('transcript.startedEnded', { start, end: t.date(facts.endedAt) }) : t.text('transcript.started', { start }),
    messages: facts.messages.map((message) => ({
      when: t.date(message.created_at),
      who:
        message.role === 'user'
          ? t.text('transcript.you')
          : message.role === 'assistant'
            ? agent
            : message.role === 'operator'
              ? t.text('transcript.person', { name: message.author_name ?? t.text('transcript.support') })
              : t.text('transcript.notice'),
      // The platform's own words are the visitor's language's (docs/public-chat-api.md "Notices"); everyone else's stay as written.
      content: isNotice(message.notice) ? t.text(`notice.${message.notice}`) : message.content,
      files: message.files.map((file) => t.text('transcript.file', { name: file.name, type: file.type, size: t.size(file.bytes) })),
    })),
  };
}

/**
 * A conversation as plain text (docs/escalation.md "Transcripts by email"): every message with who
 * said it and when; files are named (type, size), never attached. The visitor's copy is in their
 * language (docs/public-chat-api.md "Visitors' language and look"), the tenant's in English.
 */
export function transcriptText(facts: TranscriptFacts, reader: TranscriptReader, language: VisitorLanguage = 'en'): string {
  if (reader === 'tenant') return tenantText(facts);
  const view = visitorView(facts, language);
  const lines = [view.t.text('transcript.heading', { title: view.title, agent: view.agent }), view.started, ''];
  for (const message of view.messages) {
    lines.push(`[${message.when}] ${message.who}:`);
    lines.push(...message.content.split('\n').map((line) => `  ${line}`));
    for (const file of message.files) lines.push(`  ${file}`);
    lines.push('');
  }
  if (view.messages.length === 0) lines.push(view.t.text('transcript.empty'), '');
  lines.push(view.t.text('transcript.why'));
  return lines.join('\n');
}

const htmlLines = (text: string) => escapeMailHtml(text).replace(/\r?\n/g, '<br>');

/**
 * The visitor's copy as HTML, beside its text: in their language and its direction; each message's
 * own words in the direction they are written in (`dir="auto"`: an English answer in an Arabic mail
 * still reads left to right).
 */
export function transcriptHtml(facts: TranscriptFacts, language: VisitorLanguage): string {
  const view = visitorView(facts, language);
  const { t } = view;
  const body = [
    `<p><strong>${t.html('transcript.heading', { title: view.title, agent: view.agent })}</strong><br><span style="color: #666">${escapeMailHtml(view.started)}</span></p>`,
    ...view.messages.map(
      (message) =>
        `<p><span style="color: #666">${escapeMailHtml(message.when)}</span> <strong>${escapeMailHtml(message.who)}</strong><br>` +
        `<span dir="auto">${htmlLines(message.content)}</span>` +
        message.files.map((file) => `<br><span style="color: #666">${escapeMailHtml(file)}</span>`).join('') +
        '</p>',
    ),
    ...(view.messages.length === 0 ? [`<p>${t.html('transcript.empty')}</p>`] : []),
    `<p style="color: #666">${t.html('transcript.why')}</p>`,
  ].join('\n');
  return visitorMailHtml(language, body);
}
