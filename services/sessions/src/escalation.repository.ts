import type { DB, EscalationsTable, TextConversation } from '@parley/db';
import { type Kysely, type Selectable, sql } from 'kysely';
import { CONVERSATION_COLUMN_NAMES, type ConversationRow, conversationColumns } from './conversation.repository.js';

export type EscalationRow = Selectable<EscalationsTable>;

/** Who acts on an escalation: a key (its id; null for the platform admin key) and the name visitors see. */
export interface Operator {
  keyId: string | null;
  name: string;
}

/** The admin key has no key id; its claims are told apart from every tenant key's by this. */
const operatorKey = (operator: Operator) => operator.keyId ?? 'admin';

export interface InboxRow extends EscalationRow, Pick<TextConversation, 'channel' | 'link_id'> {
  last_message: string | null;
  last_message_at: Date | null;
}

/**
 * SQL for escalations, the one table of them (sessions service). Every change that also changes
 * the conversation (opening, releasing, closing) is one statement, so the conversation's
 * `escalation_id` and the escalation's state never disagree, and each bumps state_version: a turn
 * computed before the change commits nothing.
 */
export class EscalationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Opens an escalation on an active conversation with none open; undefined when it has one or has ended. */
  async open(values: {
    id: string;
    conversation: ConversationRow;
    reason: string;
    metadata: Record<string, unknown>;
    source: 'visitor' | 'api' | 'workflow';
  }): Promise<{ escalation: EscalationRow; conversation: ConversationRow } | undefined> {
    const c = values.conversation;
    const result = await sql<EscalationRow & { conversation: ConversationRow }>`
      WITH upd AS (
        UPDATE text_conversations SET escalation_id = ${values.id}, state_version = state_version + 1, updated_at = now()
        WHERE id = ${c.id} AND status = 'active' AND escalation_id IS NULL
        RETURNING ${conversationColumns}
      ), esc AS (
        INSERT INTO escalations (id, tenant_id, conversation_id, agent_id, reason, metadata, source)
        SELECT ${values.id}, upd.tenant_id, upd.id, upd.agent_id, ${values.reason}, ${JSON.stringify(values.metadata)}::jsonb, ${values.source}
        FROM upd
        RETURNING *
      )
      SELECT esc.*, (SELECT to_jsonb(upd) FROM upd) AS conversation FROM esc`.execute(this.db);
    const row = result.rows[0];
    if (!row) return undefined;
    const { conversation, ...escalation } = row;
    return { escalation, conversation: revive(conversation) };
  }

  find(tenantId: string, id: string): Promise<EscalationRow | undefined> {
    return this.db.selectFrom('escalations').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
  }

  findById(id: string): Promise<EscalationRow | undefined> {
    return this.db.selectFrom('escalations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  forConversation(conversationId: string): Promise<EscalationRow[]> {
    return this.db
      .selectFrom('escalations')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** The tenant's waiting escalations in queue order (oldest first): position is the 1-based index. */
  waiting(tenantId: string): Promise<Pick<EscalationRow, 'id' | 'conversation_id' | 'created_at'>[]> {
    return this.db
      .selectFrom('escalations')
      .select(['id', 'conversation_id', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('state', '=', 'waiting')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** How long the tenant's last claims (within a week, at most 20) waited, on average, in seconds; null without any. */
  async averageWaitSeconds(tenantId: string): Promise<number | null> {
    const result = await sql<{ seconds: number | null }>`
      SELECT avg(extract(epoch FROM claimed_at - created_at))::float8 AS seconds FROM (
        SELECT claimed_at, created_at FROM escalations
        WHERE tenant_id = ${tenantId} AND claimed_at IS NOT NULL AND claimed_at > now() - interval '7 days'
        ORDER BY claimed_at DESC LIMIT 20
      ) recent`.execute(this.db);
    return result.rows[0]?.seconds ?? null;
  }

  /**
   * The inbox: the tenant's escalations in the given states, with their conversation's channel
   * and last message. Open ones (waiting, claimed) come first, oldest first – the work to do, never
   * pushed out of a capped page by history – then released and closed ones, the most recently
   * finished first. Raw SQL for the lateral join and the ordering by open-ness.
   */
  async inbox(tenantId: string, states: string[], agentId: string | undefined, limit: number): Promise<InboxRow[]> {
    const order = sql`(e.state IN ('waiting', 'claimed')) DESC,
      CASE WHEN e.state IN ('waiting', 'claimed') THEN e.created_at END,
      CASE WHEN e.state IN ('waiting', 'claimed') THEN NULL ELSE e.updated_at END DESC,
      e.id`;
    // The page is chosen first: the conversations and last messages are read for its rows only.
    const result = await sql<InboxRow>`
      WITH page AS (
        SELECT * FROM escalations e
        WHERE e.tenant_id = ${tenantId} AND e.state = ANY(${states}::text[])
          AND (${agentId ?? null}::uuid IS NULL OR e.agent_id = ${agentId ?? null}::uuid)
        ORDER BY ${order}
        LIMIT ${limit}
      )
      SELECT e.*, c.channel, c.link_id, last.content AS last_message, last.created_at AS last_message_at
      FROM page e
      JOIN text_conversations c ON c.id = e.conversation_id
      LEFT JOIN LATERAL (
        SELECT content, created_at FROM text_conversation_messages m
        WHERE m.conversation_id = e.conversation_id AND m.status = 'ok'
        ORDER BY sequence DESC LIMIT 1
      ) last ON true
      ORDER BY ${order}`.execute(this.db);
    return result.rows;
  }

  /**
   * Claims a waiting escalation for an operator (claiming one's own again is a no-op); undefined
   * when it is not waiting, or claimed by someone else.
   */
  async claim(tenantId: string, id: string, operator: Operator): Promise<EscalationRow | undefined> {
    return this.db
      .updateTable('escalations')
      .set({ state: 'claimed', operator_key_id: operatorKey(operator), operator_name: operator.name, claimed_at: sql`coalesce(claimed_at, now())`, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('state', '=', 'waiting'), eb.and([eb('state', '=', 'claimed'), eb('operator_key_id', '=', operatorKey(operator))])]))
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * An operator's message in a conversation they have claimed, stored in the one statement that
   * checks the claim; undefined when the escalation is not claimed by this operator (or the
   * conversation has ended).
   */
  async reply(tenantId: string, id: string, operator: Operator, messageId: string, content: string) {
    const result = await sql<{ conversation_id: string; created_at: Date }>`
      WITH esc AS (
        SELECT conversation_id FROM escalations
        WHERE id = ${id} AND tenant_id = ${tenantId} AND state = 'claimed' AND operator_key_id = ${operatorKey(operator)}
      ), upd AS (
        UPDATE text_conversations c SET message_count = message_count + 1, updated_at = now()
        FROM esc WHERE c.id = esc.conversation_id AND c.status = 'active' AND c.escalation_id = ${id}
        RETURNING c.id, c.message_count, c.current_node_id
      )
      INSERT INTO text_conversation_messages (id, conversation_id, sequence, role, content, node_id, author_name)
      SELECT ${messageId}, upd.id, upd.message_count - 1, 'operator', ${content}, upd.current_node_id, ${operator.name} FROM upd
      RETURNING conversation_id, created_at`.execute(this.db);
    return result.rows[0];
  }

  /**
   * Releases (hands back to the agent) or closes (ends the conversation) an open escalation: a
   * waiting one by any operator, a claimed one only by its claimant. Undefined when neither holds.
   */
  async finish(tenantId: string, id: string, operator: Operator, to: 'released' | 'closed') {
    const result = await sql<EscalationRow & { conversation: ConversationRow | null }>`
      WITH esc AS (
        UPDATE escalations SET state = ${to}, updated_at = now(),
          released_at = CASE WHEN ${to} = 'released' THEN now() ELSE released_at END,
          closed_at = CASE WHEN ${to} = 'closed' THEN now() ELSE closed_at END,
          operator_key_id = coalesce(operator_key_id, ${operatorKey(operator)}),
          operator_name = coalesce(operator_name, ${operator.name})
        WHERE id = ${id} AND tenant_id = ${tenantId}
          AND (state = 'waiting' OR (state = 'claimed' AND operator_key_id = ${operatorKey(operator)}))
        RETURNING *
      ), upd AS (
        UPDATE text_conversations c SET escalation_id = NULL, state_version = state_version + 1, updated_at = now(),
          status = CASE WHEN ${to} = 'closed' AND status = 'active' THEN 'completed' ELSE status END,
          ended_at = CASE WHEN ${to} = 'closed' AND status = 'active' THEN now() ELSE ended_at END
        FROM esc WHERE c.id = esc.conversation_id AND c.escalation_id = esc.id
        RETURNING ${sql.raw(conversationColumnsOf('c'))}
      )
      SELECT esc.*, (SELECT to_jsonb(upd) FROM upd) AS conversation FROM esc`.execute(this.db);
    const row = result.rows[0];
    if (!row) return undefined;
    const { conversation, ...escalation } = row;
    return { escalation: escalation as EscalationRow, conversation: conversation ? revive(conversation) : undefined };
  }

  /** Closes the open escalation of a conversation that has ended (no operator: the platform closed it); undefined when none was open. */
  async closeForEnded(escalationId: string): Promise<EscalationRow | undefined> {
    const result = await sql<EscalationRow>`
      WITH esc AS (
        UPDATE escalations SET state = 'closed', closed_at = now(), updated_at = now()
        WHERE id = ${escalationId} AND state IN ('waiting', 'claimed')
        RETURNING *
      ), upd AS (
        UPDATE text_conversations c SET escalation_id = NULL
        FROM esc WHERE c.id = esc.conversation_id AND c.escalation_id = esc.id
      )
      SELECT * FROM esc`.execute(this.db);
    return result.rows[0];
  }

  /** Marks waiting escalations as told to the tenant's operator address, once: only one replica gets each. */
  async markNotified(ids: string[]): Promise<EscalationRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .updateTable('escalations')
      .set({ notified_at: sql`now()` })
      .where('id', 'in', ids)
      .where('state', '=', 'waiting')
      .where('notified_at', 'is', null)
      .returningAll()
      .execute();
  }

  /** Waiting escalations not yet told about that waited past `seconds`, or (any age) of the given tenants. */
  dueForNotice(seconds: number, tenantsWithNobody: string[], limit: number): Promise<EscalationRow[]> {
    return this.db
      .selectFrom('escalations')
      .selectAll()
      .where('state', '=', 'waiting')
      .where('notified_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('created_at', '<', sql<Date>`now() - make_interval(secs => ${seconds})`),
          ...(tenantsWithNobody.length > 0 ? [eb('tenant_id', 'in', tenantsWithNobody)] : []),
        ]),
      )
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }

  /** Tenants with escalations waiting and not yet told about. */
  async tenantsWaiting(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('escalations')
      .select('tenant_id')
      .distinct()
      .where('state', '=', 'waiting')
      .where('notified_at', 'is', null)
      .execute();
    return rows.map((row) => row.tenant_id);
  }
}

/** The conversation columns qualified by a table alias (an UPDATE … FROM returns both tables' columns). */
function conversationColumnsOf(alias: string): string {
  return CONVERSATION_COLUMN_NAMES.map((column) => `${alias}.${column}`).join(', ');
}

/** A conversation row that came back as JSON (to_jsonb): its timestamps as dates again. */
function revive(row: ConversationRow): ConversationRow {
  const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));
  return { ...row, created_at: date(row.created_at) as Date, updated_at: date(row.updated_at) as Date, ended_at: date(row.ended_at) };
}
