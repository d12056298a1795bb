import type { StoredMessage } from './api';

/**
 * The stored messages on screen that a history just read does not hold: they came in live while
 * it was on its way (under load, a history asked for before a reply was stored can be answered
 * after the reply's live event). They are newer than all it holds – a history is the whole
 * conversation – so they follow it, in the order they came. A reply shown from a send's own
 * answer (`reply-…`, when the history could not be read) is the history's to replace.
 */
export function laterThan<T extends StoredMessage>(history: readonly StoredMessage[], shown: readonly T[]): T[] {
  const held = new Set(history.map((m) => m.id));
  return shown.filter((m) => !held.has(m.id) && !m.id.startsWith('reply-'));
}
