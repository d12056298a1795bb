import type { Citation, PrivacyVisitor, RetrievedPassage, StoredToolCall, TracedLlmCall } from '@parley/contracts';
import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';
import { sentimentView } from '../conversations/sentiment.repository.js';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** The visitor's score of a conversation, as an export gives it. */
const ratingOf = (row: { score: number; comment: string | null; updated_at: Date } | undefined) =>
  row ? { score: row.score, comment: row.comment, at: row.updated_at.toISOString() } : null;

/** Emails are stored lower-cased; an address given otherwise is looked up both ways. */
const spellings = (email: string) => [...new Set([email.toLowerCase(), email])];

/**
 * The ids of the tenant's conversations bound to the visitor (docs/management-api.md "Privacy"), not yet
 * erased: to the email or the signed user id (a widget's signed-in user, a Text Chat API session's
 * `metadata.user_id`), or – for an email – whose signed-in user says it (`metadata.user.email`,
 * either signing form), whose collected data names it (a personalised link's recipient), or whose
 * transcript or operators' answers it asked for (a transcript by email, a message left offline).
 * One indexed lookup each within the tenant (migration 2026112911), never a read of all its
 * conversations.
 */
function boundIds(db: Kysely<DB>, tenantId: string, visitor: PrivacyVisitor) {
  const ofTenant = () => db.selectFrom('text_conversations as b').select('b.id').where('b.tenant_id', '=', tenantId).where('b.erased_at', 'is', null);
  if (!('email' in visitor)) return ofTenant().where('b.user_id', '=', visitor.userId);
  const email = visitor.email.trim().toLowerCase();
  const spelled = spellings(visitor.email);
  return ofTenant()
    .where('b.visitor_email', 'in', spelled)
    .union(
      // The host site's word, kept as said: compared trimmed and lower-cased, as the address asked for is.
      ofTenant().where(sql`b.metadata->'user'->>'email'`, 'is not', null).where(sql<string>`lower(btrim(b.metadata->'user'->>'email'))`, '=', email),
    )
    .union(ofTenant().where(sql`b.collected_data->>'email'`, 'is not', null).where(sql<string>`lower(b.collected_data->>'email')`, '=', email))
    .union(ofTenant().where('b.transcript_email', 'in', spelled))
    .union(
      db
        .selectFrom('escalations as e')
        .innerJoin('text_conversations as c', 'c.id', 'e.conversation_id')
        .select('e.conversation_id as id')
        .where('e.tenant_id', '=', tenantId)
        .where('e.offline_email', 'in', spelled)
        .where('c.erased_at', 'is', null),
    );
}

/**
 * The ids of the visitor's conversations, not yet erased: those bound to them (boundIds), and –
 * for an email – those started on one of its personalised links. `onlyLinks` (a later chunk of
 * links): only the conversations on them that are not bound (the first chunk's pages had those).
 */
function visitorIds(db: Kysely<DB>, tenantId: string, visitor: PrivacyVisitor, scope: LinkScope) {
  const onLinks = () => db.selectFrom('text_conversations as l').select('l.id').where('l.tenant_id', '=', tenantId).where('l.erased_at', 'is', null);
  if (scope.onlyLinks) {
    if (scope.linkIds.length === 0) return onLinks().where(sql.lit(false));
    return onLinks()
      .where('l.link_id', 'in', scope.linkIds)
      .where('l.id', 'not in', boundIds(db, tenantId, visitor));
  }
  const bound = boundIds(db, tenantId, visitor);
  return scope.linkIds.length > 0 ? bound.union(onLinks().where('l.link_id', 'in', scope.linkIds)) : bound;
}

/**
 * A keyset page of those ids, taken from the lookups themselves: the conversations are then read
 * by id, so no plan walks the whole table in id order to find a rare visitor.
 */
function pageOfIds(db: Kysely<DB>, tenantId: string, visitor: PrivacyVisitor, scope: LinkScope, after: string | null, limit: number) {
  let query = db
    .selectFrom(visitorIds(db, tenantId, visitor, scope).as('v'))
    .select('v.id')
    .orderBy('v.id')
    .limit(limit);
  if (after !== null) query = query.where('v.id', '>', after);
  return query;
}

/** A chunk of the visitor's personalised links, and whether only their conversations are wanted (a later chunk). */
export interface LinkScope {
  linkIds: string[];
  onlyLinks?: boolean | undefined;
}

/**
 * The reads of a visitor's export and erasure (docs/management-api.md "Privacy"), each a keyset page, so an
 * export of any size holds one page at a time. The erasure itself is ConversationStore's.
 */
