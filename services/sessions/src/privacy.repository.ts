import type { PrivacyVisitor } from '@parley/contracts';
import type { DB } from '@parley/db';
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { sentimentView } from './conversation-sentiment.repository.js';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** The visitor's score of a conversation, as an export gives it. */
const ratingOf = (row: { score: number; comment: string | null; updated_at: Date } | undefined) =>
  row ? { score: row.score, comment: row.comment, at: row.updated_at.toISOString() } : null;

/** Emails are stored lower-cased; an address given otherwise is looked up both ways. */
const spellings = (email: string) => [...new Set([email.toLowerCase(), email])];

/**
 * Which of the tenant's conversations are the visitor's (docs/api.md "Privacy"), not yet erased:
 * bound to the email or the signed user id (a widget's signed-in user, a Text Chat API session's
 * `metadata.user_id`), or – for an email – whose collected data names it (a personalised link's
 * recipient), whose transcript or operators' answers it asked for (a transcript by email, a message
 * left offline), or that were started on one of the email's personalised links.
 */
function visitorsConversations(eb: ExpressionBuilder<DB, 'text_conversations'>, tenantId: string, visitor: PrivacyVisitor, scope: LinkScope) {
  // Null-safe, so "not bound" holds for a row whose email or collected data is missing.
  const bound = eb.fn.coalesce(
    eb.or(
      'email' in visitor
        ? [
            eb('visitor_email', 'in', spellings(visitor.email)),
            eb(sql<string>`lower(collected_data->>'email')`, '=', visitor.email.trim().toLowerCase()),
            eb('transcript_email', 'in', spellings(visitor.email)),
            eb.exists(
              eb
                .selectFrom('escalations as e')
                .select('e.id')
                .whereRef('e.conversation_id', '=', 'text_conversations.id')
                .where('e.offline_email', 'in', spellings(visitor.email)),
            ),
          ]
        : [eb('user_id', '=', visitor.userId)],
    ),
    sql.lit(false),
  );
  const onLinks = scope.linkIds.length > 0 ? [eb('link_id', 'in', scope.linkIds)] : [];
  return eb.and([
    eb('tenant_id', '=', tenantId),
    eb('erased_at', 'is', null),
    scope.onlyLinks ? eb.and([...onLinks, eb.not(bound), ...(onLinks.length === 0 ? [sql.lit(false)] : [])]) : eb.or([bound, ...onLinks]),
  ]);
}

/** A chunk of the visitor's personalised links, and whether only their conversations are wanted (a later chunk). */
export interface LinkScope {
  linkIds: string[];
  onlyLinks?: boolean | undefined;
}

/**
 * The reads of a visitor's export and erasure (docs/api.md "Privacy"), each a keyset page, so an
 * export of any size holds one page at a time. The erasure itself is ConversationStore's.
 */
