import { turnHistoryLimits } from '@parley/contracts';

/** A content's size as the history counts it: the UTF-8 bytes of its JSON text, quotes and escapes included. */
export const historyBytes = (content: string): number => Buffer.byteLength(JSON.stringify(content));

/**
 * The most bytes a content's JSON text can take: a UTF-16 unit is at most 6 bytes once escaped
 * (`\u001f`) or encoded (3 bytes of UTF-8), plus the quotes. Below the budget in total, nothing
 * needs measuring.
 */
const atMostBytes = (content: string): number => content.length * 6 + 2;

/**
 * The prompt history of these messages (oldest first) as a turn is given it (docs/architecture.md): the newest 100 at most, then – newest first – only as many as fit the byte budget.
 * Cutting what was cut before, with messages added, gives what cutting them all would: so a copy
 * kept and grown turn by turn stays the stored conversation's history.
 */
export function cutHistory<M extends { content: string }>(messages: M[]): M[] {
  const newest = messages.length > turnHistoryLimits.messages ? messages.slice(-turnHistoryLimits.messages) : messages;
  if (newest.reduce((sum, m) => sum + atMostBytes(m.content), 0) <= turnHistoryLimits.jsonBytes) return newest;
  let bytes = 0;
  for (let i = newest.length - 1; i >= 0; i--) {
    bytes += historyBytes((newest[i] as M).content);
    if (bytes > turnHistoryLimits.jsonBytes) return newest.slice(i + 1);
  }
  return newest;
}
