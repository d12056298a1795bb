import { type ParsedDocument, type ReadLimits, SectionCollector } from '../document.js';

/** Plain text has no headings: one section, its paragraphs where blank lines part them. */
export function readPlainText(text: string, limits: ReadLimits): ParsedDocument {
  const collector = new SectionCollector(limits.maxTextChars);
  for (const line of text.split('\n')) collector.addLine(line);
  return { sections: collector.finish() };
}
