import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/** A note as stored. */
export interface StoredNote {
  id: string;
  escalation_id: string;
  text: string;
  author_name: string;
  created_at: Date;
}

/**
 * What operators add to a conversation (docs/escalation.md "The inbox"): internal notes
 * (conversation_notes), labels (text_conversations.labels) and when each of them last read it
 * (conversation_reads). Retention and erasure remove them with the messages (ConversationStore).
 */
export class AnnotationsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  addNote(note: { id: string; tenantId: string; conversationId: string; escalationId: string; authorId: string | null; authorName: string; text: string }) {
    return this.db
      .insertInto('conversation_notes')
      .values({
        id: note.id,
        tenant_id: note.tenantId,
        conversation_id: note.conversationId,
        escalation_id: note.escalationId,
        author_id: note.authorId,
        author_name: note.authorName,
        text: note.text,
      })
      .returning(['id', 'escalation_id', 'text', 'author_name', 'created_at'])
      .executeTakeFirstOrThrow();
  }

  /** A conversation's notes, oldest first. */
  notes(conversationId: string): Promise<StoredNote[]> {
    return this.db
      .selectFrom('conversation_notes')
      .select(['id', 'escalation_id', 'text', 'author_name', 'created_at'])
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async labels(conversationId: string): Promise<string[]> {
    const row = await this.db.selectFrom('text_conversations').select('labels').where('id', '=', conversationId).executeTakeFirst();
    return row?.labels ?? [];
  }

  /** Sets the tenant's conversation's labels; undefined when it has no such conversation. */
  async setLabels(tenantId: string, conversationId: string, labels: string[]): Promise<string[] | undefined> {
    const row = await this.db
      .updateTable('text_conversations')
      .set({ labels: sql<string[]>`${labels}::text[]` })
      .where('id', '=', conversationId)
      .where('tenant_id', '=', tenantId)
      .returning(['labels'])
      .executeTakeFirst();
    return row?.labels;
  }

  /** The reader has read the conversation now: its unread count for them starts again. */
  async markRead(tenantId: string, conversationId: string, readerId: string): Promise<void> {
    await this.db
      .insertInto('conversation_reads')
      .values({ conversation_id: conversationId, reader_id: readerId, tenant_id: tenantId })
      .onConflict((oc) => oc.columns(['conversation_id', 'reader_id']).doUpdateSet({ read_at: sql`now()` }))
      .execute();
  }
}