export class PrivacyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** A page of the ids of the visitor's conversations, by id. */
  async conversationIds(tenantId: string, visitor: PrivacyVisitor, scope: LinkScope, after: string | null, limit: number): Promise<string[]> {
    let query = this.db
      .selectFrom('text_conversations')
      .select('id')
      .where((eb) => visitorsConversations(eb, tenantId, visitor, scope))
      .orderBy('id')
      .limit(limit);
    if (after !== null) query = query.where('id', '>', after);
    return (await query.execute()).map((row) => row.id);
  }

  async conversations(tenantId: string, visitor: PrivacyVisitor, scope: LinkScope, after: string | null, limit: number) {
    let query = this.db
      .selectFrom('text_conversations')
      .select([
        'id', 'session_id', 'channel', 'link_id', 'agent_id', 'status', 'visitor_email', 'user_id', 'metadata',
        'collected_data', 'total_turns', 'created_at', 'ended_at', 'purged_at',
        'sentiment', 'sentiment_label', 'sentiment_method', 'sentiment_at', 'transcript_email', 'transcript_sent_at',
        'resolution', 'resolved_at',
      ])
      .where((eb) => visitorsConversations(eb, tenantId, visitor, scope))
      .orderBy('id')
      .limit(limit);
    if (after !== null) query = query.where('id', '>', after);
    const rows = await query.execute();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [variables, escalations, ratings] = await Promise.all([
      this.db
        .selectFrom('text_conversation_variables')
        .select(['conversation_id', 'name', 'value', 'turn_number', 'updated_at'])
        .where('conversation_id', 'in', ids)
        .orderBy('name')
        .execute(),
      this.db
        .selectFrom('escalations')
        .select(['id', 'conversation_id', 'reason', 'metadata', 'state', 'created_at', 'claimed_at', 'closed_at', 'operator_name', 'offline_email'])
        .where('conversation_id', 'in', ids)
        .orderBy('created_at')
        .execute(),
      this.db.selectFrom('conversation_ratings').select(['conversation_id', 'score', 'comment', 'updated_at']).where('conversation_id', 'in', ids).execute(),
    ]);
    return rows.map((row) => ({
      id: row.id,
      session_id: row.session_id,
      channel: row.channel,
      link_id: row.link_id,
      agent_id: row.agent_id,
      status: row.status,
      visitor_email: row.visitor_email,
      user_id: row.user_id,
      metadata: row.metadata,
      collected_data: row.collected_data,
      total_turns: row.total_turns,
      created_at: row.created_at.toISOString(),
      ended_at: iso(row.ended_at),
      purged_at: iso(row.purged_at),
      transcript_email: row.transcript_email,
      transcript_sent_at: iso(row.transcript_sent_at),
      variables: variables
        .filter((v) => v.conversation_id === row.id)
        .map((v) => ({ name: v.name, value: v.value, turn_number: v.turn_number, updated_at: v.updated_at.toISOString() })),
      escalations: escalations
        .filter((e) => e.conversation_id === row.id)
        .map((e) => ({
          id: e.id,
          reason: e.reason,
          metadata: e.metadata,
          state: e.state,
          created_at: e.created_at.toISOString(),
          claimed_at: iso(e.claimed_at),
          closed_at: iso(e.closed_at),
          operator_name: e.operator_name,
          offline_email: e.offline_email,
        })),
      rating: ratingOf(ratings.find((r) => r.conversation_id === row.id)),
      sentiment: sentimentView(row),
      resolution: row.resolution && row.resolved_at ? { reason: row.resolution, resolved_at: row.resolved_at.toISOString() } : null,
    }));
  }

  /** Whether the conversation is the tenant's: pages of another tenant's conversation are empty. */
  private owned(tenantId: string, conversationId: string) {
    return this.db.selectFrom('text_conversations').select('id').where('id', '=', conversationId).where('tenant_id', '=', tenantId);
  }

  async messages(tenantId: string, conversationId: string, after: number | null, limit: number) {
    const rows = await this.db
      .selectFrom('text_conversation_messages as m')
      // The visitor's thumb goes with the message it is about (a message has one at most).
      .leftJoin('message_feedback as f', (join) => join.onRef('f.conversation_id', '=', 'm.conversation_id').onRef('f.message_id', '=', 'm.id'))
      .select(['m.id', 'm.sequence', 'm.role', 'm.content', 'm.turn_number', 'm.author_name', 'm.created_at'])
      .select(['f.rating as feedback_rating', 'f.comment as feedback_comment', 'f.updated_at as feedback_at'])
      .where('m.conversation_id', 'in', this.owned(tenantId, conversationId))
      .where('m.sequence', '>', after ?? -1)
      .orderBy('m.sequence')
      .limit(limit)
      .execute();
    return rows.map(({ feedback_rating, feedback_comment, feedback_at, ...m }) => ({
      ...m,
      created_at: m.created_at.toISOString(),
      feedback: feedback_rating && feedback_at ? { rating: feedback_rating, comment: feedback_comment, at: feedback_at.toISOString() } : null,
    }));
  }

  async transitions(tenantId: string, conversationId: string, after: { turn: number; sequence: number } | null, limit: number) {
    const from = after ?? { turn: -1, sequence: -1 };
    const rows = await this.db
      .selectFrom('text_conversation_transitions')
      .select(['turn_number', 'sequence', 'from_node', 'from_node_name', 'to_node', 'to_node_name', 'condition', 'created_at'])
      .where('conversation_id', 'in', this.owned(tenantId, conversationId))
      .where((eb) => eb(eb.refTuple('turn_number', 'sequence'), '>', eb.tuple(from.turn, from.sequence)))
      .orderBy('turn_number')
      .orderBy('sequence')
      .limit(limit)
      .execute();
    return rows.map((t) => ({ ...t, created_at: t.created_at.toISOString() }));
  }
}

