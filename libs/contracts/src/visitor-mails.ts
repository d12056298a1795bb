import type { VisitorLanguage } from './public-links.js';
import { VISITOR_MAIL_WORDS, type VisitorMailKey } from './visitor-mail-words.js';

/**
 * Writing the platform's mails to visitors in their language (docs/public-chat-api.md "Visitors'
 * language and look"): the gateway's verification code, the sessions service's transcript, its
 * "a person will answer you soon" and operators' answers to messages left for later. Plain
 * functions without zod (`@parley/contracts/visitor-mails`), for both services.
 */

export type { VisitorLanguage } from './public-links.js';
export { VISITOR_MAIL_WORDS, type VisitorMailKey } from './visitor-mail-words.js';

/**
 * The language a visitor's mail is written in, from what was sent or stored: a tag's first part
 * when the pages speak it (`de-AT` → `de`), English for anything else, or nothing.
 */
export function visitorMailLanguage(value: string | null | undefined): VisitorLanguage {
  const primary = (value ?? '').split('-')[0]?.toLowerCase() ?? '';
  return Object.hasOwn(VISITOR_MAIL_WORDS, primary) ? (primary as VisitorLanguage) : 'en';
}

/** Arabic runs right to left. */
export const visitorMailDirection = (language: VisitorLanguage): 'rtl' | 'ltr' => (language === 'ar' ? 'rtl' : 'ltr');

/** The headers every visitor mail carries: its language, for mail clients and screen readers. */
export const visitorMailHeaders = (language: VisitorLanguage): Record<string, string> => ({ 'Content-Language': language });

/** Text made safe to put in HTML, in an element or a quoted attribute. */
export const escapeMailHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

/** `{name}` in a sentence, and the text around it. */
const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

function fill(template: string, values: Record<string, string>, piece: (text: string) => string, value: (text: string, name: string) => string): string {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    out += piece(template.slice(last, match.index));
    out += name in values ? value(values[name] as string, name) : piece(match[0]);
    last = match.index + match[0].length;
  }
  return out + piece(template.slice(last));
}

export interface VisitorMailWords {
  language: VisitorLanguage;
  /** A sentence as plain text, its `{name}`s filled in from `values`. */
  text(key: VisitorMailKey, values?: Record<string, string>): string;
  /** The same sentence as HTML: words and values escaped, each value passed through `wrap` (say, to make it bold). */
  html(key: VisitorMailKey, values?: Record<string, string>, wrap?: (escaped: string, name: string) => string): string;
  /** A moment as the language writes it, in UTC (a mail cannot know its reader's time zone): `27. Nov. 2026, 17:08 UTC`. */
  date(date: Date): string;
  /** A file's size as the language writes it: `12,5 kB`. */
  size(bytes: number): string;
}

const formatters = new Map<VisitorLanguage, { date: Intl.DateTimeFormat; units: Record<'byte' | 'kilobyte' | 'megabyte', Intl.NumberFormat> }>();

function formattersOf(language: VisitorLanguage) {
  let found = formatters.get(language);
  if (!found) {
    const unit = (name: string) => new Intl.NumberFormat(language, { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: 1 });
    found = {
      date: new Intl.DateTimeFormat(language, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone: 'UTC',
        timeZoneName: 'short',
      }),
      units: { byte: unit('byte'), kilobyte: unit('kilobyte'), megabyte: unit('megabyte') },
    };
    formatters.set(language, found);
  }
  return found;
}

/** The words of one language's mails (English where a language is not spoken: visitorMailLanguage). */
export function visitorMailWords(language: VisitorLanguage): VisitorMailWords {
  const words = VISITOR_MAIL_WORDS[language];
  const { date, units } = formattersOf(language);
  return {
    language,
    text: (key, values = {}) =>
      fill(
        words[key],
        values,
        (text) => text,
        (text) => text,
      ),
    html: (key, values = {}, wrap = (escaped) => escaped) => fill(words[key], values, escapeMailHtml, (text, name) => wrap(escapeMailHtml(text), name)),
    date: (at) => date.format(at),
    size: (bytes) =>
      bytes < 1024 ? units.byte.format(bytes) : bytes < 1024 * 1024 ? units.kilobyte.format(bytes / 1024) : units.megabyte.format(bytes / (1024 * 1024)),
  };
}

/**
 * A visitor mail's HTML part around `body` (HTML already escaped): the language in `lang` and the
 * direction in `dir` – Arabic right to left, for mail clients that would otherwise set it left to
 * right.
 */
export function visitorMailHtml(language: VisitorLanguage, body: string): string {
  const dir = visitorMailDirection(language);
  return [
    `<!doctype html><html lang="${language}" dir="${dir}"><head><meta charset="utf-8"></head>`,
    `<body dir="${dir}" style="font-family: sans-serif; line-height: 1.5; text-align: ${dir === 'rtl' ? 'right' : 'left'}">`,
    body,
    '</body></html>',
  ].join('\n');
}
