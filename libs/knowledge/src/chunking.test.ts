import { beforeAll, describe, expect, it } from 'vitest';
import { projectDoc, words } from '../test-fixtures/build-documents.js';
import { type Chunk, chunkDocument } from './chunking.js';
import type { ParsedDocument } from './document.js';
import { parseDocument } from './parsing.js';

/** The chunks of each section, by the section's index. */
function bySection(document: ParsedDocument, chunks: Chunk[]): Chunk[][] {
  const groups: Chunk[][] = document.sections.map(() => []);
  let section = 0;
  for (const chunk of chunks) {
    while (section < document.sections.length && !words(document.sections[section]?.text ?? '').includes(words(chunk.text))) section++;
    groups[section]?.push(chunk);
  }
  return groups;
}

describe('chunkDocument: docs/management-api.md', () => {
  let document: ParsedDocument;
  let chunks: Chunk[];
  beforeAll(async () => {
    document = await parseDocument({ bytes: projectDoc('management-api.md'), mediaType: 'text/markdown' });
    chunks = chunkDocument(document);
  });

  it('numbers the chunks from 0 in document order, none over 1,200 characters and none empty', () => {
    expect(chunks.length).toBeGreaterThan(50);
    expect(chunks.map((chunk) => chunk.position)).toEqual(chunks.map((_, index) => index));
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(1_200);
      expect(chunk.text.trim()).toBe(chunk.text);
      expect(chunk.text).not.toBe('');
    }
    // Full chunks: most hold more than half of what they may.
    expect(chunks.filter((chunk) => chunk.text.length > 600).length).toBeGreaterThan(chunks.length / 2);
  });

  it('keeps every chunk inside one section, under its heading, and a short section its own chunk', () => {
    const groups = bySection(document, chunks);
    expect(groups.flat()).toHaveLength(chunks.length);
    groups.forEach((group, index) => {
      const section = document.sections[index];
      expect(group.length, section?.heading).toBeGreaterThan(0);
      for (const chunk of group) expect(chunk.heading).toBe(section?.heading);
      if ((section?.text.length ?? 0) <= 1_200) expect(group.map((chunk) => chunk.text)).toEqual([section?.text]);
    });
  });

  it('covers every word of every section', () => {
    const groups = bySection(document, chunks);
    groups.forEach((group, index) => {
      const sectionWords = words(document.sections[index]?.text ?? '').split(' ');
      const chunkWords = new Set(group.flatMap((chunk) => words(chunk.text).split(' ')));
      expect(sectionWords.filter((word) => !chunkWords.has(word))).toEqual([]);
    });
  });

  it('is the same every time', async () => {
    const again = await parseDocument({ bytes: projectDoc('management-api.md'), mediaType: 'text/markdown' });
    expect(chunkDocument(again)).toEqual(chunks);
  });
});

describe('chunkDocument: where it cuts', () => {
  const paragraph = (n: number) => `Paragraph ${n} has a few words. It says something about opening hours number ${n}.`;

  it('cuts between paragraphs, and starts each later chunk of a section with the end of the one before', () => {
    const text = Array.from({ length: 6 }, (_, index) => paragraph(index + 1)).join('\n\n');
    const chunks = chunkDocument({ sections: [{ heading: 'Hours', text }] }, { maxChars: 200, overlapChars: 60 });
    expect(chunks.map((chunk) => chunk.text)).toEqual([
      `${paragraph(1)}\n\n${paragraph(2)}`,
      `It says something about opening hours number 2.\n\n${paragraph(3)}`,
      `It says something about opening hours number 3.\n\n${paragraph(4)}`,
      `It says something about opening hours number 4.\n\n${paragraph(5)}`,
      `It says something about opening hours number 5.\n\n${paragraph(6)}`,
    ]);
    expect(chunks.every((chunk) => chunk.heading === 'Hours')).toBe(true);
  });

  it('cuts a paragraph too long for a chunk between sentences, a sentence too long between words, a word too long where it must', () => {
    const sentences = Array.from({ length: 8 }, (_, index) => `Sentence number ${index + 1} is here.`).join(' ');
    const sentenceChunks = chunkDocument({ sections: [{ text: sentences }] }, { maxChars: 80, overlapChars: 0 });
    expect(sentenceChunks.map((chunk) => chunk.text)).toEqual([
      'Sentence number 1 is here. Sentence number 2 is here. Sentence number 3 is here.',
      'Sentence number 4 is here. Sentence number 5 is here. Sentence number 6 is here.',
      'Sentence number 7 is here. Sentence number 8 is here.',
    ]);

    const longSentence = `${'word '.repeat(30).trim()}.`;
    const wordChunks = chunkDocument({ sections: [{ text: longSentence }] }, { maxChars: 50, overlapChars: 0 });
    expect(wordChunks.every((chunk) => chunk.text.length <= 50 && /^word( word)*\.?$/.test(chunk.text))).toBe(true);
    expect(words(wordChunks.map((chunk) => chunk.text).join(' '))).toBe(longSentence);

    const key = 'x'.repeat(130);
    expect(chunkDocument({ sections: [{ text: key }] }, { maxChars: 50 }).map((chunk) => chunk.text.length)).toEqual([50, 50, 30]);
  });

  it('never carries text or overlap from one section into the next, however small', () => {
    const chunks = chunkDocument({
      sections: [
        { heading: 'Long', text: Array.from({ length: 5 }, (_, index) => paragraph(index + 1)).join('\n\n') },
        { heading: 'Tiny', text: 'Closed on Sundays.' },
        { heading: 'Also tiny', text: 'Call us.', page: 3 },
      ],
    });
    expect(chunks.slice(-2)).toEqual([
      { position: 1, heading: 'Tiny', text: 'Closed on Sundays.' },
      { position: 2, heading: 'Also tiny', text: 'Call us.', page: 3 },
    ]);
  });
});
