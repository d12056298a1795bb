import { DocumentUnreadable, type ParsedDocument, type ReadLimits } from '../document.js';
import { readHtml } from './html.js';
import { zipEntries } from './zip-directory.js';

const DOCX_BODY = 'word/document.xml';

/** A ZIP archive with a Word body: a DOCX, whatever its name says. */
export function isDocx(bytes: Uint8Array): boolean {
  return zipEntries(bytes)?.some((entry) => entry.name === DOCX_BODY) ?? false;
}

// Word's own title style heads the document like an h1; a subtitle is a line of text.
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => p:fresh"];

/** mammoth, loaded with the first Word document read: a process that never reads one does not carry it. */
const loadMammoth = async () => (await import('mammoth')).default;

/**
 * DOCX, through mammoth to HTML and then read as HTML: Word's heading styles become sections. What
 * the archive says its XML unpacks to is checked first, so a small file that unpacks to gigabytes
 * is refused before anything is unpacked.
 */
export async function readDocx(bytes: Uint8Array, limits: ReadLimits): Promise<ParsedDocument> {
  const entries = zipEntries(bytes);
  if (!entries?.some((entry) => entry.name === DOCX_BODY)) {
    throw new DocumentUnreadable('The file is not a Word document (DOCX) that can be read: it may be damaged, password-protected or an older .doc file.');
  }
  const xmlBytes = entries.filter((entry) => /\.(?:xml|rels)$/i.test(entry.name)).reduce((sum, entry) => sum + entry.unpackedBytes, 0);
  // XML is several times the text it carries, but not this many.
  if (xmlBytes > limits.maxTextChars * 5) throw new DocumentUnreadable('The Word document unpacks to more than a document may hold.');
  let html: string;
  try {
    const mammoth = await loadMammoth();
    // Images are never unpacked: an empty src, and the HTML reader leaves images out anyway.
    const noImages = mammoth.images.imgElement(async () => ({ src: '' }));
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { styleMap: STYLE_MAP, convertImage: noImages, externalFileAccess: false },
    );
    html = result.value;
  } catch {
    throw new DocumentUnreadable('The Word document (DOCX) could not be read: it may be damaged.');
  }
  return readHtml(html, limits);
}
