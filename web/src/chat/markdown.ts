import DOMPurify from 'dompurify';
import snarkdown from 'snarkdown';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const purify = DOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

const ALLOWED_TAGS = ['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr'];

/**
 * An agent's reply as safe HTML: Markdown only, sanitised, links opening in a new context without
 * the opener. Raw HTML in a reply is escaped first, so it shows as the text it is, never as markup;
 * images are not loaded (they would come from other origins) but shown as links. snarkdown keeps
 * the pages small (a full Markdown library was a third of the widget); DOMPurify has the last word.
 */
export function renderMarkdown(text: string): string {
  const withoutImages = text.replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_match, alt: string, href: string) => `[${alt || href}](${href})`);
  const html = snarkdown(escapeHtml(withoutImages));
  return purify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR: ['href', 'title', 'target', 'rel', 'start'] });
}
