import type { ParsedDocument } from './document.js';

/** A passage of a document as retrieval returns it: its place in the document (from 0), the heading it sits under, its text. */
export interface Chunk {
  position: number;
  heading?: string | undefined;
  text: string;
  /** The page its section starts on, for documents that have pages (PDF). */
  page?: number | undefined;
}

export interface ChunkOptions {
  /** The most characters a chunk holds (default 1,200). */
  maxChars?: number;
  /** About how many characters of a chunk's end the next chunk of the same section starts with (default an eighth of maxChars, at most half). */
  overlapChars?: number;
}

export const DEFAULT_MAX_CHUNK_CHARS = 1_200;

/** A piece of a section that is not cut further, and what joins it to the piece before. */
interface Piece {
  text: string;
  joiner: string;
}

// One locale for every run: where a sentence ends must not depend on the machine's.
const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * A paragraph's sentences, each with the whitespace that followed it. A break with no space after
 * it is no sentence's end (`?` in a URL, `.` in a file name): the text runs on.
 */
function sentencesOf(text: string): { sentence: string; after: string }[] {
  const sentences: { sentence: string; after: string }[] = [];
  for (const { segment } of sentenceSegmenter.segment(text)) {
    const sentence = segment.trimEnd();
    const last = sentences.at(-1);
    if (last && last.after === '') {
      last.sentence += sentence;
      last.after = segment.slice(sentence.length);
    } else if (sentence !== '') sentences.push({ sentence, after: segment.slice(sentence.length) });
  }
  return sentences;
}

/** A run of words cut into pieces of at most `max` characters; a word longer than that is cut where it must be. */
function wordPieces(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (let word of text.split(/\s+/).filter((part) => part !== '')) {
    while (word.length > max) {
      if (current !== '') pieces.push(current);
      current = '';
      // Not between the two halves of a character outside the BMP.
      const cut = /[\uDC00-\uDFFF]/.test(word.charAt(max)) ? max - 1 : max;
      pieces.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    if (current === '') current = word;
    else if (current.length + 1 + word.length <= max) current += ` ${word}`;
    else {
      pieces.push(current);
      current = word;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/** A section's text as pieces of at most `max` characters: its paragraphs, a longer one cut into sentences, a longer sentence into words. */
function piecesOf(text: string, max: number): Piece[] {
  const pieces: Piece[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const trimmed = paragraph.trim();
    if (trimmed === '') continue;
    if (trimmed.length <= max) {
      pieces.push({ text: trimmed, joiner: '\n\n' });
      continue;
    }
    let joiner = '\n\n';
    for (const { sentence, after } of sentencesOf(trimmed)) {
      const parts = sentence.length <= max ? [sentence] : wordPieces(sentence, max);
      parts.forEach((part, index) => {
        pieces.push({ text: part, joiner: index === 0 ? joiner : ' ' });
      });
      // Whitespace as the text has it: a sentence that ended a line starts the next piece on one.
      joiner = after.includes('\n') ? '\n' : ' ';
    }
  }
  return pieces;
}

/** The end of a chunk to repeat at the start of the next: whole sentences if they fit in `budget`, else whole words; never all of it. */
function overlapOf(text: string, budget: number): string {
  if (budget <= 0) return '';
  const from = text.length - budget;
  let offset = 0;
  for (const sentence of sentenceSegmenter.segment(text)) {
    offset = sentence.index;
    if (offset >= from && offset > 0 && /\s/.test(text.charAt(offset - 1))) return text.slice(offset).trim();
  }
  const space = text.slice(Math.max(from, 1) - 1).search(/\s/);
  return space < 0 ? '' : text.slice(Math.max(from, 1) - 1 + space).trim();
}

/**
 * Cuts a document into chunks that keep to its sections and paragraphs (docs/knowledge.md): a
 * chunk never spans two sections; it is cut between paragraphs, a paragraph too long for one chunk
 * between sentences, a sentence too long between words; each chunk after the first of its section
 * starts with the end of the one before, so a passage cut in two is still found whole in one.
 * The same document always gives the same chunks.
 */
export function chunkDocument(document: ParsedDocument, options: ChunkOptions = {}): Chunk[] {
  const max = Math.max(1, Math.floor(options.maxChars ?? DEFAULT_MAX_CHUNK_CHARS));
  const overlap = Math.max(0, Math.min(Math.floor(options.overlapChars ?? max / 8), Math.floor(max / 2)));
  const chunks: Chunk[] = [];
  for (const section of document.sections) {
    const emit = (text: string) => {
      chunks.push({ position: chunks.length, heading: section.heading, text, ...(section.page === undefined ? {} : { page: section.page }) });
    };
    let current = '';
    for (const piece of piecesOf(section.text, max)) {
      if (current === '') {
        current = piece.text;
        continue;
      }
      const joined = current + piece.joiner + piece.text;
      if (joined.length <= max) {
        current = joined;
        continue;
      }
      emit(current);
      const repeated = overlapOf(current, Math.min(overlap, max - piece.text.length - piece.joiner.length));
      current = repeated === '' ? piece.text : repeated + piece.joiner + piece.text;
    }
    if (current !== '') emit(current);
  }
  return chunks;
}
