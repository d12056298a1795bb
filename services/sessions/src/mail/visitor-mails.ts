import { escapeMailHtml, type VisitorLanguage, visitorMailHtml, visitorMailLanguage, visitorMailWords } from '@parley/contracts/visitor-mails';
import type { Notice } from './notice-mailer.js';

/**
 * The sessions service's mails to visitors besides the transcript (transcripts/text.ts), in the
 * language of their page (docs/public-chat-api.md "Visitors' language and look"): a stored
 * language, or none (English). Each has a text and an HTML part; the HTML says the language and
 * runs right to left for Arabic.
 */

/** "A person will answer you soon" (docs/escalation.md "Nobody there"): `present`, someone has the inbox open but nobody claimed it. */
export function waitingMail(to: string, stored: string | null, present: boolean): Notice {
  const t = visitorMailWords(visitorMailLanguage(stored));
  const why = t.text(present ? 'waiting.busy' : 'waiting.nobody');
  const where = t.text('waiting.where');
  return {
    to,
    subject: t.text('waiting.subject'),
    text: [why, where].join('\n'),
    html: visitorMailHtml(t.language, [`<p>${escapeMailHtml(why)}</p>`, `<p>${escapeMailHtml(where)}</p>`].join('\n')),
    language: t.language,
  };
}

/**
 * An operator's answer to a message the visitor left for later (docs/escalation.md "Leaving a
 * message"): who answered (of which tenant, when it has a name) and the answer as they wrote it.
 */
export function answerMail(to: string, stored: string | null, answer: { operator: string; tenant: string | undefined; content: string }): Notice {
  const language: VisitorLanguage = visitorMailLanguage(stored);
  const t = visitorMailWords(language);
  const names = { operator: answer.operator, ...(answer.tenant ? { tenant: answer.tenant } : {}) };
  const strong = (escaped: string) => `<strong>${escaped}</strong>`;
  return {
    to,
    subject: t.text(answer.tenant ? 'answer.subjectFrom' : 'answer.subject', names),
    text: [t.text('answer.intro', names), '', answer.content, '', t.text('answer.where')].join('\n'),
    html: visitorMailHtml(
      language,
      [
        `<p>${t.html('answer.intro', names, strong)}</p>`,
        // The operator's words in the direction they are written in.
        `<blockquote dir="auto" style="margin: 0 0 1em; padding: 0 1em; border-inline-start: 3px solid #ccc">${escapeMailHtml(answer.content).replace(/\r?\n/g, '<br>')}</blockquote>`,
        `<p style="color: #666">${t.html('answer.where')}</p>`,
      ].join('\n'),
    ),
    language,
  };
}
