import { DEFAULT_READ_LIMITS, DocumentUnreadable, type ParsedDocument, type ReadLimits } from './document.js';
import { isDocx, readDocx } from './readers/docx.js';
import { readHtml } from './readers/html.js';
import { readMarkdown } from './readers/markdown.js';
import { readPdf } from './readers/pdf.js';
import { readPlainText } from './readers/plain-text.js';
import { decodeText } from './readers/text-decoding.js';

export { DEFAULT_READ_LIMITS, DocumentUnreadable, type ParsedDocument, type ParsedSection, type ReadLimits } from './document.js';

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The media types documents are read as (docs/knowledge.md). */
export const DOCUMENT_MEDIA_TYPES = ['text/plain', 'text/markdown', 'text/html', 'application/pdf', DOCX_MEDIA_TYPE] as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

// Other names the same formats go by, as browsers and servers send them.
const ALIASES: Record<string, DocumentMediaType> = {
  'text/x-markdown': 'text/markdown',
  'application/xhtml+xml': 'text/html',
  'application/x-pdf': 'application/pdf',
};

const EXTENSIONS: Record<string, DocumentMediaType> = {
  txt: 'text/plain',
  text: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
  pdf: 'application/pdf',
  docx: DOCX_MEDIA_TYPE,
};

const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

function startsWithPdf(bytes: Uint8Array): boolean {
  // Some writers put a few bytes (a BOM, blank lines) before the signature; readers allow 1 KiB.
  const head = bytes.subarray(0, 1024);
  for (let at = 0; at + PDF_SIGNATURE.length <= head.length; at++) {
    if (PDF_SIGNATURE.every((byte, index) => head[at + index] === byte)) return true;
  }
  return false;
}

/**
 * The media type a file is read as: what its bytes show first (a PDF's `%PDF-`, a ZIP archive
 * with a Word body), else what its name's extension says; undefined when neither tells.
 */
export function mediaTypeOf(filename: string | undefined, bytes: Uint8Array): DocumentMediaType | undefined {
  if (startsWithPdf(bytes)) return 'application/pdf';
  if (isDocx(bytes)) return DOCX_MEDIA_TYPE;
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename ?? '')?.[1]?.toLowerCase();
  return extension === undefined ? undefined : EXTENSIONS[extension];
}

/** `text/HTML; charset=UTF-8` → the type it names and its charset. */
function splitMediaType(mediaType: string): { type: string; charset?: string } {
  const [type = '', ...parameters] = mediaType.split(';').map((part) => part.trim());
  const charset = parameters.map((parameter) => /^charset\s*=\s*"?([^";]+)"?$/i.exec(parameter)?.[1]).find((value) => value !== undefined);
  const lower = type.toLowerCase();
  return { type: ALIASES[lower] ?? lower, ...(charset ? { charset } : {}) };
}

/**
 * Reads a document's bytes as its media type says: text/plain, text/markdown, text/html,
 * application/pdf, DOCX (docs/knowledge.md). Whatever is wrong with the input – a type it does
 * not read, a damaged or password-protected file, no text, too much – it throws DocumentUnreadable
 * with a message for the person who uploaded it, and nothing else.
 */
export async function parseDocument(input: {
  bytes: Uint8Array;
  mediaType: string;
  filename?: string | undefined;
  limits?: Partial<ReadLimits> | undefined;
}): Promise<ParsedDocument> {
  const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, ...input.limits };
  if (input.bytes.length > limits.maxBytes) {
    throw new DocumentUnreadable(`The file is larger than a document may be (${Math.floor(limits.maxBytes / (1024 * 1024))} MiB).`);
  }
  const { type, charset } = splitMediaType(input.mediaType);
  try {
    switch (type) {
      case 'text/plain':
        return readPlainText(decodeText(input.bytes, charset), limits);
      case 'text/markdown':
        return readMarkdown(decodeText(input.bytes, charset), limits);
      case 'text/html':
        return readHtml(decodeText(input.bytes, charset), limits);
      case 'application/pdf':
        return await readPdf(input.bytes, limits);
      case DOCX_MEDIA_TYPE:
        return await readDocx(input.bytes, limits);
      default:
        throw new DocumentUnreadable(`Documents of type ${type || 'unknown'} can't be read: upload text, Markdown, HTML, PDF or DOCX.`);
    }
  } catch (error) {
    if (error instanceof DocumentUnreadable) throw error;
    // A reader's own failure on input it could not cope with: still the document's problem, told plainly.
    throw new DocumentUnreadable('The document could not be read: it may be damaged.', { cause: error });
  }
}
