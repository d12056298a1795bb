import { fileTypeFromBuffer } from 'file-type';

/**
 * How much of a file's start the type is judged from: what file-type reads for its own stream
 * detection, enough for every format it knows.
 */
export const SNIFF_BYTES = 4100;

/**
 * Types a browser would render as a page or run scripts from. They are never accepted, whatever
 * a caller allows: a visitor's file served back must not become a page on the platform's origin.
 */
export const NEVER_ALLOWED_TYPES: ReadonlySet<string> = new Set(['text/html', 'application/xhtml+xml', 'image/svg+xml', 'application/xml', 'text/xml']);

/** Text that starts with a tag, a `<!…>` declaration or comment, or a `<?…>` processing instruction. */
const MARKUP_START = /^<[a-z!?/]/i;
const SVG_START = /^<(svg[\s/>]|!doctype\s+svg[\s>])/i;

/**
 * The media type of a file judged from its first bytes (pass up to SNIFF_BYTES), never from its
 * name or a header. Binary formats are recognised by file-type; anything else that is valid UTF-8
 * without a NUL byte is `text/plain` – unless, after a byte-order mark and whitespace, it starts
 * like markup (`<html`, `<!doctype html`, `<svg`, `<script`, `<?xml`, any other tag): then it is
 * `image/svg+xml`, `application/xml` or `text/html`, types nobody may allow (NEVER_ALLOWED_TYPES).
 * Undefined when the bytes say nothing: unknown binary, or no bytes at all.
 *
 * A multi-byte character cut off by the end of `head` does not make it invalid UTF-8.
 */
export async function sniffType(head: Uint8Array): Promise<string | undefined> {
  if (head.length === 0) return undefined;
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  if (head.includes(0)) return undefined;
  let text: string;
  try {
    // fatal: invalid UTF-8 throws; the byte-order mark is dropped; stream: a cut-off last character waits.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return undefined;
  }
  const start = text.replace(/^[\s\uFEFF]+/, '');
  if (MARKUP_START.test(start)) {
    if (SVG_START.test(start)) return 'image/svg+xml';
    if (/^<\?xml/i.test(start)) return 'application/xml';
    return 'text/html';
  }
  return 'text/plain';
}
