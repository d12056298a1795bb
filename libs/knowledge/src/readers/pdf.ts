import type { getDocumentProxy } from 'unpdf';
import { DocumentUnreadable, headingText, type ParsedDocument, type ReadLimits, SectionCollector } from '../document.js';

/** A line of a page as it is printed: its text, its font size, and whether a gap above starts a paragraph. */
interface PdfLine {
  text: string;
  size: number;
  page: number;
  paragraphStart: boolean;
}

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/** PDF.js, loaded with the first PDF read: a process that never reads one (the memory service's main thread, the gateway) does not carry it. */
const pdfJs = () => import('unpdf');
type TextContent = Awaited<ReturnType<Awaited<ReturnType<PdfDocument['getPage']>>['getTextContent']>>;

// Lines further apart than this many times their font size have a paragraph between them (text
// is set at 1.2 to 1.4 times its size).
const PARAGRAPH_GAP = 1.6;
// A line printed this much larger than the body text is a heading.
const HEADING_SCALE = 1.15;
const MAX_HEADING_CHARS = 200;
const PAGE_NUMBER = /^\s*(?:page\s+)?\d+(?:\s*(?:of|\/)\s*\d+)?\s*$/i;

/** The lines of one page, in the order the PDF gives its text; page numbers at its top or bottom left out. */
function pageLines(content: TextContent, page: number): PdfLine[] {
  const lines: PdfLine[] = [];
  let parts: string[] = [];
  let size = 0;
  let y: number | undefined;
  let previous: { y: number; size: number } | undefined;
  const endLine = () => {
    const text = parts.join('').replace(/\s+/g, ' ').trim();
    if (text !== '' && y !== undefined) {
      const gap = previous ? previous.y - y : 0;
      // A line above the last one (a new column) starts a paragraph too.
      const paragraphStart = !previous || gap < 0 || gap > PARAGRAPH_GAP * Math.max(size, previous.size);
      lines.push({ text, size, page, paragraphStart });
      previous = { y, size };
    }
    parts = [];
    size = 0;
    y = undefined;
  };
  for (const item of content.items) {
    if (!('str' in item)) continue;
    const itemSize = Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0);
    const itemY = item.transform[5] ?? 0;
    if (item.str.trim() !== '') {
      if (y !== undefined && Math.abs(itemY - y) > Math.max(size, itemSize) / 2) endLine();
      y ??= itemY;
      size = Math.max(size, itemSize);
    }
    parts.push(item.str);
    if (item.hasEOL) endLine();
  }
  endLine();
  if (lines.length > 0 && PAGE_NUMBER.test(lines.at(-1)?.text ?? '')) lines.pop();
  if (lines.length > 0 && PAGE_NUMBER.test(lines[0]?.text ?? '')) lines.shift();
  return lines;
}

/** The font size most of the text is set in, counted by characters. */
function bodySize(lines: PdfLine[]): number {
  const chars = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.size * 2) / 2;
    chars.set(size, (chars.get(size) ?? 0) + line.text.length);
  }
  let body = 0;
  let most = -1;
  for (const [size, count] of chars) {
    if (count > most) [body, most] = [size, count];
  }
  return body;
}

/** Headings in a PDF are not marked: a short line set larger than the body text is taken for one; a heading over two lines is one heading. */
function headingsOf(lines: PdfLine[]): Map<number, string> {
  const threshold = bodySize(lines) * HEADING_SCALE;
  const headings = new Map<number, string>();
  let open: { index: number; size: number; page: number } | undefined;
  lines.forEach((line, index) => {
    const isHeading = line.size >= threshold && line.text.length <= MAX_HEADING_CHARS && /\p{L}/u.test(line.text);
    if (!isHeading) {
      open = undefined;
      return;
    }
    const continues = open && !line.paragraphStart && line.page === open.page && Math.abs(line.size - open.size) < 0.5;
    if (open && continues) {
      headings.set(open.index, headingText(`${headings.get(open.index) ?? ''} ${line.text}`));
      headings.set(index, '');
    } else {
      open = { index, size: line.size, page: line.page };
      headings.set(index, line.text);
    }
  });
  return headings;
}

async function unreadable(error: unknown): Promise<DocumentUnreadable> {
  if (error instanceof DocumentUnreadable) return error;
  const { PasswordException } = await (await pdfJs()).getResolvedPDFJS();
  if (error instanceof PasswordException) return new DocumentUnreadable('The PDF is password-protected: upload a copy without a password.');
  return new DocumentUnreadable('The file is not a PDF that can be read: it may be damaged.');
}

/** The title the PDF's metadata gives, if any. */
async function metadataTitle(pdf: PdfDocument): Promise<string | undefined> {
  const { info } = await pdf.getMetadata();
  const title = info && typeof info === 'object' && 'Title' in info ? info.Title : undefined;
  return typeof title === 'string' && title.trim() !== '' ? headingText(title) : undefined;
}

// PDF.js keeps what it parsed of each page it read until told to let go: it is told every this
// many pages, so a long PDF holds that many pages' worth at most besides its text.
const PAGES_BETWEEN_CLEANUPS = 50;

/** Every line of every page, the page count and the metadata's title; stops as soon as there is more text than the limit. */
async function readLines(bytes: Uint8Array, limits: ReadLimits): Promise<{ lines: PdfLine[]; pages: number; title: string | undefined }> {
  // A plain Uint8Array copy: PDF.js takes over the buffer it is given, and refuses a Node Buffer.
  const pdf = await (await pdfJs()).getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, stopAtErrors: false });
  try {
    const lines: PdfLine[] = [];
    let chars = 0;
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      for (const line of pageLines(await page.getTextContent(), number)) {
        chars += line.text.length + 1;
        if (chars > limits.maxTextChars) throw new DocumentUnreadable(`The PDF has more text than a document may hold (${limits.maxTextChars} characters).`);
        lines.push(line);
      }
      page.cleanup();
      if (number % PAGES_BETWEEN_CLEANUPS === 0) await pdf.cleanup();
    }
    return { lines, pages: pdf.numPages, title: await metadataTitle(pdf) };
  } finally {
    await pdf.loadingTask.destroy();
  }
}

/**
 * PDF, through unpdf (PDF.js): the text of each page, page by page. Headings are not marked in a
 * PDF: lines set larger than the body text start sections; text outside any is a section per
 * page, headed "Page N".
 */
export async function readPdf(bytes: Uint8Array, limits: ReadLimits): Promise<ParsedDocument> {
  try {
    const { lines, pages, title } = await readLines(bytes, limits);
    if (lines.length === 0) throw new DocumentUnreadable('The PDF has no text to read: it may be scanned pages, whose text is not recognised.');

    const headings = headingsOf(lines);
    const collector = new SectionCollector(limits.maxTextChars);
    let underHeading = false;
    let page = 0;
    let firstHeading: string | undefined;
    lines.forEach((line, index) => {
      const heading = headings.get(index);
      if (heading === '') return;
      if (heading !== undefined) {
        firstHeading ??= line.page === 1 ? heading : undefined;
        underHeading = true;
        page = line.page;
        collector.startSection(heading, line.page);
        return;
      }
      if (line.page !== page) {
        if (!underHeading) collector.startSection(`Page ${line.page}`, line.page);
        page = line.page;
        collector.addLine('');
      } else if (line.paragraphStart) collector.addLine('');
      collector.addLine(line.text);
    });
    return { title: title ?? firstHeading, pages, sections: collector.finish() };
  } catch (error) {
    throw await unreadable(error);
  }
}
