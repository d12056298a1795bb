import type { TranscriptMessage } from './transcript.repository.js';

/** Who reads the transcript: the visitor ("You" said it) or the tenant's operators ("Visitor"). */
export type TranscriptReader = 'visitor' | 'tenant';

export interface TranscriptFacts {
  /** The link's title. */
  title: string;
  /** The agent's name, shown on its messages. */
  agent: string;
  startedAt: Date;
  endedAt: Date | null;
  messages: TranscriptMessage[];
}

/** `2026-11-25 10:32 UTC`: one zone for everybody, as the mail cannot know the reader's. */
const at = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const size = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

function speaker(message: TranscriptMessage, facts: TranscriptFacts, reader: TranscriptReader): string {
  switch (message.role) {
    case 'user':
      return reader === 'visitor' ? 'You' : 'Visitor';
    case 'assistant':
      return facts.agent;
    case 'operator':
      return `${message.author_name ?? 'Support'} (a person)`;
    case 'system':
      return 'Notice';
  }
}

/**
 * A conversation as plain text (docs/escalation.md "Transcripts by email"): every message with who said
 * it and when; files are named (type, size), never attached.
 */
export function transcriptText(facts: TranscriptFacts, reader: TranscriptReader): string {
  const lines = [
    `${facts.title} – conversation with ${facts.agent}`,
    `Started ${at(facts.startedAt)}${facts.endedAt ? `, ended ${at(facts.endedAt)}` : ''}.`,
    '',
  ];
  for (const message of facts.messages) {
    lines.push(`[${at(message.created_at)}] ${speaker(message, facts, reader)}:`);
    lines.push(...message.content.split('\n').map((line) => `  ${line}`));
    for (const file of message.files) lines.push(`  (file: ${file.name}, ${file.type}, ${size(file.bytes)} – not attached to this mail)`);
    lines.push('');
  }
  if (facts.messages.length === 0) lines.push('(no messages)', '');
  lines.push(
    reader === 'visitor' ? 'You asked for this transcript in the chat.' : 'Sent because the link sends every conversation’s transcript to this address.',
  );
  return lines.join('\n');
}
