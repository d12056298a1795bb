import type { PrivacyVisitor } from '@parley/contracts';
import type { DB, TextConversation } from '@parley/db';
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** Emails are stored lower-cased; an address given otherwise is looked up both ways. */
const spellings = (email: string) => [...new Set([email.toLowerCase(), email])];

/**
 * Which of the tenant's conversations are the visitor's (docs/api.md "Privacy"), not yet erased:
 * bound to the email or the signed user id (a widget's signed-in user, a Text Chat API session's
 * `metadata.user_id`), or – for an email – whose collected data names it (a personalised link's
 * recipient) or that were started on one of the email's personalised links.
 */
function visitorsConversations(eb: ExpressionBuilder<DB, 'text_conversations'>, tenantId: string, visitor: PrivacyVisitor, scope: LinkScope) {
  // Null-safe, so "not bound" holds for a row whose email or collected data is missing.
  const bound = eb.fn.coalesce(
    eb.or(
      'email' in visitor
        ? [
            eb('visitor_email', 'in', spellings(visitor.email)),
            eb(sql<string>`lower(collected_data->>'email')`, '=', visitor.email.trim().toLowerCase()),
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
 * SQL of a visitor's export and erasure (docs/api.md "Privacy"). Every read is a keyset page, so an
 * export of any size holds one page at a time; every erasure statement works on one batch.
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
      ])
      .where((eb) => visitorsConversations(eb, tenantId, visitor, scope))
      .orderBy('id')
      .limit(limit);
    if (after !== null) query = query.where('id', '>', after);
    const rows = await query.execute();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [variables, escalations] = await Promise.all([
      this.db
        .selectFrom('text_conversation_variables')
        .select(['conversation_id', 'name', 'value', 'turn_number', 'updated_at'])
        .where('conversation_id', 'in', ids)
        .orderBy('name')
        .execute(),
      this.db
        .selectFrom('escalations')
        .select(['id', 'conversation_id', 'reason', 'metadata', 'state', 'created_at', 'claimed_at', 'closed_at', 'operator_name'])
        .where('conversation_id', 'in', ids)
        .orderBy('created_at')
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
        })),
    }));
  }

  /** Whether the conversation is the tenant's: pages of another tenant's conversation are empty. */
  private owned(tenantId: string, conversationId: string) {
    return this.db.selectFrom('text_conversations').select('id').where('id', '=', conversationId).where('tenant_id', '=', tenantId);
  }

  async messages(tenantId: string, conversationId: string, after: number | null, limit: number) {
    const rows = await this.db
      .selectFrom('text_conversation_messages')
      .select(['id', 'sequence', 'role', 'content', 'turn_number', 'author_name', 'created_at'])
      .where('conversation_id', 'in', this.owned(tenantId, conversationId))
      .where('sequence', '>', after ?? -1)
      .orderBy('sequence')
      .limit(limit)
      .execute();
    return rows.map((m) => ({ ...m, created_at: m.created_at.toISOString() }));
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

  /**
   * Erases up to `limit` conversations in one statement (raw SQL: one statement of data-modifying
   * CTEs, so a batch is all or nothing). What the visitor said and who they were goes: messages,
   * transitions, variables, stored replies, credentials handed out on resuming, escalations'
   * reason and metadata (free text a visitor or backend wrote). The row stays – no email, user (nor their realm),
   * credential, metadata or collected data – with its counts, ended if it was active (state_version
   * bumped, so a turn in flight commits nothing), an open escalation closed. Marked purged too, so
   * retention passes it by.
   */
  async eraseBatch(where: { tenantId: string; ids: string[] } | { linkId: string; credentialHash: string }, limit: number) {
    const picked =
      'ids' in where
        ? sql`SELECT id FROM text_conversations WHERE tenant_id = ${where.tenantId} AND id = ANY(${where.ids}::uuid[]) ORDER BY id LIMIT ${limit} FOR UPDATE`
        : sql`SELECT id FROM text_conversations WHERE link_id = ${where.linkId} AND (credential_hash = ${where.credentialHash}
              OR id = (SELECT conversation_id FROM resumed_credentials WHERE credential_hash = ${where.credentialHash}))
              LIMIT 1 FOR UPDATE`;
    const result = await sql<{ conversations: string; messages: string; erased: ErasedRow[] | null }>`
      WITH picked AS (${picked}),
      msgs AS (DELETE FROM text_conversation_messages m USING picked WHERE m.conversation_id = picked.id RETURNING 1),
      trs AS (DELETE FROM text_conversation_transitions t USING picked WHERE t.conversation_id = picked.id),
      vars AS (DELETE FROM text_conversation_variables v USING picked WHERE v.conversation_id = picked.id),
      turns AS (DELETE FROM text_conversation_turns t USING picked WHERE t.conversation_id = picked.id),
      creds AS (DELETE FROM resumed_credentials r USING picked WHERE r.conversation_id = picked.id),
      escs AS (
        UPDATE escalations e SET reason = 'erased', metadata = '{}'::jsonb, updated_at = now(),
          state = CASE WHEN e.state IN ('waiting', 'claimed') THEN 'closed' ELSE e.state END,
          closed_at = CASE WHEN e.state IN ('waiting', 'claimed') THEN now() ELSE e.closed_at END
        FROM picked WHERE e.conversation_id = picked.id
      ),
      old AS (SELECT c.id, c.tenant_id, c.agent_id, c.visitor_email, c.user_id, c.user_realm FROM text_conversations c JOIN picked ON c.id = picked.id),
      marked AS (
        UPDATE text_conversations c SET visitor_email = NULL, user_id = NULL, user_realm = NULL, credential_hash = NULL,
          metadata = '{}'::jsonb, collected_data = '{}'::jsonb, escalation_id = NULL,
          status = CASE WHEN c.status = 'active' THEN 'abandoned' ELSE c.status END,
          ended_at = coalesce(c.ended_at, now()), state_version = c.state_version + 1,
          purged_at = coalesce(c.purged_at, now()), erased_at = now(), updated_at = now()
        FROM picked WHERE c.id = picked.id RETURNING c.id
      )
      SELECT (SELECT count(*) FROM marked) AS conversations, (SELECT count(*) FROM msgs) AS messages,
        (SELECT json_agg(json_build_object('id', id, 'tenant_id', tenant_id, 'agent_id', agent_id, 'visitor_email', visitor_email, 'user_id', user_id, 'user_realm', user_realm)) FROM old) AS erased`.execute(this.db);
    const row = result.rows[0]!;
    return { conversations: Number(row.conversations), messages: Number(row.messages), erased: row.erased ?? [] };
  }
}

/** What erasure read of a conversation before clearing it: whose it was, to tell the other services. */
export type ErasedRow = Pick<TextConversation, 'id' | 'tenant_id' | 'agent_id' | 'visitor_email' | 'user_id' | 'user_realm'>;
