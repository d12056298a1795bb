/**
 * A document's text as chunking reads it (docs/knowledge.md): its sections in order, each under the
 * heading it sits under (none before the first heading), and the title the document gives itself.
 */
export interface ParsedDocument {
  title?: string | undefined;
  sections: { heading?: string | undefined; text: string }[];
}

/** A document that cannot be read: the message says why, in words for the document's `error`. */
export class DocumentUnreadable extends Error {
  override readonly name = 'DocumentUnreadable';
}

/**
 * Reads a document's bytes as its media type says: text/plain, text/markdown, text/html,
 * application/pdf, DOCX. (This first version reads plain text and Markdown.)
 */
export async function parseDocument(input: { bytes: Uint8Array; mediaType: string; filename?: string | undefined }): Promise<ParsedDocument> {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(input.bytes);
  if (input.mediaType !== 'text/plain' && input.mediaType !== 'text/markdown') throw new DocumentUnreadable(`${input.mediaType} documents are not read yet`);
  const sections: ParsedDocument['sections'] = [];
  let heading: string | undefined;
  let lines: string[] = [];
  let title: string | undefined;
  const flush = () => {
    const body = lines.join('\n').trim();
    if (body !== '') sections.push({ heading, text: body });
    lines = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const match = input.mediaType === 'text/markdown' ? /^(#{1,6})\s+(.*)$/.exec(line) : null;
    if (match) {
      flush();
      heading = match[2]?.trim();
      if (match[1] === '#' && title === undefined) title = heading;
    } else lines.push(line);
  }
  flush();
  return { title, sections };
}
