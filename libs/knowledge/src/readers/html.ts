import { compile, type FormatCallback } from 'html-to-text';
import { headingText, type ParsedDocument, type ReadLimits, SectionCollector } from '../document.js';

// Private-use characters mark a heading's and the title's line in html-to-text's output: none is
// left in the input, so no text of the page can pass for one.
const HEADING_MARK = '\uE000';
const TITLE_MARK = '\uE001';
const MARKS = /[\uE000\uE001]/g;

/** A block on a line of its own, starting with `mark` and 1 for an h1 (else 0): the element's text however it was broken. */
const markedLine =
  (mark: string): FormatCallback =>
  (element, walk, builder) => {
    builder.openBlock({ leadingLineBreaks: 2 });
    walk(element.children, builder);
    builder.closeBlock({ trailingLineBreaks: 2, blockTransform: (text) => `${mark}${element.name === 'h1' ? '1' : '0'}${headingText(text)}` });
  };

/** Not the page's text: what it runs, how it looks, how to move around the site. */
const DROPPED = ['script', 'style', 'noscript', 'template', 'nav', 'svg', 'iframe', 'object', 'button', 'select', 'img', 'hr'];

function converter() {
  return compile({
    wordwrap: false,
    // The whole document, head included: its <title> is read (the rest of the head has no text).
    baseElements: { selectors: [], returnDomByDefault: true },
    // The size is bounded before (parseDocument's limits): html-to-text would cut a longer input short.
    limits: { maxInputLength: Number.MAX_SAFE_INTEGER },
    formatters: { sectionHeading: markedLine(HEADING_MARK), documentTitle: markedLine(TITLE_MARK) },
    selectors: [
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, format: 'sectionHeading' })),
      { selector: 'title', format: 'documentTitle' },
      ...DROPPED.map((selector) => ({ selector, format: 'skip' })),
      // A link is its text: the URL is noise for search.
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'ul', options: { itemPrefix: '- ' } },
      // Tables read row by row, a cell after another: layout tables and data tables alike.
      { selector: 'table', format: 'block' },
      { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      { selector: 'td', format: 'inlineSurround', options: { suffix: ' ' } },
      { selector: 'th', format: 'inlineSurround', options: { suffix: ' ' } },
    ],
  });
}

let convert: ((html: string) => string) | undefined;

/**
 * HTML (and DOCX, read as HTML): h1–h6 start sections, `<title>` is the title (else the first h1);
 * scripts, styles, navigation and images are left out, and a link is its text.
 */
export function readHtml(html: string, limits: ReadLimits): ParsedDocument {
  // Compiled once: compiling the selectors costs more than converting a page.
  convert ??= converter();
  const text = convert(html.replace(MARKS, ''));
  const collector = new SectionCollector(limits.maxTextChars);
  let title: string | undefined;
  let firstH1: string | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith(TITLE_MARK)) {
      title ??= line.slice(2) || undefined;
    } else if (line.startsWith(HEADING_MARK)) {
      const heading = line.slice(2);
      if (heading === '') continue;
      if (line.charAt(1) === '1') firstH1 ??= heading;
      collector.startSection(heading);
    } else collector.addLine(line);
  }
  return { title: title ?? firstH1, sections: collector.finish() };
}
