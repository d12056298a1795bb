import snarkdown from 'snarkdown';

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
};

/** Links to pages, mail and phones only: never `javascript:` or `data:`. */
const LINKABLE = ['http:', 'https:', 'mailto:', 'tel:'];

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
    } else if (value && /^\d{1,9}$/.test(value)) copy.setAttribute('start', value);
    copyAllowed(element, copy, doc);
    into.appendChild(copy);
  }
}

/**
 * An agent's reply as safe HTML: Markdown only, links opening in a new context without the opener.
 * Raw HTML in a reply is escaped first, so it shows as the text it is, never as markup; images are
 * not loaded (they would come from other origins) but shown as links. snarkdown's HTML is read in
 * an inert document (nothing in it runs or loads) and rebuilt element by element from an allow
 * list – the elements Markdown makes, `href` (pages, mail, phones) and `start` – so whatever else
 * it could hold is left behind. Not a general sanitiser library: this is the whole of what the
 * pages need, at a twentieth of one's weight, which the widget's size budget has no room for.
 */
export function renderMarkdown(text: string): string {
  const withoutImages = text.replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_match, alt: string, href: string) => `[${alt || href}](${href})`);
  // An answer's source markers `[1]` stay as written (docs/public-chat-api.md "History"): snarkdown
  // would take any bracket for a link's, so theirs go in as character references, which it passes by.
  const markersKept = escapeHtml(withoutImages).replace(/\[(\d{1,3})\](?![(:])/g, '&#91;$1&#93;');
  const parsed = new DOMParser().parseFromString(snarkdown(markersKept), 'text/html');
  const out = parsed.createElement('div');
  copyAllowed(parsed.body, out, parsed);
  return out.innerHTML;
}
