import { LRUCache } from 'lru-cache';
import type { ConversationRow } from '../store/conversation.repository.js';
import type { TurnCommit } from '../store/conversation.store.js';

/** How many conversations a sessions replica keeps (about a kilobyte each). */
const DEFAULT_MAX_ENTRIES = 20_000;

/**
 * The conversations whose last turn this replica committed, as that commit returned them – for
 * the next turn of an agent version that asks no language model, which then starts from the kept
 * row instead of reading it (docs/workflow.md "All or nothing").
 *
 * Safe because such a turn's work is pure: its commit is guarded by state_version, which every
 * change a turn depends on raises; when another replica or request moved the conversation on, the
 * guard refuses the commit, the statement returns the row as it stands, and the turn is computed
 * again from that – no more statements than reading first, and nothing asked twice, as no LLM is
 * asked. A kept row is only trusted to let a message in: whatever it would refuse (an ended or
 * escalated conversation, an idle one, a spent quota, another link) is confirmed against the
 * stored row. A turn that asks an LLM never starts from here: a stale row would ask it twice.
 */
export class KeptConversations {
  private readonly rows: LRUCache<string, ConversationRow>;

  constructor(maxEntries = DEFAULT_MAX_ENTRIES) {
    this.rows = new LRUCache({ max: maxEntries });
  }

  /** The row kept under the key (a session id or a visitor's credential hash). */
  get(key: string): ConversationRow | undefined {
    return this.rows.get(key);
  }

  /** Keeps an active conversation's row; an ended one is forgotten (its next message reads the store). */
  keep(key: string, row: ConversationRow): void {
    if (row.status === 'active') this.rows.set(key, row);
    else this.rows.delete(key);
  }

  /**
   * After the commit of a turn that started from `started`: the row it committed; refused, the
   * row as the statement found it – unless that is the row the turn started from (the statement
   * then waited on a write it cannot see), which is forgotten, so the next attempt reads.
   */
  afterCommit(key: string, started: ConversationRow, commit: TurnCommit): void {
    if (commit.committed) {
      this.keep(key, commit.row);
      return;
    }
    const { current } = commit;
    const movedOn = current !== undefined && (current.state_version !== started.state_version || current.updated_at.getTime() !== started.updated_at.getTime());
    if (movedOn) this.keep(key, current);
    else this.forget(key);
  }

  forget(key: string): void {
    this.rows.delete(key);
  }
}
