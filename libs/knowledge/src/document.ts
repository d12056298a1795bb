/** A stretch of a document under one heading (none before the first heading). */
export interface ParsedSection {
  heading?: string | undefined;
  text: string;
  /** The page it starts on (from 1), for documents that have pages (PDF). */
  page?: number | undefined;
}

/**
 * A document's text as chunking reads it (docs/knowledge.md): its sections in order, each under the
 * heading it sits under, and the title the document gives itself.
 */
export interface ParsedDocument {
  title?: string | undefined;
  sections: ParsedSection[];
  /** How many pages it has, for documents that have pages (PDF). */
  pages?: number | undefined;
}

/** A document that cannot be read: the message says why, in words for the document's `error`. */
export class DocumentUnreadable extends Error {
  override readonly name = 'DocumentUnreadable';
}

/** How much a document may be and yield: what keeps one upload from taking a reader's memory. */
export interface ReadLimits {
  /** The largest input, in bytes (default 20 MiB, the API's upload limit). */
  maxBytes: number;
  /**
   * The most text a document may yield, in characters (default: as many as maxBytes). A PDF or
   * DOCX is compressed and can unpack to far more text than its size: none yields more than the
   * largest plain-text upload would.
   */
  maxTextChars: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxBytes: 20 * 1024 * 1024, maxTextChars: 20 * 1024 * 1024 };

/** The text of one section tidied the same way whatever the format: no trailing spaces, at most one blank line in a row. */
export function tidyText(text: string): string {
  return text
    .replace(/[^\S\n]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Sections built up heading by heading: text before any heading has none; empty sections are left out. */
export class SectionCollector {
  readonly sections: ParsedSection[] = [];
  private heading: string | undefined;
  private page: number | undefined;
  private lines: string[] = [];
  private chars = 0;

  constructor(private readonly maxTextChars: number) {}

  /** Starts a section under `heading` (on `page`, where the document has pages). */
  startSection(heading: string | undefined, page?: number): void {
    this.flush();
    this.heading = heading;
    this.page = page;
  }

  addLine(line: string): void {
    this.chars += line.length + 1;
    if (this.chars > this.maxTextChars) throw new DocumentUnreadable(`The document has more text than a document may hold (${this.maxTextChars} characters).`);
    this.lines.push(line);
  }

  /** The sections so far and the one being written; throws when there is no text at all. */
  finish(): ParsedSection[] {
    this.flush();
    if (this.sections.length === 0) throw new DocumentUnreadable('The document has no text to read.');
    return this.sections;
  }

  private flush(): void {
    const text = tidyText(this.lines.join('\n'));
    this.lines = [];
    if (text === '') return;
    this.sections.push({ heading: this.heading, text, ...(this.page === undefined ? {} : { page: this.page }) });
  }
}

/** A heading's words on one line: a heading broken across lines (or by `<br>`) reads as one. */
export function headingText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
