import type { CannedReply } from '@parley/contracts';

/** The `/shortcut` being typed: where it starts and ends in the text, and what was typed of it before the caret. */
export interface SlashWord {
  start: number;
  end: number;
  query: string;
}

/** Letters, digits, `_` and `-`: what a shortcut is made of (docs/escalation.md "Canned replies"). */
const SHORTCUT_CHARS = /^[A-Za-z0-9_-]*/;

/**
 * The `/word` the caret is in, if any: a `/` that begins the text or follows a space or a line
 * break, then at least one shortcut character before the caret (a URL's `/path` is not one: its
 * slash follows a letter). The word runs on past the caret to its last shortcut character.
 */
export function slashWordAt(text: string, caret: number): SlashWord | undefined {
  const before = /(?:^|\s)\/([A-Za-z0-9_-]{1,32})$/.exec(text.slice(0, caret));
  const query = before?.[1];
  if (query === undefined) return undefined;
  const after = SHORTCUT_CHARS.exec(text.slice(caret))?.[0] ?? '';
  return { start: caret - query.length - 1, end: caret + after.length, query };
}

/** Replies whose shortcut begins with the query (case-insensitive), then those that merely contain it; at most `limit`. */
export function matchingReplies(replies: readonly CannedReply[], query: string, limit = 8): CannedReply[] {
  const wanted = query.toLowerCase();
  const starting = replies.filter((reply) => reply.shortcut.toLowerCase().startsWith(wanted));
  const containing = replies.filter((reply) => !reply.shortcut.toLowerCase().startsWith(wanted) && reply.shortcut.toLowerCase().includes(wanted));
  return [...starting, ...containing].slice(0, limit);
}

/** The text with the `/word` replaced by `content`, and where the caret goes: just after it. */
export function replaceSlashWord(text: string, word: SlashWord, content: string): { text: string; caret: number } {
  return { text: text.slice(0, word.start) + content + text.slice(word.end), caret: word.start + content.length };
}
