import { turnHistoryLimits } from '@parley/contracts';
import { grownHistory, type SizedHistory, sizedHistory } from '@parley/workflow';
import { LRUCache } from 'lru-cache';
import type { ConversationRow, HistoryMessage, HistoryTags } from '../store/conversation.repository.js';

interface Entry extends HistoryTags {
  conversationId: string;
  /** With its contents' length (SizedHistory): grown and sized without a walk over its messages. */
  history: SizedHistory<HistoryMessage>;
  /** The runner that keeps the history its last turn was given, under that turn's tag, and what was stored since. */
  runner?: HandOff;
}

/**
 * Where a conversation's next turn goes first, and what it brings (runner.turn `historySince`): the
 * runner that ran its last turn keeps that turn's history under `since.tag`; `since.added` is what
 * the turn stored.
 */
export interface HandOff {
  runner: string;
  since: { tag: string; added: HistoryMessage[] };
}

/** The name of a conversation's history as it stands at these tags (runner.turn `historyTag`). */
export const historyTagOf = (conversation: Pick<ConversationRow, 'state_version' | 'message_count'>): string =>
  `${conversation.state_version}.${conversation.message_count}`;

/** What an entry holds in memory, near enough: UTF-16 text plus the objects around it. */
const entrySize = (entry: Entry): number => 96 + entry.history.messages.length * 64 + entry.history.chars * 2;

/**
 * The prompt history of the conversations this replica ran the last turn of, tagged with where
 * their messages stood then. A turn reads its conversation every time (one row, always fresh) and
 * takes the history from here only when the row's tags are the entry's – the database is asked
 * for it otherwise, in the same statement – so what a prompt sees is what is stored, whichever
 * replica stored it; the cache spares the database reading up to 100 messages per turn, the
 * dearest part of an LLM turn's read. Bounded by bytes (least recently used first out).
 */
export class HistoryCache {
  private readonly entries: LRUCache<string, Entry>;

  constructor(maxBytes: number) {
    this.entries = new LRUCache<string, Entry>({ maxSize: maxBytes, sizeCalculation: entrySize });
  }

  /** The tags of what is kept under the key (a session id or credential), to ask the database for the history only if they moved on. */
  tags(key: string): HistoryTags | undefined {
    const entry = this.entries.peek(key);
    return entry && { stateVersion: entry.stateVersion, messageCount: entry.messageCount };
  }

  /** The kept history, if it is this conversation's as it stands now. */
  current(key: string, conversation: Pick<ConversationRow, 'id' | 'state_version' | 'message_count'>): HistoryMessage[] | undefined {
    return this.entryOf(key, conversation)?.history.messages;
  }

  /**
   * The runner to offer the conversation's next turn to, with what was stored since the history it
   * keeps – only while the kept history is the conversation's as it stands now, which is then that
   * runner's copy grown by what was stored since.
   */
  handOff(key: string, conversation: Pick<ConversationRow, 'id' | 'state_version' | 'message_count'>): HandOff | undefined {
    return this.entryOf(key, conversation)?.runner;
  }

  private entryOf(key: string, conversation: Pick<ConversationRow, 'id' | 'state_version' | 'message_count'>): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.conversationId !== conversation.id) return undefined;
    if (entry.stateVersion !== conversation.state_version || entry.messageCount !== conversation.message_count) return undefined;
    return entry;
  }

  /**
   * After a turn committed: the history it was given plus the messages it stored, cut again, under
   * the tags the commit left. `previous` is what the database held at the turn's tags (or the
   * entry that matched them), so the result is what the database holds now.
   */
  extend(
    key: string,
    conversationId: string,
    previous: HistoryMessage[],
    added: HistoryMessage[],
    tags: HistoryTags,
    /** The runner that ran the turn and keeps `previous` under the turn's tag (runner.turn `keptBy`). */
    keptBy?: { runner: string; tag: string },
  ): void {
    // More than a history holds is never sent as what was added (runner.turn's limits): the next turn then goes whole.
    const runner = keptBy && added.length <= turnHistoryLimits.messages ? { runner: keptBy.runner, since: { tag: keptBy.tag, added } } : undefined;
    // `previous` is the kept entry's history (HistoryCache.current) unless the turn read it from the database.
    const kept = this.entries.peek(key);
    const history = grownHistory(kept?.history.messages === previous ? kept.history : sizedHistory(previous), added);
    this.entries.set(key, { conversationId, history, ...tags, ...(runner ? { runner } : {}) });
  }

  get size(): number {
    return this.entries.size;
  }
}
