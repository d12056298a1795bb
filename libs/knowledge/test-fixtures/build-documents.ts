import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { PDFDocument, type PDFFont, PDFHexString, PDFName, StandardFonts } from 'pdf-lib';

/** A section to write into a test document: its heading (if any) and its paragraphs, parted by blank lines. */
export interface SourceSection {
  heading?: string | undefined;
  text: string;
}

/** One of the project's own docs, as bytes. */
export function projectDoc(name: string): Buffer {
  return readFileSync(new URL(`../../../docs/${name}`, import.meta.url));
}

/** The project's own documentation, every docs/*.md file by name: a corpus of real Markdown to ingest and ask about. */
export async function docsCorpus(): Promise<{ name: string; text: string }[]> {
  const dir = new URL('../../../docs/', import.meta.url);
  const names = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(new URL(name, dir), 'utf8') })));
}

/** Words compared without the whitespace around them: PDFs and Word documents lay text out anew. */
export function words(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** The standard PDF fonts have WinAnsi characters only: others are written as `?`. */
export function winAnsi(text: string, font: { getCharacterSet(): number[] }): string {
  const known = new Set(font.getCharacterSet());
  return Array.from(text, (char) => (char === '\n' || known.has(char.codePointAt(0) ?? 0) ? char : '?')).join('');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
}

const PAGE = { width: 595, height: 842, margin: 56 };
const BODY_SIZE = 10.5;
const HEADING_SIZE = 16;

/**
 * A PDF as a word processor would print the sections: headings larger and bold, paragraphs set
 * apart by space, page numbers at the foot of each page. Text the fonts cannot write is `?`
 * (`winAnsi`); what it wrote is returned beside the bytes.
 */
export async function pdfOf(
  sections: SourceSection[],
  options: { title?: string } = {},
): Promise<{ bytes: Uint8Array; written: SourceSection[]; pages: number }> {
  const pdf = await PDFDocument.create();
  if (options.title) pdf.setTitle(options.title);
  const body = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const width = PAGE.width - 2 * PAGE.margin;
  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const drawLine = (text: string, font: PDFFont, size: number, spaceBefore: number) => {
    if (y - spaceBefore - size < PAGE.margin) {
      page = pdf.addPage([PAGE.width, PAGE.height]);
      y = PAGE.height - PAGE.margin;
    } else y -= spaceBefore;
    y -= size * 1.3;
    page.drawText(text, { x: PAGE.margin, y, size, font });
  };
  const written = sections.map((section) => {
    const heading = section.heading === undefined ? undefined : winAnsi(section.heading, bold);
    const text = winAnsi(section.text, body);
    if (heading !== undefined) for (const line of wrap(heading, bold, HEADING_SIZE, width)) drawLine(line, bold, HEADING_SIZE, HEADING_SIZE);
    text.split(/\n\s*\n/).forEach((paragraph, index) => {
      wrap(paragraph, body, BODY_SIZE, width).forEach((line, lineIndex) => {
        drawLine(line, body, BODY_SIZE, lineIndex === 0 && index > 0 ? BODY_SIZE : 0);
      });
    });
    return { heading, text };
  });
  pdf.getPages().forEach((each, index) => {
    each.drawText(String(index + 1), { x: PAGE.width / 2, y: PAGE.margin / 2, size: 9, font: body });
  });
  return { bytes: await pdf.save(), written, pages: pdf.getPageCount() };
}

/** A PDF that asks for a password: an encryption dictionary whose user key no empty password opens. */
export async function passwordProtectedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage().drawText('Secret', { x: 50, y: 700, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  const encrypt = pdf.context.obj({ Filter: 'Standard', V: 1, R: 2, P: -4 });
  encrypt.set(PDFName.of('O'), PDFHexString.of('11'.repeat(32)));
  encrypt.set(PDFName.of('U'), PDFHexString.of('22'.repeat(32)));
  pdf.context.trailerInfo.Encrypt = pdf.context.register(encrypt);
  pdf.context.trailerInfo.ID = pdf.context.obj([PDFHexString.of('ab'.repeat(16)), PDFHexString.of('ab'.repeat(16))]);
  return pdf.save({ useObjectStreams: false });
}

/** A Word document with Word's own styles: the title in Title, the first heading Heading 1, the others Heading 2. */
export async function docxOf(sections: SourceSection[], options: { title?: string } = {}): Promise<Uint8Array> {
  const children: Paragraph[] = [];
  if (options.title) children.push(new Paragraph({ text: options.title, heading: HeadingLevel.TITLE }));
  sections.forEach((section, index) => {
    if (section.heading !== undefined)
      children.push(new Paragraph({ text: section.heading, heading: index === 0 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 }));
    for (const paragraph of section.text.split(/\n\s*\n/)) children.push(new Paragraph({ text: paragraph.replace(/\s*\n\s*/g, ' ') }));
  });
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}
