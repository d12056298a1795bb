import { DocumentUnreadable } from '../document.js';

function knownEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/**
 * A text file's characters: a byte-order mark says its encoding (UTF-16 from Windows tools), else
 * the media type's `charset`, else UTF-8; line ends made `\n`. Bytes that are not text (a NUL)
 * make it unreadable rather than a document of gibberish.
 */
export function decodeText(bytes: Uint8Array, charset: string | undefined): string {
  let encoding = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  else if (charset && knownEncoding(charset)) encoding = charset;
  const text = new TextDecoder(encoding).decode(bytes);
  if (text.includes('\u0000')) throw new DocumentUnreadable('The file is not text: upload text, Markdown, HTML, PDF or DOCX as the type it is.');
  return text.replace(/\r\n?/g, '\n');
}
