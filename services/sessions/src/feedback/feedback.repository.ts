import type { DB } from '@parley/db';
import { type Kysely, sql, type Transaction } from 'kysely';

type Rating = 'up' | 'down';

/** What storing a thumb came to: stored (with what it replaced), or why not. */
export type FeedbackWrite =
  | { outcome: 'stored'; role: 'assistant' | 'operator'; at: Date; previous: { rating: Rating; at: Date } | null }
  | { outcome: 'no_conversation' }
  | { outcome: 'no_message' }
  | { outcome: 'not_an_answer'; role: 'user' | 'system' };

/** What storing a score came to. */
export type RatingWrite =
  | { outcome: 'stored'; at: Date; previous: { score: number; at: Date } | null }
  | { outcome: 'no_conversation' }
  | { outcome: 'purged' };

/** A conversation's feedback as its owners see it. */
export interface StoredFeedback {
  message_id: string;
  rating: Rating;
  comment: string | null;
  updated_at: Date;
}

export interface StoredRating {
  conversation_id: string;
  score: number;
  comment: string | null;
  updated_at: Date;
}

/**
 * SQL of visitors' feedback (tables message_feedback and conversation_ratings, owned by the
 * sessions service). Retention and erasure remove it in ConversationStore's statements, with the
 * messages.
 */
export class FeedbackRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The conversation, locked against erasure and retention for the rest of the transaction (KEY
   * SHARE: a turn's update of the row does not wait on it), so no feedback is written beside a
   * conversation that has just lost its messages. Undefined when erased.
   */
  private async hold(trx: Transaction<DB>, conversationId: string) {
    const row = await trx.selectFrom('text_conversations').select(['erased_at', 'purged_at']).where('id', '=', conversationId).forKeyShare().executeTakeFirst();
    return row && row.erased_at === null ? row : undefined;
  }

  /**
   * Keeps the visitor's thumb on one message of the conversation, replacing an earlier one. The
   * earlier one is read under the row's lock, so two replacements at once each see the other's
   * rating, and analytics takes each back once.
   */
  giveFeedback(values: { conversationId: string; tenantId: string; messageId: string; rating: Rating; comment: string | null }): Promise<FeedbackWrite> {
    return this.db.transaction().execute(async (trx): Promise<FeedbackWrite> => {
      if (!(await this.hold(trx, values.conversationId))) return { outcome: 'no_conversation' };
      const message = await trx
        .selectFrom('text_conversation_messages')
        .select('role')
        .where('conversation_id', '=', values.conversationId)
        .where('id', '=', values.messageId)
        .where('status', '=', 'ok')
        // A tool call is never shown to the visitor: to them it does not exist.
        .where('role', '<>', 'tool')
        .$narrowType<{ role: 'user' | 'assistant' | 'operator' | 'system' }>()
        .executeTakeFirst();
      if (!message) return { outcome: 'no_message' };
      if (message.role === 'user' || message.role === 'system') return { outcome: 'not_an_answer', role: message.role };
      const key = { conversation_id: values.conversationId, message_id: values.messageId };
      const inserted = await trx
        .insertInto('message_feedback')
        .values({ ...key, tenant_id: values.tenantId, rating: values.rating, comment: values.comment })
        .onConflict((oc) => oc.columns(['conversation_id', 'message_id']).doNothing())
        .returning('updated_at')
        .executeTakeFirst();
      if (inserted) return { outcome: 'stored', role: message.role, at: inserted.updated_at, previous: null };
      const previous = await trx
        .selectFrom('message_feedback')
        .select(['rating', 'updated_at'])
        .where('conversation_id', '=', key.conversation_id)
        .where('message_id', '=', key.message_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const updated = await trx
        .updateTable('message_feedback')
        .set({ rating: values.rating, comment: values.comment, updated_at: sql<Date>`now()` })
        .where('conversation_id', '=', key.conversation_id)
        .where('message_id', '=', key.message_id)
        .returning('updated_at')
        .executeTakeFirstOrThrow();
      return { outcome: 'stored', role: message.role, at: updated.updated_at, previous: { rating: previous.rating, at: previous.updated_at } };
    });
  }

  /** Keeps the visitor's score of the conversation, replacing an earlier one (read under its lock, as giveFeedback does). */
  rate(values: { conversationId: string; tenantId: string; score: number; comment: string | null }): Promise<RatingWrite> {
    return this.db.transaction().execute(async (trx): Promise<RatingWrite> => {
      const conversation = await this.hold(trx, values.conversationId);
      if (!conversation) return { outcome: 'no_conversation' };
      if (conversation.purged_at !== null) return { outcome: 'purged' };
      const inserted = await trx
        .insertInto('conversation_ratings')
        .values({ conversation_id: values.conversationId, tenant_id: values.tenantId, score: values.score, comment: values.comment })
        .onConflict((oc) => oc.column('conversation_id').doNothing())
        .returning('updated_at')
        .executeTakeFirst();
      if (inserted) return { outcome: 'stored', at: inserted.updated_at, previous: null };
      const previous = await trx
        .selectFrom('conversation_ratings')
        .select(['score', 'updated_at'])
        .where('conversation_id', '=', values.conversationId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const updated = await trx
        .updateTable('conversation_ratings')
        .set({ score: values.score, comment: values.comment, updated_at: sql<Date>`now()` })
        .where('conversation_id', '=', values.conversationId)
        .returning('updated_at')
        .executeTakeFirstOrThrow();
      return { outcome: 'stored', at: updated.updated_at, previous: { score: previous.score, at: previous.updated_at } };
    });
  }

  /** The thumbs given in a conversation, by message id. */
  async feedbackOf(conversationId: string): Promise<Map<string, StoredFeedback>> {
    const rows = await this.db
      .selectFrom('message_feedback')
      .select(['message_id', 'rating', 'comment', 'updated_at'])
      .where('conversation_id', '=', conversationId)
      .execute();
    return new Map(rows.map((row) => [row.message_id, row]));
  }

  /** The scores of these conversations (those rated), by conversation id. */
  async ratingsOf(conversationIds: string[]): Promise<Map<string, StoredRating>> {
    if (conversationIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('conversation_ratings')
      .select(['conversation_id', 'score', 'comment', 'updated_at'])
      .where('conversation_id', 'in', conversationIds)
      .execute();
    return new Map(rows.map((row) => [row.conversation_id, row]));
  }
}
