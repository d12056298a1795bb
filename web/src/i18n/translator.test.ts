import { describe, expect, it } from 'vitest';
import { translator } from './translator';

const en = {
  greeting: 'Hello, {name}',
  sessions: { one: '{count} session', other: '{count} sessions' },
} as const;

describe('translator', () => {
  it('fills in names and writes numbers as the locale does', () => {
    const t = translator(en, { lang: 'en', locale: 'de-DE' });
    expect(t('greeting', { name: 'Ana' })).toBe('Hello, Ana');
    expect(t('sessions', { count: 1500 })).toBe('1.500 sessions');
    expect(t.number(0.57, { style: 'percent' })).toBe('57\u00a0%');
    expect(t.lang).toBe('en');
    expect(t.locale).toBe('de-DE');
  });

  it('picks plural forms by the words’ language, not by the locale the numbers follow', () => {
    // French and Brazilian Portuguese rules call 0 "one"; English words still say "0 sessions".
    for (const locale of ['en', 'fr-FR', 'pt-BR']) {
      const t = translator(en, { lang: 'en', locale });
      expect(t('sessions', { count: 0 }), locale).toBe('0 sessions');
      expect(t('sessions', { count: 1 }), locale).toBe('1 session');
    }
  });

  it('takes a tag Intl does not know as the words’ own language', () => {
    const t = translator(en, { lang: 'en', locale: 'not a tag' });
    expect(t.locale).toBe('en');
    expect(t('sessions', { count: 2 })).toBe('2 sessions');
  });
});
