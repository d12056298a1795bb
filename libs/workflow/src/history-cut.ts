import { turnHistoryLimits } from '@parley/contracts';

/** A content's size as the history counts it: the UTF-8 bytes of its JSON text, quotes and escapes included. */
export const historyBytes = (content: string): number => Buffer.byteLength(JSON.stringify(content));

/**
 * Whether messages whose contents are `chars` UTF-16 units long in all surely fit the byte budget:
 * a unit is at most 6 bytes of JSON once escaped (`\u001f`) or encoded (3 bytes of UTF-8), and
 * each content adds its 2 quotes. Then nothing needs measuring.
 */
const surelyWithinBudget = (chars: number, messages: number): boolean => chars * 6 + messages * 2 <= turnHistoryLimits.jsonBytes;

/**
 * The prompt history of these messages (oldest first) as a turn is given it (docs/architecture.md): the newest 100 at most, then – newest first – only as many as fit the byte budget.
 * Cutting what was cut before, with messages added, gives what cutting them all would: so a copy
 * kept and grown turn by turn stays the stored conversation's history.
 */
export function cutHistory<M extends { content: string }>(messages: M[]): M[] {
  const newest = messages.length > turnHistoryLimits.messages ? messages.slice(-turnHistoryLimits.messages) : messages;
  let chars = 0;
  for (const message of newest) chars += message.content.length;
  if (surelyWithinBudget(chars, newest.length)) return newest;
  let bytes = 0;
  for (let i = newest.length - 1; i >= 0; i--) {
    bytes += historyBytes((newest[i] as M).content);
    if (bytes > turnHistoryLimits.jsonBytes) return newest.slice(i + 1);
  }
  return newest;
}

/**
 * A cut history with the total length of its contents (UTF-16 units): enough to grow it again
 * (grownHistory) and to size a kept copy in memory without walking its messages – on a busy
 * process a walk over a hundred messages kept since earlier turns is a cache miss or two each.
 */
export interface SizedHistory<M extends { content: string }> {
  messages: M[];
  chars: number;
}

/** The messages with their contents' total length: one walk, for a history that came whole. */
export function sizedHistory<M extends { content: string }>(messages: M[]): SizedHistory<M> {
  let chars = 0;
  for (const message of messages) chars += message.content.length;
  return { messages, chars };
}

/**
 * `cutHistory([...kept.messages, ...added])`, with its length, walking only what is added and
 * what falls out of the newest 100: the sum cutHistory makes of every content, kept along.
 */
export function grownHistory<M extends { content: string }>(kept: SizedHistory<M>, added: M[]): SizedHistory<M> {
  const before = kept.messages;
  const drop = Math.max(0, before.length + added.length - turnHistoryLimits.messages);
  let chars = kept.chars;
  for (const message of added) chars += message.content.length;
  for (let i = 0; i < drop; i++) chars -= (i < before.length ? (before[i] as M) : (added[i - before.length] as M)).content.length;
  const messages = drop === 0 ? [...before, ...added] : drop < before.length ? [...before.slice(drop), ...added] : added.slice(drop - before.length);
  // cutHistory's first test, from the length kept along.
  if (surelyWithinBudget(chars, messages.length)) return { messages, chars };
  return sizedHistory(cutHistory(messages));
}
