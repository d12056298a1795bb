import { DocumentUnreadable } from '@parley/knowledge';
import { passwordProtectedPdf, pdfOf, words } from '@parley/knowledge/test-fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentReader } from './document-reader.js';

const own = (bytes: Uint8Array) => new Uint8Array(bytes).buffer as ArrayBuffer;

describe('reading documents on a thread of their own', () => {
  let reader: DocumentReader;
  afterEach(async () => {
    await reader?.stop();
  });

  it('reads a PDF and Markdown into chunks with their headings, one after the other on the same thread', async () => {
    reader = new DocumentReader();
    const { bytes } = await pdfOf([
      { heading: 'Returns', text: 'A bike can be returned within 30 days of purchase, with its receipt.' },
      { heading: 'Repairs', text: 'Repairs take two working days; we call when the bike is ready.' },
    ]);
    const pdf = await reader.read({ bytes: own(bytes), mediaType: 'application/pdf' }, new AbortController().signal);
    expect(pdf.map((chunk) => words(chunk.text)).join(' ')).toContain('returned within 30 days of purchase');
    expect(pdf.map((chunk) => chunk.heading)).toEqual(expect.arrayContaining(['Returns', 'Repairs']));

    const markdown = await reader.read(
      { bytes: own(new TextEncoder().encode('# Opening hours\n\nMonday to Friday, 8 to 18.')), mediaType: 'text/markdown' },
      new AbortController().signal,
    );
    expect(markdown).toEqual([expect.objectContaining({ heading: 'Opening hours', text: expect.stringContaining('Monday to Friday') })]);
  });

  it('fails a document it cannot read with the reason for the person who added it, and reads the next one', async () => {
    reader = new DocumentReader();
    const never = new AbortController().signal;
    await expect(reader.read({ bytes: own(await passwordProtectedPdf()), mediaType: 'application/pdf' }, never)).rejects.toBeInstanceOf(DocumentUnreadable);
    await expect(reader.read({ bytes: own(new Uint8Array([1, 2, 3])), mediaType: 'image/png' }, never)).rejects.toThrow(/can't be read/);
    expect(await reader.read({ bytes: own(new TextEncoder().encode('Still reading.')), mediaType: 'text/plain' }, never)).toHaveLength(1);
  });

  it('gives a read up when the worker stops, and reads nothing once stopped', async () => {
    reader = new DocumentReader();
    const stopping = new AbortController();
    const { bytes } = await pdfOf(
      Array.from({ length: 200 }, (_, i) => ({ heading: `Part ${i}`, text: 'Every part of the manual says the same thing at length. '.repeat(20) })),
    );
    const reading = reader.read({ bytes: own(bytes), mediaType: 'application/pdf' }, stopping.signal);
    stopping.abort(new Error('stopping'));
    await expect(reading).rejects.toThrow('stopping');
    await reader.stop();
    await expect(reader.read({ bytes: own(new TextEncoder().encode('Too late.')), mediaType: 'text/plain' }, new AbortController().signal)).rejects.toThrow(
      /stopped/,
    );
  });
});
