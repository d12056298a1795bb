import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { passwordProtectedPdf, pdfOf, projectDoc, type SourceSection, words } from '../../test-fixtures/build-documents.js';
import { chunkDocument } from '../chunking.js';
import { DocumentUnreadable, type ParsedDocument } from '../document.js';
import { parseDocument } from '../parsing.js';

const readPdf = (bytes: Uint8Array, limits?: { maxTextChars: number }) => parseDocument({ bytes, mediaType: 'application/pdf', limits });

let source: ParsedDocument;
beforeAll(async () => {
  source = await parseDocument({ bytes: projectDoc('escalation.md'), mediaType: 'text/markdown' });
});

describe('PDF: a document printed from docs/escalation.md', () => {
  let written: SourceSection[];
  let pages: number;
  let document: ParsedDocument;
  beforeAll(async () => {
    const pdf = await pdfOf(source.sections.slice(0, 5), { title: 'Escalation (printed)' });
    ({ written, pages } = pdf);
    document = await readPdf(pdf.bytes);
  });

  it('finds the headings by their size and reads the text under each, page numbers left out', () => {
    expect(pages).toBeGreaterThan(2);
    expect(document.pages).toBe(pages);
    expect(document.title).toBe('Escalation (printed)');
    expect(document.sections.map((section) => section.heading)).toEqual(written.map((section) => section.heading));
    expect(document.sections.map((section) => words(section.text))).toEqual(written.map((section) => words(section.text)));
  });

  it('reads the same from a Node Buffer, as files and fetched answers come', async () => {
    const { bytes } = await pdfOf(source.sections.slice(0, 2));
    const fromBuffer = await readPdf(Buffer.from(bytes));
    expect(fromBuffer).toEqual(await readPdf(bytes));
    expect(fromBuffer.sections).toHaveLength(2);
  });

  it('keeps the page each section starts on, and the paragraphs apart', () => {
    expect(document.sections[0]?.page).toBe(1);
    const pagesOfSections = document.sections.map((section) => section.page ?? 0);
    expect(pagesOfSections).toEqual([...pagesOfSections].sort((a, b) => a - b));
    expect(pagesOfSections.at(-1)).toBeGreaterThan(1);
    const paragraphs = (written[1]?.text ?? '').split('\n\n').length;
    expect(document.sections[1]?.text.split('\n\n')).toHaveLength(paragraphs);
  });

  it('is cut into chunks that carry their heading and page', () => {
    const chunks = chunkDocument(document);
    expect(chunks.map((chunk) => chunk.position)).toEqual(chunks.map((_, index) => index));
    expect(chunks.every((chunk) => chunk.text.length <= 1_200)).toBe(true);
    expect(new Set(chunks.map((chunk) => chunk.heading))).toEqual(new Set(written.map((section) => section.heading)));
    expect(chunks.at(-1)?.page).toBe(document.sections.at(-1)?.page);
  });
});

describe('PDF: without headings', () => {
  it('gives a section per page, headed "Page N", when no line stands out; the title from the metadata only', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (const text of ['First page of plain text.', 'Second page of plain text.']) pdf.addPage().drawText(text, { x: 50, y: 700, size: 12, font });
    const document = await readPdf(await pdf.save());
    expect(document).toEqual({
      title: undefined,
      pages: 2,
      sections: [
        { heading: 'Page 1', text: 'First page of plain text.', page: 1 },
        { heading: 'Page 2', text: 'Second page of plain text.', page: 2 },
      ],
    });
  });
});

describe('PDF: what cannot be read', () => {
  const refusal = async (bytes: Uint8Array) => {
    const error = await readPdf(bytes).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DocumentUnreadable);
    return (error as DocumentUnreadable).message;
  };

  it('a broken file: not a PDF that can be read', async () => {
    expect(await refusal(new TextEncoder().encode('%PDF-1.7\nthis is not a PDF at all\n%%EOF'))).toBe(
      'The file is not a PDF that can be read: it may be damaged.',
    );
    expect(await refusal(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]))).toMatch(/not a PDF that can be read/);
  });

  it('a password-protected file: says so', async () => {
    expect(await refusal(await passwordProtectedPdf())).toBe('The PDF is password-protected: upload a copy without a password.');
  });

  it('pages without text (scans): says no text was found', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    expect(await refusal(await pdf.save())).toMatch(/^The PDF has no text to read/);
  });

  it('more text than a document may hold: refused while reading, not after', async () => {
    const { bytes } = await pdfOf(source.sections.slice(0, 3));
    const error = await readPdf(bytes, { maxTextChars: 500 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DocumentUnreadable);
    expect((error as Error).message).toBe('The PDF has more text than a document may hold (500 characters).');
  });
});
