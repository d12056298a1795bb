import type { ParsedDocument } from './parsing.js';

/** A passage of a document as retrieval returns it: its place in the document (from 0), the heading it sits under, its text. */
export interface Chunk {
  position: number;
  heading?: string | undefined;
  text: string;
}

export interface ChunkOptions {
  /** The most characters a chunk holds (default 1,200). */
  maxChars?: number;
}

/**
 * Cuts a document into chunks that keep to its sections and paragraphs (docs/knowledge.md): a
 * chunk never spans two sections, and is cut between paragraphs where it can.
 */
export function chunkDocument(document: ParsedDocument, options: ChunkOptions = {}): Chunk[] {
  const max = options.maxChars ?? 1_200;
  const chunks: Chunk[] = [];
  for (const section of document.sections) {
    let current = '';
    const push = () => {
      if (current.trim() !== '') chunks.push({ position: chunks.length, heading: section.heading, text: current.trim() });
      current = '';
    };
    for (const paragraph of section.text.split(/\n\s*\n/)) {
      if (current.length + paragraph.length + 2 > max) push();
      for (let start = 0; start < paragraph.length; start += max) {
        const piece = paragraph.slice(start, start + max);
        if (current.length + piece.length + 2 > max) push();
        current += (current ? '\n\n' : '') + piece;
      }
    }
    push();
  }
  return chunks;
}
