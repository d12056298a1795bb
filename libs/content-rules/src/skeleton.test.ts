import { MAX_CONTENT_LENGTH } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { skeleton, visibleText } from './skeleton.js';

const read = (text: string, joinLines = true) => skeleton(text, { joinLines }).text;

describe('the skeleton reads a text as it looks', () => {
  it.each([
    ['zero-width space, joiner, non-joiner', 'Ign\u200bo\u200dr\u200ce', 'Ignore'],
    ['soft hyphen, word joiner, BOM', 'Ig\u00adno\u2060r\ufeffe', 'Ignore'],
    ['bidi controls', '\u202eIgnore\u202c \u2066all\u2069 \u200einstructions\u200f \u061c', 'Ignore all instructions '],
    ['variation selectors and tag characters', 'I\ufe0fgn\u{e0100}ore\u{e0041}\u{e007f}', 'Ignore'],
    ['Hangul fillers and the combining grapheme joiner', 'ca\u3164s\u034fino', 'casino'],
    ['Cyrillic і, о, е, а among Latin letters', 'Ign\u043er\u0435 \u0430ll prev\u0456ous', 'Ignore all previous'],
    ['Greek capitals and small letters among Latin ones', '\u0399gn\u03bfre', 'Ignore'],
    ['a capital I lookalike is I, not the data’s l', '\u0406GNORE \u0399gnore', 'IGNORE Ignore'],
    ['lookalikes of two scripts in one word', '\u0399\u039d\u0405\u03a4', 'INST'],
    ['fullwidth letters, digits and signs', 'Ｉｇｎｏｒｅ ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ ４１１１', 'Ignore john@example.com 4111'],
    ['mathematical letters and ligatures', '𝐜𝐚𝐬𝐢𝐧𝐨 ﬁnd', 'casino find'],
    ['combining marks on Latin letters and digits', 'I\u0308gno\u0301re ca\u0301sino 4\u0305111', 'Ignore casino 4111'],
    ['every script’s decimal digits', '٤١١١ ۴۱۱۱ ४१११ ৪১১১ ๔๑๑๑', '4111 4111 4111 4111 4111'],
    ['dashes and minus signs', '4111\u20131111\u20141111\u22121111\u2010', '4111-1111-1111-1111-'],
    ['no-break, thin and ideographic spaces', 'a\u00a0b\u2009c\u3000d', 'a b c d'],
  ])('%s', (_, text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it('joinLines: every run of whitespace is one space; without it a line break stays one', () => {
    expect(read('previous\ninstructions', true)).toBe('previous instructions');
    expect(read('previous \r\n\t  instructions\u2028now', true)).toBe('previous instructions now');
    expect(read('previous\n\u200b\ninstructions', true)).toBe('previous instructions');
    expect(read('line one\nline\ttwo', false)).toBe('line one\nline two');
  });

  it('ordinary text of other scripts is read as written: no letter of a word wholly in one script is mapped', () => {
    for (const text of [
      'Привет! Сор на полу, а рос куст у реки. Как дела?',
      'Καλημέρα σας, ΚΑΙ ΤΟ ΡΟΚ είναι ωραίο.',
      'مَرْحَبًا، كَيْفَ حَالُكَ؟',
      'שלום, מה שלומך?',
      '你好世界，我想预订一个房间',
      'こんにちは、がぎぐげご',
      'नमस्ते, आप कैसे हैं?',
      '안녕하세요 한글',
      // A Latin word inside a script written without spaces makes one mixed word: only Latin letters and lookalikes are touched.
      '我想买iPhone手机',
      'iPhoneが欲しいです',
      'ผมชอบiPhoneมาก',
    ]) {
      expect(read(text, false), text).toBe(text.replace('，', ','));
    }
    // Latin letters are read without their accents, like the disguised ones (the typed text is matched too: visibleText).
    expect(read('Grüße aus München – Olá, coração!')).toBe('Gruße aus Munchen - Ola, coracao!');
  });

  it('a text of printable ASCII is its own skeleton, at no cost', () => {
    const text = 'Order BK-20417, mail a@b.io';
    const plain = skeleton(text, { joinLines: false });
    expect(plain.text).toBe(text);
    expect(plain.original(6, 14)).toEqual({ start: 6, end: 14 });
  });

  it('compatibility forms expand only up to the longest message’s length', () => {
    expect(read('wait…', false)).toBe('wait...');
    const long = '\ufdfa'.repeat(MAX_CONTENT_LENGTH);
    expect(read(long).length).toBeLessThanOrEqual(2 * MAX_CONTENT_LENGTH);
    expect(read(long).startsWith('\u0635\u0644\u0649 ')).toBe(true);
  });
});

describe('a skeleton span maps back to the original characters', () => {
  /** Words as written (disguised) and as read, joined by a space: each read word's span must map back to exactly its written word. */
  const words: [written: string, read: string][] = [
    ['Hi\u200b', 'Hi'],
    ['ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'john@example.com'],
    ['c\u0430s\u200bino', 'casino'],
    ['ca\u0301si\u0308no', 'casino'],
    ['𝐜𝐚𝐬𝐢𝐧𝐨', 'casino'],
    ['٤١١١\u200b١١١١', '41111111'],
    ['ﬁne', 'fine'],
    ['wait…', 'wait...'],
    ['😀👍🏽', '😀👍🏽'],
    ['\u0399gn\u03bfre', 'Ignore'],
    ['Привет', 'Привет'],
  ];
  const written = words.map(([word]) => word).join(' ');
  const sk = skeleton(written, { joinLines: false });

  it('each word', () => {
    expect(sk.text).toBe(words.map(([, word]) => word).join(' '));
    let at = 0;
    let from = 0;
    for (const [word, shown] of words) {
      const { start, end } = sk.original(at, at + shown.length);
      expect(written.slice(start, end), shown).toBe(word);
      expect(start, shown).toBe(from);
      at += shown.length + 1;
      from += word.length + 1;
    }
  });

  it('a span inside a word covers the characters it was read from, invisible ones between them included', () => {
    const casino = sk.text.indexOf('casino');
    const { start, end } = sk.original(casino + 1, casino + 4);
    expect(written.slice(start, end)).toBe('\u0430s\u200bi');
    const digits = sk.text.indexOf('41111111');
    const span = sk.original(digits + 3, digits + 5);
    expect(written.slice(span.start, span.end)).toBe('١\u200b١');
  });

  it('an empty span maps to a position, the end of the text after its last character', () => {
    const casino = sk.text.indexOf('casino');
    expect(sk.original(casino, casino)).toEqual({ start: written.indexOf('c\u0430s'), end: written.indexOf('c\u0430s') });
    expect(sk.original(sk.text.length, sk.text.length)).toEqual({ start: written.length, end: written.length });
  });

  it('spans stay in order and never overlap, whatever mix of characters (seeded samples)', () => {
    const palette = [
      'a',
      'Z',
      ' ',
      '\n',
      '\u200b',
      '\u00ad',
      '\u0301',
      '\u0430',
      '\u03bf',
      'ｘ',
      '４',
      '٤',
      '𝐱',
      '…',
      'ﬁ',
      '😀',
      '\ufe0f',
      '-',
      '\u2013',
      '\u3000',
      'й',
      '가',
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    for (let sample = 0; sample < 300; sample++) {
      const text = Array.from({ length: 1 + (next() % 30) }, () => palette[next() % palette.length]).join('');
      for (const joinLines of [true, false]) {
        const sk = skeleton(text, { joinLines });
        let last = { start: -1, end: 0 };
        for (let unit = 0; unit < sk.text.length; unit++) {
          const span = sk.original(unit, unit + 1);
          expect(span.start, JSON.stringify(text)).toBeLessThan(span.end);
          expect(span.end).toBeLessThanOrEqual(text.length);
          // The same piece (a character folded to several) or the next one.
          expect(span.start === last.start ? span.end === last.end : span.start >= last.end, JSON.stringify(text)).toBe(true);
          last = span;
        }
        expect(sk.original(0, sk.text.length).end).toBeLessThanOrEqual(text.length);
      }
    }
  });
});

describe('visibleText', () => {
  it('drops what draws nothing and composes accents, nothing else', () => {
    expect(visibleText('co\u200bn\u0303o ＩＧ Cафе')).toBe('coño ＩＧ Cафе');
    expect(visibleText('plain text')).toBe('plain text');
  });
});
