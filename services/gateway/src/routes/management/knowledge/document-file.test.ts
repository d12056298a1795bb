import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { DOCX, judgeKnowledgeFile, knowledgeFileType } from './document-file.js';

describe('the type a knowledge file is read as', () => {
  it('takes PDF and DOCX from the bytes, whatever the name says', () => {
    expect(knowledgeFileType('application/pdf', 'notes.txt')).toBe('application/pdf');
    expect(knowledgeFileType(DOCX, 'report')).toBe(DOCX);
    // An archive is a DOCX only when it is named one.
    expect(knowledgeFileType('application/zip', 'report.DOCX')).toBe(DOCX);
    expect(knowledgeFileType('application/zip', 'photos.zip')).toBeUndefined();
  });

  it('lets the name tell Markdown and HTML from plain text, and the bytes decide the rest', () => {
    expect(knowledgeFileType('text/plain', 'guide.md')).toBe('text/markdown');
    expect(knowledgeFileType('text/plain', 'guide.markdown')).toBe('text/markdown');
    // Markdown that opens with a comment or a tag is still Markdown.
    expect(knowledgeFileType('text/html', 'guide.md')).toBe('text/markdown');
    expect(knowledgeFileType('text/plain', 'page.HTM')).toBe('text/html');
    expect(knowledgeFileType('text/html', 'page.txt')).toBe('text/plain');
    expect(knowledgeFileType('text/html', 'export')).toBe('text/html');
    expect(knowledgeFileType('text/plain', 'faq.csv')).toBe('text/plain');
    expect(knowledgeFileType('application/xml', 'page.xhtml')).toBe('text/html');
  });

  it('refuses what no document is: images, SVG, XML, executables, unknown bytes', () => {
    for (const [sniffed, name] of [
      ['image/png', 'guide.md'],
      ['image/svg+xml', 'logo.svg'],
      ['application/xml', 'feed.xml'],
      ['application/x-msdownload', 'setup.pdf'],
      [undefined, 'guide.md'],
    ] as const) {
      expect(knowledgeFileType(sniffed, name), `${sniffed} ${name}`).toBeUndefined();
    }
  });
});

describe('judging a knowledge file as it streams', () => {
  it('gives back the whole file after reading its head', async () => {
    const body = `# Returns\n\n${'Bikes may be returned within 30 days. '.repeat(400)}`;
    const judged = await judgeKnowledgeFile(Readable.from([Buffer.from(body.slice(0, 3000)), Buffer.from(body.slice(3000))]), 'returns.md');
    expect(judged.type).toBe('text/markdown');
    expect(await text(judged.body)).toBe(body);
  });

  it('refuses an empty file with 400 and a binary it cannot read with 415, naming the type', async () => {
    await expect(judgeKnowledgeFile(Readable.from([]), 'empty.md')).rejects.toMatchObject({ code: 'invalid', message: 'the file is empty' });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    await expect(judgeKnowledgeFile(Readable.from([png]), 'picture.md')).rejects.toMatchObject({
      code: 'unsupported_media_type',
      details: { type: 'image/png' },
    });
  });
});
