import { describe, expect, it } from 'vitest';
import { type TranscriptFacts, transcriptHtml, transcriptText } from './text.js';
import type { TranscriptMessage } from './transcript.repository.js';

const message = (role: TranscriptMessage['role'], content: string, minute: number, extra: Partial<TranscriptMessage> = {}): TranscriptMessage => ({
  role,
  content,
  author_name: null,
  created_at: new Date(Date.UTC(2026, 10, 27, 9, minute)),
  notice: null,
  files: [],
  ...extra,
});

const facts: TranscriptFacts = {
  title: 'Support desk',
  agent: 'Ava',
  startedAt: new Date(Date.UTC(2026, 10, 27, 9, 0)),
  endedAt: new Date(Date.UTC(2026, 10, 27, 9, 30)),
  messages: [
    message('user', 'Hello', 1, { files: [{ name: 'invoice.pdf', type: 'application/pdf', bytes: 12.5 * 1024 }] }),
    message('assistant', 'Hi! How can I help?', 2),
    message('system', 'Nobody is available right now. A person will answer here as soon as they can.', 3, { notice: 'nobody_available' }),
    message('operator', 'Here I am.', 4, { author_name: 'Olga' }),
  ],
};

describe('transcripts', () => {
  it('the visitor’s copy is in their language: names, dates, the platform’s notices and files', () => {
    const text = transcriptText(facts, 'visitor', 'ja');
    expect(text).toBe(
      [
        'Support desk – Avaとの会話',
        '開始：2026年11月27日 9:00 UTC、終了：2026年11月27日 9:30 UTC',
        '',
        '[2026年11月27日 9:01 UTC] あなた:',
        '  Hello',
        '  （ファイル：invoice.pdf、application/pdf、12.5 KB。このメールには添付されていません）',
        '',
        '[2026年11月27日 9:02 UTC] Ava:',
        '  Hi! How can I help?',
        '',
        '[2026年11月27日 9:03 UTC] お知らせ:',
        '  現在対応できる担当者がいません。担当者が対応でき次第、こちらでお返事します。',
        '',
        '[2026年11月27日 9:04 UTC] Olga（担当者）:',
        '  Here I am.',
        '',
        'この記録は、チャットでのご依頼によりお送りしています。',
      ].join('\n'),
    );
  });

  it('the tenant’s copy stays English, as written', () => {
    const text = transcriptText(facts, 'tenant', 'ja');
    expect(text).toContain('Support desk – conversation with Ava');
    expect(text).toContain('[2026-11-27 09:01 UTC] Visitor:\n  Hello');
    expect(text).toContain('[2026-11-27 09:03 UTC] Notice:\n  Nobody is available right now.');
    expect(text).toContain('Olga (a person)');
    expect(text).toContain('Sent because the link sends every conversation’s transcript to this address.');
  });

  it('the visitor’s HTML runs right to left in Arabic, each message in its own direction', () => {
    const html = transcriptHtml({ ...facts, title: '<Desk>' }, 'ar');
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('&lt;Desk&gt; – محادثة مع Ava');
    expect(html).toContain('<strong>أنت</strong><br><span dir="auto">Hello</span>');
    expect(html).toContain('لا يوجد أحد متاح الآن.');
    expect(html).not.toContain('<Desk>');
  });

  it('without a link, the names are the language’s own', () => {
    const text = transcriptText({ ...facts, title: null, agent: null, messages: [] }, 'visitor', 'de');
    expect(text).toContain('Chat – Gespräch mit Der Assistent');
    expect(text).toContain('(keine Nachrichten)');
  });
});
