import { describe, expect, it } from 'vitest';
import { pageLanguageOf, visitorLanguageOf } from './language.js';

describe('the language a visitor is answered in', () => {
  const noLocale = { locale: null };
  const french = { locale: 'fr-CA' };

  it('takes the page’s Content-Language first, then the link’s locale, then Accept-Language', () => {
    expect(visitorLanguageOf(french, { 'content-language': 'de-AT', 'accept-language': 'ja' })).toBe('de');
    expect(visitorLanguageOf(french, { 'accept-language': 'ja' })).toBe('fr');
    expect(visitorLanguageOf(noLocale, { 'accept-language': 'es;q=0.5, ja' })).toBe('ja');
    expect(visitorLanguageOf(noLocale, {})).toBe('en');
    // The first tag of a list the pages speak.
    expect(visitorLanguageOf(noLocale, { 'content-language': 'pt-BR, ar' })).toBe('ar');
  });

  it('passes over a Content-Language that names nothing the pages speak, whatever it holds', () => {
    for (const said of ['pt-BR', '', ',,,', 'de'.padStart(500, 'x'), '"><script>', '-de', 'de_DE']) {
      expect(visitorLanguageOf(french, { 'content-language': said }), said).toBe('fr');
      expect(visitorLanguageOf(noLocale, { 'content-language': said, 'accept-language': 'es' }), said).toBe('es');
    }
    // A tag past the first 200 characters is not read.
    expect(visitorLanguageOf(noLocale, { 'content-language': `${'x,'.repeat(150)}de` })).toBe('en');
  });

  it('reads English for a link locale the pages do not speak, and for a malformed Accept-Language', () => {
    expect(visitorLanguageOf({ locale: 'pt-BR' }, { 'accept-language': 'de' })).toBe('en');
    expect(pageLanguageOf('de;q=abc, ;;;, q=1')).toBe('de');
    expect(pageLanguageOf('de;q=0, xx')).toBe('en');
  });
});
