import { describe, expect, it } from 'vitest';
import { asciiDigit, INVISIBLE, normalizeForMatching } from './match-text.js';

describe('normalizeForMatching', () => {
  it('drops invisible characters, folds compatibility forms and reads every script’s digits as 0–9', () => {
    expect(normalizeForMatching('ord\u200ber\u00ad ４２ ＢＫ-٢٠٤١٧ ﬁne\u00a0x 𝐛𝐨𝐥𝐝 \u202eok\u202c')).toBe('order 42 BK-20417 fine x bold ok');
  });

  it('keeps case, accents and other scripts as typed', () => {
    for (const text of ['José GRÜßT', 'Привет, как дела?', 'Καλημέρα', '你好世界', 'مرحبا']) expect(normalizeForMatching(text)).toBe(text);
    // A decomposed accent is composed (NFKC), as the same letter typed at once.
    expect(normalizeForMatching('Jose\u0301')).toBe('José');
  });

  it('INVISIBLE: the characters that draw nothing, and nothing a reader sees', () => {
    for (const char of [
      '\u200b',
      '\u200c',
      '\u200d',
      '\u00ad',
      '\u2060',
      '\ufeff',
      '\u202e',
      '\u2066',
      '\u061c',
      '\ufe0f',
      '\u{e0041}',
      '\u{e0100}',
      '\u3164',
      '\u034f',
    ]) {
      expect(INVISIBLE.test(char), char.codePointAt(0)?.toString(16)).toBe(true);
    }
    for (const char of ['a', ' ', '-', 'é', '\u0301', 'я', '٤', '😀']) expect(INVISIBLE.test(char), char).toBe(false);
  });
});

describe('asciiDigit', () => {
  it('gives each script’s digit its value', () => {
    expect(['٤', '۴', '४', '৪', '๔', '４', '𝟒', '4'].map(asciiDigit)).toEqual(['4', '4', '4', '4', '4', '4', '4', '4']);
    expect(['٠', '९', '𝟿', '᠐'].map(asciiDigit)).toEqual(['0', '9', '9', '0']);
    expect(['a', '½', '²', 'Ⅳ'].map(asciiDigit)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('holds for all of Unicode: every run of decimal digits is whole rows of 0 to 9, each named by its value', () => {
    const digit = /\p{Nd}/u;
    let runs = 0;
    for (let code = 0; code <= 0x10ffff; code++) {
      if (!digit.test(String.fromCodePoint(code)) || digit.test(String.fromCodePoint(code - 1))) continue;
      let end = code;
      while (digit.test(String.fromCodePoint(end + 1))) end++;
      expect((end - code + 1) % 10, code.toString(16)).toBe(0);
      runs++;
      for (let at = code; at <= end; at++) {
        const char = String.fromCodePoint(at);
        expect(asciiDigit(char), at.toString(16)).toBe(String((at - code) % 10));
        // Where Unicode names the digit, the name agrees (DIGIT ZERO … DIGIT NINE).
        const nfkc = char.normalize('NFKC');
        if (/^[0-9]$/.test(nfkc)) expect(asciiDigit(char)).toBe(nfkc);
      }
    }
    expect(runs).toBeGreaterThan(50);
  });
});
