/** Marks that open and close a span within a paragraph, as marked reads them. */
const PAIRED = ['**', '~~'] as const;

/**
 * A reply still streaming, its open marks closed, so what has come shows as it will end up rather
 * than as the marks typed: bold or strikethrough begun and not yet ended (`is **rea` shows `is
 * **rea**`), code begun with a backtick. Only the last paragraph can have one open (a mark does
 * not reach past a blank line); inside a fenced code block nothing is a mark, and marked shows an
 * unfinished block as code to its end anyway. A mark with nothing after it yet is left out.
 */
export function closeOpenMarks(text: string): string {
  const fences = text.match(/^ {0,3}(?:```|~~~)/gm)?.length ?? 0;
  if (fences % 2 === 1) return text;
  const start = text.lastIndexOf('\n\n') + 1;
  const open: { at: number; mark: string }[] = [];
  for (let i = start; i < text.length; i++) {
    if (text[i] === '\\') {
      i += 1;
      continue;
    }
    if (text[i] === '`') {
      const run = /^`+/.exec(text.slice(i))?.[0] ?? '`';
      const close = text.indexOf(run, i + run.length);
      // A code span's marks are its text; one not closed yet is closed with its own run of backticks.
      if (close < 0) {
        open.push({ at: i, mark: run });
        break;
      }
      i = close + run.length - 1;
      continue;
    }
    const mark = PAIRED.find((m) => text.startsWith(m, i));
    if (!mark) continue;
    const last = open.at(-1);
    if (last?.mark === mark) open.pop();
    else open.push({ at: i, mark });
    i += mark.length - 1;
  }
  let out = text;
  for (const { at, mark } of open.reverse()) {
    if (out.slice(at + mark.length).trim() === '') out = out.slice(0, at).trimEnd();
    else out = `${out.trimEnd()}${mark}`;
  }
  return out;
}
