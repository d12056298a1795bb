import type { ConversationRow } from './conversation.repository.js';

/**
 * The last known state of recently active conversations, so a turn usually starts without a
 * read. It is only a hint: every commit is guarded by the row's state_version, so a stale entry
 * (another replica moved the conversation on, or ended it) makes the commit fail, the entry is
 * dropped and the turn is recomputed from the database.
 */
export class ConversationCache {
  private readonly entries = new Map<string, ConversationRow>();

  constructor(private readonly maxEntries = 10_000) {}

  get(sessionId: string): ConversationRow | undefined {
    const entry = this.entries.get(sessionId);
    if (entry) {
      // Re-insert to keep the map in least-recently-used order.
      this.entries.delete(sessionId);
      this.entries.set(sessionId, entry);
    }
    return entry;
  }

  set(row: ConversationRow): void {
    this.entries.delete(row.session_id);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(row.session_id, row);
  }

  delete(sessionId: string): void {
    this.entries.delete(sessionId);
  }
}
