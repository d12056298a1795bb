import { describe, expect, it } from 'vitest';
import { MESSAGE_NOTICES, visitorLocales } from './public-links.js';
import { VISITOR_MAIL_WORDS, visitorMailHtml, visitorMailLanguage, visitorMailWords } from './visitor-mails.js';

const placeholders = (sentence: string) => [...sentence.matchAll(/\{([A-Za-z]+)\}/g)].map((match) => match[1]).sort();

describe('visitor mail words', () => {
  it('every language the pages speak has every sentence, with the same placeholders as English', () => {
    expect(Object.keys(VISITOR_MAIL_WORDS).sort()).toEqual([...visitorLocales].sort());
    const english = VISITOR_MAIL_WORDS.en;
    for (const language of visitorLocales) {
      const words = VISITOR_MAIL_WORDS[language];
      expect(Object.keys(words).sort(), language).toEqual(Object.keys(english).sort());
      for (const [key, sentence] of Object.entries(words)) {
        expect(sentence.trim(), `${language} ${key}`).not.toBe('');
        expect(placeholders(sentence), `${language} ${key}`).toEqual(placeholders(english[key as keyof typeof english]));
      }
    }
  });

  it('has the words of every notice code a transcript may show', () => {
    for (const code of MESSAGE_NOTICES) expect(Object.keys(VISITOR_MAIL_WORDS.en)).toContain(`notice.${code}`);
  });

  it('reads a language from a tag, and English from anything it does not speak', () => {
    expect(visitorMailLanguage('de')).toBe('de');
    expect(visitorMailLanguage('de-AT')).toBe('de');
    expect(visitorMailLanguage('AR')).toBe('ar');
    expect(visitorMailLanguage('pt-BR')).toBe('en');
    expect(visitorMailLanguage('__proto__')).toBe('en');
    expect(visitorMailLanguage('')).toBe('en');
    expect(visitorMailLanguage(null)).toBe('en');
    expect(visitorMailLanguage(undefined)).toBe('en');
  });

  it('fills sentences as text and as escaped HTML, values wrapped as asked', () => {
    const t = visitorMailWords('de');
    expect(t.text('verification.intro', { title: 'Hilfe & Rat' })).toBe('Ihr Bestätigungscode für „Hilfe & Rat“ lautet:');
    expect(t.html('verification.intro', { title: '<b>Hilfe</b>' }, (title) => `<strong>${title}</strong>`)).toBe(
      'Ihr Bestätigungscode für „<strong>&lt;b&gt;Hilfe&lt;/b&gt;</strong>“ lautet:',
    );
    // A placeholder without a value stays as written.
    expect(t.text('transcript.subject')).toBe('Ihr Gespräch mit {agent}');
  });

  it('writes dates in the language, in UTC, and sizes in its units', () => {
    const at = new Date('2026-11-27T17:08:00Z');
    expect(visitorMailWords('de').date(at)).toBe('27. Nov. 2026, 17:08 UTC');
    expect(visitorMailWords('ja').date(at)).toBe('2026年11月27日 17:08 UTC');
    expect(visitorMailWords('en').date(at)).toBe('Nov 27, 2026, 5:08 PM UTC');
    expect(visitorMailWords('de').size(12.5 * 1024)).toBe('12,5 kB');
    expect(visitorMailWords('en').size(300)).toBe('300 byte');
  });

  it('says the language in the HTML, right to left for Arabic only', () => {
    const arabic = visitorMailHtml('ar', '<p>مرحبًا</p>');
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
    expect(arabic).toContain('<body dir="rtl"');
    expect(arabic).toContain('text-align: right');
    const german = visitorMailHtml('de', '<p>Hallo</p>');
    expect(german).toContain('<html lang="de" dir="ltr">');
    expect(german).not.toContain('rtl');
  });
});
