import type { Readable } from 'node:stream';
import { AppError } from '@parley/contracts';
import { peekStream, SNIFF_BYTES, sniffType } from '@parley/uploads';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** What a knowledge document may be read as (docs/knowledge.md, "The API"). */
export const KNOWLEDGE_FILE_TYPES = ['text/plain', 'text/markdown', 'text/html', 'application/pdf', DOCX] as const;

const MARKDOWN = new Set(['md', 'markdown', 'mdown', 'mkd']);
const HTML = new Set(['html', 'htm', 'xhtml']);

const extensionOf = (filename: string) => {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
};

/**
 * The media type a knowledge file is read as, from the type its bytes say (`sniffType`) and its
 * name; undefined when it is none of KNOWLEDGE_FILE_TYPES. The bytes decide binary formats; text
 * cannot tell Markdown from plain text, so there the name decides: `.md` is Markdown, `.html` is
 * HTML, `.txt` is plain text, whatever its first characters look like; any other text is what its
 * bytes say (markup is HTML, the rest plain text). The file is read, never served back, so HTML is
 * taken here as visitors' uploads never are. XML and SVG are no documents to read.
 */
export function knowledgeFileType(sniffed: string | undefined, filename: string): string | undefined {
  const extension = extensionOf(filename);
  switch (sniffed) {
    case 'application/pdf':
    case DOCX:
      return sniffed;
    // A DOCX whose first entries do not show it is one: its name says what the archive holds.
    case 'application/zip':
      return extension === 'docx' ? DOCX : undefined;
    case 'text/plain':
    case 'text/html':
      if (MARKDOWN.has(extension)) return 'text/markdown';
      if (HTML.has(extension)) return 'text/html';
      if (extension === 'txt') return 'text/plain';
      return sniffed;
    // XHTML often opens with an XML declaration.
    case 'application/xml':
      return HTML.has(extension) ? 'text/html' : undefined;
    default:
      return undefined;
  }
}

/**
 * Reads the head of a knowledge file (SNIFF_BYTES at most) and judges its type
 * (knowledgeFileType): an empty file is 400, one of no type a document may be is 415
 * `unsupported_media_type` naming the type its bytes say. An accepted file comes back as a stream
 * that replays the head and reads on, so it is stored without being held whole in memory. The
 * source is destroyed with the returned stream, or at once when refused.
 */
export async function judgeKnowledgeFile(body: Readable, filename: string): Promise<{ type: string; body: Readable }> {
  const peeked = await peekStream(body, SNIFF_BYTES);
  if (peeked.head.length === 0) {
    peeked.body.destroy();
    body.destroy();
    throw new AppError('invalid', 'the file is empty', { details: [{ path: 'body.file', message: 'empty' }] });
  }
  const sniffed = await sniffType(peeked.head.subarray(0, SNIFF_BYTES));
  const type = knowledgeFileType(sniffed, filename);
  if (type === undefined) {
    peeked.body.destroy();
    body.destroy();
    throw new AppError('unsupported_media_type', `a knowledge document is text, Markdown, HTML, PDF or DOCX; this file is ${sniffed ?? 'of no known type'}`, {
      details: { type: sniffed ?? 'unknown', accepted: [...KNOWLEDGE_FILE_TYPES] },
    });
  }
  return { type, body: peeked.body };
}