export class PrivacyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** A page of the ids of the visitor's conversations, by id. */
  async conversationIds(tenantId: string, visitor: PrivacyVisitor, scope: LinkScope, after: string | null, limit: number): Promise<string[]> {
    return (await pageOfIds(this.db, tenantId, visitor, scope, after, limit).execute()).map((row) => row.id);
  }

  /**
   * The signed-in users (identity realm and id) of the conversations bound to an email, not yet
   * erased: what the agents remember of them is kept under the user, not the email, and goes with
   * those conversations (docs/management-api.md "Privacy").
   */
  async signedUsers(tenantId: string, email: string, limit: number): Promise<{ userId: string; userRealm: string }[]> {
    const rows = await this.db
      .selectFrom('text_conversations')
      .select(['user_id', 'user_realm'])
      .distinct()
      .where('id', 'in', boundIds(this.db, tenantId, { email }))
      .where('user_id', 'is not', null)
      .where('user_realm', 'is not', null)
      .orderBy('user_realm')
      .orderBy('user_id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ userId: row.user_id as string, userRealm: row.user_realm as string }));
  }

  async conversations(tenantId: string, visitor: PrivacyVisitor, scope: LinkScope, after: string | null, limit: number) {
    const query = this.db
      .selectFrom('text_conversations')
      .select([
        'id',
        'session_id',
        'channel',
        'link_id',
        'agent_id',
        'status',
        'visitor_email',
        'user_id',
        'metadata',
        'collected_data',
        'total_turns',
        'created_at',
        'ended_at',
        'purged_at',
        'sentiment',
        'sentiment_label',
        'sentiment_method',
        'sentiment_at',
        'transcript_email',
        'transcript_sent_at',
        'resolution',
        'resolved_at',
        'labels',
        'visitor_language',
      ])
      .where('id', 'in', pageOfIds(this.db, tenantId, visitor, scope, after, limit))
      .orderBy('id');
    const rows = await query.execute();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [variables, escalations, ratings, gaps, notes] = await Promise.all([
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
      // The visitor's questions the agent's knowledge had no passage for (docs/workflow.md "Answers from knowledge in the transcript").
      this.db
        .selectFrom('knowledge_gaps')
        .select(['conversation_id', 'question', 'bases', 'created_at'])
        .where('conversation_id', 'in', ids)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      // The operators' internal notes speak of the visitor (docs/escalation.md "The inbox").
      this.db
        .selectFrom('conversation_notes')
        .select(['conversation_id', 'text', 'author_name', 'created_at'])
        .where('conversation_id', 'in', ids)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
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
      visitor_language: row.visitor_language,
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
      knowledge_gaps: gaps
        .filter((g) => g.conversation_id === row.id)
        .map((g) => ({ question: g.question, bases: g.bases, created_at: g.created_at.toISOString() })),
      labels: row.labels,
      notes: notes
        .filter((n) => n.conversation_id === row.id)
        .map((n) => ({ text: n.text, author_name: n.author_name, created_at: n.created_at.toISOString() })),
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
      .select(['m.id', 'm.sequence', 'm.role', 'm.content', 'm.turn_number', 'm.author_name', 'm.created_at', 'm.tool_call', 'm.citations'])
      .select(['f.rating as feedback_rating', 'f.comment as feedback_comment', 'f.updated_at as feedback_at'])
      .where('m.conversation_id', 'in', this.owned(tenantId, conversationId))
      .where('m.sequence', '>', after ?? -1)
      .orderBy('m.sequence')
      .limit(limit)
      .execute();
    // The agent's tool calls are the visitor's data too (docs/management-api.md "Privacy"): each with its call and result.
    // An answer from knowledge keeps the sources it cited.
    return rows.map(({ feedback_rating, feedback_comment, feedback_at, tool_call, citations, ...m }) => ({
      ...m,
      created_at: m.created_at.toISOString(),
      feedback: feedback_rating && feedback_at ? { rating: feedback_rating, comment: feedback_comment, at: feedback_at.toISOString() } : null,
      ...(tool_call === null ? {} : { tool_call: tool_call as StoredToolCall }),
      ...(citations === null ? {} : { citations: citations as Citation[] }),
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

  /** A page of the conversation's turn traces after turn `after` (docs/workflow.md "Traces"); none of another tenant's. */
  async traces(tenantId: string, conversationId: string, after: number | null, limit: number) {
    const rows = await this.db
      .selectFrom('turn_traces')
      .select(['turn_number', 'node_path', 'llm_calls', 'retrieval'])
      .where('conversation_id', 'in', this.owned(tenantId, conversationId))
      .where('turn_number', '>', after ?? -1)
      .orderBy('turn_number')
      .limit(limit)
      .execute();
    return rows.map((t) => ({
      turn: t.turn_number,
      node_path: t.node_path,
      llm_calls: t.llm_calls as unknown as TracedLlmCall[],
      ...(t.retrieval ? { retrieval: t.retrieval as unknown as RetrievedPassage[] } : {}),
    }));
  }
}
