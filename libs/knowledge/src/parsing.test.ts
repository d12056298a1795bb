import { describe, expect, it } from 'vitest';
import { docxOf, pdfOf, projectDoc } from '../test-fixtures/build-documents.js';
import { DocumentUnreadable } from './document.js';
import { DOCUMENT_MEDIA_TYPES, DOCX_MEDIA_TYPE, mediaTypeOf, parseDocument } from './parsing.js';

const text = (value: string) => new TextEncoder().encode(value);

async function refusal(input: Parameters<typeof parseDocument>[0]): Promise<string> {
  const error = await parseDocument(input).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(DocumentUnreadable);
  return (error as Error).message;
}

describe('mediaTypeOf', () => {
  it('tells PDF and DOCX by their bytes, whatever the name says', async () => {
    const { bytes: pdf } = await pdfOf([{ heading: 'Hours', text: 'Open at nine.' }]);
    const docx = await docxOf([{ heading: 'Hours', text: 'Open at nine.' }]);
    expect(mediaTypeOf('notes.txt', pdf)).toBe('application/pdf');
    expect(mediaTypeOf(undefined, docx)).toBe(DOCX_MEDIA_TYPE);
    expect(mediaTypeOf('report.pdf', docx)).toBe(DOCX_MEDIA_TYPE);
  });

  it('else goes by the extension, any case; undefined when neither tells', () => {
    const plain = text('hello');
    expect(mediaTypeOf('README.MD', plain)).toBe('text/markdown');
    expect(mediaTypeOf('notes.markdown', plain)).toBe('text/markdown');
    expect(mediaTypeOf('notes.txt', plain)).toBe('text/plain');
    expect(mediaTypeOf('page.htm', plain)).toBe('text/html');
    expect(mediaTypeOf('page.html', plain)).toBe('text/html');
    expect(mediaTypeOf('old.doc', plain)).toBeUndefined();
    expect(mediaTypeOf('no-extension', plain)).toBeUndefined();
    expect(mediaTypeOf(undefined, plain)).toBeUndefined();
    // A ZIP archive that is not a Word document (no word/document.xml) is not a DOCX.
    expect(mediaTypeOf('book.epub', new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(30).fill(0)]))).toBeUndefined();
  });
});

describe('parseDocument', () => {
  it('reads every media type the API takes', async () => {
    const pdf = await pdfOf([{ heading: 'Hours', text: 'Open at nine.' }]);
    const inputs: Record<(typeof DOCUMENT_MEDIA_TYPES)[number], Uint8Array> = {
      'text/plain': text('Open at nine.'),
      'text/markdown': text('# Hours\n\nOpen at nine.'),
      'text/html': text('<h1>Hours</h1><p>Open at nine.</p>'),
      'application/pdf': pdf.bytes,
      [DOCX_MEDIA_TYPE]: await docxOf([{ heading: 'Hours', text: 'Open at nine.' }]),
    };
    for (const mediaType of DOCUMENT_MEDIA_TYPES) {
      const document = await parseDocument({ bytes: inputs[mediaType], mediaType });
      expect(document.sections.at(-1)?.text, mediaType).toBe('Open at nine.');
    }
  });

  it('reads plain text as one section without a heading, its paragraphs kept', async () => {
    const document = await parseDocument({ bytes: text('First paragraph.\r\nStill first.\r\n\r\n\r\n\r\nSecond.  \n'), mediaType: 'text/plain' });
    expect(document).toEqual({ sections: [{ heading: undefined, text: 'First paragraph.\nStill first.\n\nSecond.' }] });
  });

  it("honours a media type's parameters and other names, a charset and a byte-order mark", async () => {
    const markdown = await parseDocument({ bytes: projectDoc('mcp.md'), mediaType: 'Text/X-Markdown; charset=UTF-8' });
    expect(markdown.title).toBe('MCP');
    const latin1 = await parseDocument({ bytes: new Uint8Array([0x63, 0x61, 0x66, 0xe9]), mediaType: 'text/plain; charset=iso-8859-1' });
    expect(latin1.sections[0]?.text).toBe('café');
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from('Hé', (char) => [char.charCodeAt(0), 0]).flat()]);
    expect((await parseDocument({ bytes: utf16, mediaType: 'text/plain' })).sections[0]?.text).toBe('Hé');
    const xhtml = await parseDocument({ bytes: text('<h2>Hours</h2><p>Nine.</p>'), mediaType: 'application/xhtml+xml' });
    expect(xhtml.sections).toEqual([{ heading: 'Hours', text: 'Nine.' }]);
  });

  it('refuses what it cannot read with words for the person who uploaded it', async () => {
    expect(await refusal({ bytes: text('x'), mediaType: 'image/png' })).toBe(
      "Documents of type image/png can't be read: upload text, Markdown, HTML, PDF or DOCX.",
    );
    expect(await refusal({ bytes: text(' \n\n\t'), mediaType: 'text/plain' })).toBe('The document has no text to read.');
    expect(await refusal({ bytes: text('<html><script>x()</script></html>'), mediaType: 'text/html' })).toBe('The document has no text to read.');
    expect(await refusal({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]), mediaType: 'text/plain' })).toMatch(/^The file is not text/);
    expect(await refusal({ bytes: new Uint8Array(11), mediaType: 'text/markdown', limits: { maxBytes: 10 } })).toMatch(
      /^The file is larger than a document may be/,
    );
    expect(await refusal({ bytes: text('a'.repeat(50)), mediaType: 'text/plain', limits: { maxTextChars: 20 } })).toBe(
      'The document has more text than a document may hold (20 characters).',
    );
  });

  it('throws nothing but DocumentUnreadable for any bytes, whatever type they are said to be', async () => {
    const { bytes: pdf } = await pdfOf([{ heading: 'Hours', text: 'Open at nine.' }]);
    const docx = await docxOf([{ heading: 'Hours', text: 'Open at nine.' }]);
    // Deterministic garbage: the same bytes every run.
    let seed = 7;
    const noise = Uint8Array.from({ length: 4096 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed & 0xff;
    });
    const damaged = (bytes: Uint8Array) => Uint8Array.from(bytes, (byte, index) => (index > 200 && index % 97 === 0 ? byte ^ 0xff : byte));
    for (const bytes of [noise, damaged(pdf), damaged(docx), pdf.subarray(0, 300), docx.subarray(0, 300), new Uint8Array()]) {
      for (const mediaType of DOCUMENT_MEDIA_TYPES) {
        const outcome = await parseDocument({ bytes, mediaType }).catch((caught: unknown) => caught);
        if (outcome instanceof Error) expect(outcome, `${mediaType}: ${outcome.message}`).toBeInstanceOf(DocumentUnreadable);
      }
    }
  });
});
