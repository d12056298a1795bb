import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './download.js';

describe('the Content-Disposition of a download', () => {
  it('gives an ASCII name and the UTF-8 one', () => {
    expect(attachmentDisposition('Rechnung März.pdf')).toBe(`attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`);
    expect(attachmentDisposition('a "quoted"; name.txt')).toBe(`attachment; filename="a _quoted__ name.txt"; filename*=UTF-8''a%20%22quoted%22%3B%20name.txt`);
  });

  it('cuts a long ASCII name before its extension, never the extension itself', () => {
    const name = `${'x'.repeat(146)}.bat.txt`;
    const plain = /filename="([^"]*)"/.exec(attachmentDisposition(name))?.[1] ?? '';
    expect(plain).toHaveLength(150);
    expect(plain.endsWith('x.txt')).toBe(true);
  });
});
