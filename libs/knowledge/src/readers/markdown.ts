import { headingText, type ParsedDocument, type ReadLimits, SectionCollector } from '../document.js';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*\S+/;
const HEADING_ANCHOR = /\s*\{#[\w-]+\}\s*$/;
// Only tags HTML has: a placeholder like <tenant id> in prose is text, not markup.
const HTML_TAG =
  /<\/?(?:a|abbr|b|br|center|code|dd|del|details|div|dl|dt|em|font|i|img|ins|kbd|li|mark|ol|p|pre|q|s|samp|small|span|strike|strong|sub|summary|sup|table|tbody|td|th|thead|tr|u|ul|var)\b[^<>]*>/gi;
// A private-use character marks where a code span was taken out; none is left in the input.
const SPAN_MARK = '\uE002';

/**
 * A paragraph's words without the Markdown around them (docs/knowledge.md): a link or an image is its
 * text (the URL is noise for search), emphasis and code backticks go, code keeps its characters.
 */
export function plainInline(text: string): string {
  const spans: string[] = [];
  const keep = (kept: string) => {
    spans.push(kept);
    return `${SPAN_MARK}${spans.length - 1}${SPAN_MARK}`;
  };
  // Code spans and escaped characters first: what they hold is text, never markup.
  const marked = text
    .replaceAll(SPAN_MARK, '')
    .replace(/(`+)([^`][\s\S]*?)\1(?!`)/g, (_whole, _ticks: string, code: string) =>
      keep(code.length > 1 && code.startsWith(' ') && code.endsWith(' ') ? code.slice(1, -1) : code),
    )
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~<])/g, (_whole, char: string) => keep(char));
  const plain = marked
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(HTML_TAG, '')
    .replace(/(\*\*|__)(?=\S)([\s\S]+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=[^\s*])([^*]*?[^\s*])\*(?![\w*])/g, '$1$2')
    .replace(/(^|[^\w])_(?=[^\s_])([^_]*?[^\s_])_(?!\w)/g, '$1$2')
    .replace(/~~(?=\S)([\s\S]+?)(?<=\S)~~/g, '$1');
  return plain.replace(new RegExp(`${SPAN_MARK}(\\d+)${SPAN_MARK}`, 'g'), (_whole, index: string) => spans[Number(index)] ?? '');
}

/** A table row's cells; the row under the header (`|---|:--:|`) is no text at all. */
function tableRow(line: string): string | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('|')) return line;
  if (/^[\s|:-]+$/.test(trimmed)) return undefined;
  return trimmed
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replaceAll('\\|', '|'))
    .join(' | ');
}

/** YAML front matter (`---` … `---` on the first lines): its `title`, and the line the document starts at. */
function frontMatter(lines: string[]): { title?: string; bodyStart: number } {
  if (lines[0]?.trim() !== '---') return { bodyStart: 0 };
  const end = lines.findIndex((line, index) => index > 0 && (line.trim() === '---' || line.trim() === '...'));
  if (end < 0) return { bodyStart: 0 };
  const title = lines
    .slice(1, end)
    .map((line) => /^title:\s*(.+?)\s*$/.exec(line)?.[1])
    .find((value) => value !== undefined)
    ?.replace(/^(['"])(.*)\1$/, '$2');
  return { ...(title ? { title } : {}), bodyStart: end + 1 };
}

/**
 * Markdown: ATX (`## …`) and setext (underlined) headings start sections; fenced code is kept as
 * text, its fences dropped, and nothing inside it is read as a heading; HTML comments and link
 * definitions are left out; the title is the front matter's `title`, else the first `#` heading.
 */
export function readMarkdown(text: string, limits: ReadLimits): ParsedDocument {
  const lines = text.split('\n');
  const front = frontMatter(lines);
  let title = front.title;
  const collector = new SectionCollector(limits.maxTextChars);
  let fence: { char: string; length: number } | undefined;
  let inComment = false;
  // The paragraph being read, held back until it ends: an underline below it makes it a heading.
  let paragraph: string[] = [];

  // A paragraph's markup is read as a whole: a code span or a link may run over a line's end.
  const endParagraph = () => {
    if (paragraph.length === 0) return;
    for (const line of plainInline(paragraph.join('\n')).split('\n')) collector.addLine(line);
    collector.addLine('');
    paragraph = [];
  };
  const startSection = (level: number, raw: string) => {
    const heading = headingText(plainInline(raw.replace(HEADING_ANCHOR, '')));
    if (heading === '') return;
    if (level === 1 && title === undefined) title = heading;
    collector.startSection(heading);
  };

  for (const line of lines.slice(front.bodyStart)) {
    if (fence) {
      const closing = FENCE.exec(line);
      if (closing?.[1]?.startsWith(fence.char) && closing[1].length >= fence.length && line.trim() === closing[1]) {
        fence = undefined;
        collector.addLine('');
      } else collector.addLine(line);
      continue;
    }
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      continue;
    }
    const opening = FENCE.exec(line);
    if (opening?.[1]) {
      endParagraph();
      fence = { char: opening[1].charAt(0), length: opening[1].length };
      continue;
    }
    if (/^\s*<!--/.test(line) && !line.includes('-->')) {
      endParagraph();
      inComment = true;
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      endParagraph();
      startSection(atx[1]?.length ?? 1, atx[2] ?? '');
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(line);
    if (underline && paragraph.length > 0) {
      const raw = paragraph.join(' ');
      paragraph = [];
      startSection(underline[1]?.startsWith('=') ? 1 : 2, raw);
      continue;
    }
    if (line.trim() === '' || THEMATIC_BREAK.test(line)) {
      endParagraph();
      continue;
    }
    if (LINK_DEFINITION.test(line)) continue;
    const unquoted = line.replace(/^ {0,3}(?:> ?)+/, '');
    const row = tableRow(unquoted);
    if (row === undefined) continue;
    paragraph.push(row.replace(/^(\s*)[*+](?=\s)/, '$1-'));
  }
  endParagraph();
  return { title, sections: collector.finish() };
}
