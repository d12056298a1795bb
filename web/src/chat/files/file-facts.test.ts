import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/translator';
import de from '../words/de';
import ar from '../words/ar';
import { en } from '../words/en';
import { refusal, sizeText, typeName } from './file-facts';

const english = translator(en, { lang: 'en' });
const german = translator(de, { lang: 'de' });
const arabic = translator(ar, { lang: 'ar' });
const limits = { max_bytes: 10 * 1024 * 1024, types: ['image/png', 'image/jpeg', 'application/pdf', 'text/plain'] };
const file = (name: string, type: string, bytes: number) => new File([new Uint8Array(bytes)], name, { type });
/** Without the marks that keep a file's name apart from the sentence around it. */
const readable = (text: string | undefined) => text?.replace(/[\u2068\u2069]/g, '');

describe('file facts as a visitor reads them', () => {
  it('names types as people know them', () => {
    expect(
      ['image/png', 'application/pdf', 'text/plain', 'audio/mpeg', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'].map(typeName),
    ).toEqual(['PNG', 'PDF', 'TXT', 'MP3', 'DOCX']);
  });

  it('writes sizes in kB and MB, as the locale writes numbers and units', () => {
    expect(sizeText(english, 66)).toBe('0.1 kB');
    expect(sizeText(english, 14_336)).toBe('14 kB');
    expect(sizeText(english, 10 * 1024 * 1024)).toBe('10 MB');
    expect(sizeText(german, 1.5 * 1024 * 1024)).toBe('1,5 MB');
  });

  it('refuses, before sending, a file larger than the link takes or of a type the browser names and the link does not take', () => {
    expect(readable(refusal(english, file('video.pdf', 'application/pdf', limits.max_bytes + 1), limits))).toBe(
      'video.pdf is too large: files can be up to 10 MB.',
    );
    expect(readable(refusal(english, file('page.html', 'text/html', 10), limits))).toBe(
      'page.html is not a type of file this chat accepts. It accepts PNG, JPEG, PDF, and TXT.',
    );
    expect(readable(refusal(german, file('seite.html', 'text/html', 10), limits))).toBe(
      'seite.html ist kein Dateityp, den dieser Chat annimmt. Möglich sind PNG, JPEG, PDF und TXT.',
    );
    // Exactly the limit passes; a type the browser cannot name is left to the platform, which reads the bytes.
    expect(refusal(english, file('scan.pdf', 'application/pdf', limits.max_bytes), limits)).toBeUndefined();
    expect(refusal(english, file('notes', '', 10), limits)).toBeUndefined();
  });

  it('keeps a Latin file name whole inside an Arabic sentence', () => {
    const said = refusal(arabic, file('receipt.pdf', 'application/pdf', limits.max_bytes + 1), limits) ?? '';
    expect(said).toContain('\u2068receipt.pdf\u2069');
    expect(said).toContain('كبير جدًا');
  });
});
