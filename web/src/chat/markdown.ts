import { Marked } from 'marked';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The elements a reply may become, each with the one attribute it may keep. */
const ALLOWED: Record<string, string | undefined> = {
  p: undefined,
  br: undefined,
  strong: undefined,
  em: undefined,
  del: undefined,
  code: undefined,
  pre: undefined,
  blockquote: undefined,
  ul: undefined,
  ol: 'start',
  li: undefined,
  a: 'href',
  h1: undefined,
  h2: undefined,
  h3: undefined,
  h4: undefined,
  h5: undefined,
  h6: undefined,
  hr: undefined,
  // GitHub-flavoured tables, each cell with its column's alignment.
  table: undefined,
  thead: undefined,
  tbody: undefined,
  tr: undefined,
  th: 'align',
  td: 'align',
};

/** Links to pages, mail and phones only: never `javascript:` or `data:`. */
const LINKABLE = ['http:', 'https:', 'mailto:', 'tel:'];
const ALIGNMENTS = ['left', 'center', 'right'];

function safeHref(value: string): string | undefined {
  try {
    const url = new URL(value, location.href);
    return LINKABLE.includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Copies `from`'s content into `into` as new nodes: text as text, the allowed elements with their
 * allowed attribute, anything else by its content alone.
 */
function copyAllowed(from: Node, into: Node, doc: Document): void {
  for (const node of Array.from(from.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) into.appendChild(doc.createTextNode(node.textContent ?? ''));
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const element = node as Element;
    const tag = element.localName;
    if (!(tag in ALLOWED)) {
      copyAllowed(element, into, doc);
      continue;
    }
    const copy = doc.createElement(tag);
    const value = ALLOWED[tag] && element.getAttribute(ALLOWED[tag]);
    if (tag === 'a') {
      const href = value && safeHref(value);
      if (href) copy.setAttribute('href', href);
      copy.setAttribute('target', '_blank');
      copy.setAttribute('rel', 'noopener noreferrer');
    } else if (tag === 'ol' && value && /^\d{1,9}$/.test(value)) copy.setAttribute('start', value);
    else if ((tag === 'th' || tag === 'td') && value && ALIGNMENTS.includes(value)) copy.setAttribute('align', value);
    copyAllowed(element, copy, doc);
    into.appendChild(copy);
  }
}

/**
 * Markdown as GitHub writes it (marked: tables, strikethrough, bare links; a line break is a
 * break), with raw HTML shown as the text it is and images as links to them (they would load from
 * other origins).
 */
const markdown = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ href, text }) => `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`,
  },
});

/**
 * An agent's or an operator's message as safe HTML: Markdown only, links opening in a new context
 * without the opener. marked's HTML is read in an inert document (nothing in it runs or loads) and
 * rebuilt element by element from an allow list – the elements Markdown makes, `href` (pages, mail,
 * phones), `start` and a table cell's `align` – so whatever else it could hold is left behind. An
 * answer's source markers `[1]` stay as written (docs/public-chat-api.md "History"): a bracket
 * without a link or a definition is text to marked.
 */
export function renderMarkdown(text: string): string {
  // Trimmed: the newline marked ends each block with is no text of the message.
  const parsed = new DOMParser().parseFromString((markdown.parse(text) as string).trim(), 'text/html');
  const out = parsed.createElement('div');
  copyAllowed(parsed.body, out, parsed);
  return out.innerHTML;
}
