import { Document, Packer, Paragraph } from 'docx';
import { beforeAll, describe, expect, it } from 'vitest';
import { docxOf, projectDoc, words } from '../../test-fixtures/build-documents.js';
import { DocumentUnreadable, type ParsedDocument } from '../document.js';
import { DOCX_MEDIA_TYPE, parseDocument } from '../parsing.js';

const readDocx = (bytes: Uint8Array) => parseDocument({ bytes, mediaType: DOCX_MEDIA_TYPE });

describe('DOCX: a Word document written from docs/workflow.md', () => {
  let source: ParsedDocument;
  let document: ParsedDocument;
  beforeAll(async () => {
    source = await parseDocument({ bytes: projectDoc('workflow.md'), mediaType: 'text/markdown' });
    document = await readDocx(await docxOf(source.sections.slice(0, 6), { title: 'Workflows in Word' }));
  });

  it("takes Word's Title for the title and its headings for sections, with the text under each", () => {
    expect(document.title).toBe('Workflows in Word');
    const written = source.sections.slice(0, 6);
    expect(document.sections.map((section) => section.heading)).toEqual(written.map((section) => section.heading));
    expect(document.sections.map((section) => words(section.text))).toEqual(written.map((section) => words(section.text)));
    // Paragraphs stay apart: chunking cuts between them.
    expect(document.sections[1]?.text.split('\n\n').length).toBe(written[1]?.text.split('\n\n').length);
  });

  it('has no pages to count', () => {
    expect(document.pages).toBeUndefined();
  });
});

describe('DOCX: what cannot be read', () => {
  const refusal = async (bytes: Uint8Array) => {
    const error = await readDocx(bytes).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DocumentUnreadable);
    return (error as DocumentUnreadable).message;
  };

  it('a file that is no ZIP archive, or one cut short: not a Word document that can be read', async () => {
    expect(await refusal(new TextEncoder().encode('just some text'))).toMatch(/^The file is not a Word document \(DOCX\) that can be read/);
    const whole = await docxOf([{ heading: 'Hours', text: 'Open at nine.' }]);
    expect(await refusal(whole.subarray(0, Math.floor(whole.length / 2)))).toMatch(/^The file is not a Word document|could not be read/);
  });

  it('a document with no text: says so', async () => {
    const empty = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph({})] }] })));
    expect(await refusal(empty)).toBe('The document has no text to read.');
  });
});
