import type { ConversationReader } from '@parley/contracts';
import type { DB, EscalationsTable, TextConversation } from '@parley/db';
import { type Kysely, type Selectable, sql } from 'kysely';
import { type FactsRow, lastVisitorMessage, unreadBy, visitorColumns } from '../conversations/conversation-facts.js';
import { escalationVisibleTo } from '../store/visibility.repository.js';
import { actorOf, type Operator } from './inbox-operator.js';

export type EscalationRow = Selectable<EscalationsTable>;

export interface InboxRow extends EscalationRow, Pick<TextConversation, 'channel' | 'link_id'>, InboxFacts {}

/** What an inbox item shows of its conversation besides the escalation (conversation-facts.ts). */
export interface InboxFacts extends FactsRow {
  last_message: string | null;
  last_message_at: Date | null;
  labels: string[];
  /** Null when no reader was named (a live event, which is everyone's). */
  unread: number | null;
}

/**
 * SQL for escalations (sessions service): their reads, the inbox and the changes to an escalation
 * alone (a claim, a notice). A change that also changes the conversation (opening, an operator's
 * message, releasing, closing) is ConversationStore's, in one statement with it.
 */
export class EscalationRepository {
  constructor(private readonly db: Kysely<DB>) {}

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
  waiting(tenantId: string): Promise<Pick<EscalationRow, 'id' | 'conversation_id' | 'created_at' | 'team_id'>[]> {
    return this.db
      .selectFrom('escalations')
      .select(['id', 'conversation_id', 'created_at', 'team_id'])
      .where('tenant_id', '=', tenantId)
      .where('state', '=', 'waiting')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** How long the last claims of each of the tenant's queues (a team's, or none: the tenant's; within a week, at most 20 each) waited, on average, in seconds. */
  async averageWaitSeconds(tenantId: string): Promise<Map<string | null, number>> {
    const result = await sql<{ team_id: string | null; seconds: number | null }>`
      SELECT team_id, avg(extract(epoch FROM claimed_at - created_at))::float8 AS seconds FROM (
        SELECT team_id, claimed_at, created_at, row_number() OVER (PARTITION BY team_id ORDER BY claimed_at DESC) AS n FROM escalations
        WHERE tenant_id = ${tenantId} AND claimed_at IS NOT NULL AND claimed_at > now() - interval '7 days'
      ) recent WHERE n <= 20 GROUP BY team_id`.execute(this.db);
    return new Map(result.rows.flatMap((row) => (row.seconds === null ? [] : [[row.team_id, row.seconds] as const])));
  }

  /**
   * The inbox: the tenant's escalations in the given states that the reader may see, with their
   * conversation's channel and last message. Open ones (waiting, claimed) come first, oldest
   * first – the work to do, never pushed out of a capped page by history – then released and
   * closed ones, the most recently finished first. Raw SQL for the lateral join and the ordering
   * by open-ness.
   */
  async inbox(
    tenantId: string,
    states: string[],
    agentId: string | undefined,
    limit: number,
    filter: { team?: string | undefined; operatorActorId?: string | undefined; reader: ConversationReader; readerId: string },
  ): Promise<InboxRow[]> {
    const team = filter.team ?? null;
    const order = sql`(e.state IN ('waiting', 'assigned', 'claimed')) DESC,
      CASE WHEN e.state IN ('waiting', 'assigned', 'claimed') THEN e.created_at END,
      CASE WHEN e.state IN ('waiting', 'assigned', 'claimed') THEN NULL ELSE e.updated_at END DESC,
      e.id`;
    // The page is chosen first: the conversations and last messages are read for its rows only.
    const result = await sql<InboxRow>`
      WITH page AS (
        SELECT * FROM escalations e
        WHERE e.tenant_id = ${tenantId} AND e.state = ANY(${states}::text[])
          AND (${agentId ?? null}::uuid IS NULL OR e.agent_id = ${agentId ?? null}::uuid)
          AND (${team}::text IS NULL OR (${team}::text = 'none' AND e.team_id IS NULL) OR e.team_id = ${team}::text)
          AND (${filter.operatorActorId ?? null}::text IS NULL OR e.operator_key_id = ${filter.operatorActorId ?? null}::text)
          AND ${escalationVisibleTo(filter.reader, 'e')}
        ORDER BY ${order}
        LIMIT ${limit}
      )
      SELECT e.*, c.channel, c.link_id, last.content AS last_message, last.created_at AS last_message_at,
        c.labels, ${visitorColumns}, ${lastVisitorMessage} AS preview, ${unreadBy(filter.readerId, sql.ref('e.created_at'))} AS unread
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
   * What an inbox item shows of the escalation's conversation (its latest message, the visitor, their
   * last message, the labels) and – for a reader – how many of the visitor's messages they have not read.
   */
  async facts(escalation: Pick<EscalationRow, 'conversation_id' | 'created_at'>, readerId?: string): Promise<InboxFacts | undefined> {
    const unread = readerId === undefined ? sql`NULL::int` : unreadBy(readerId, sql`${escalation.created_at}::timestamptz`);
    const result = await sql<InboxFacts>`
      SELECT last.content AS last_message, last.created_at AS last_message_at, c.labels, ${visitorColumns},
        ${lastVisitorMessage} AS preview, ${unread} AS unread
      FROM text_conversations c
      LEFT JOIN LATERAL (
        SELECT content, created_at FROM text_conversation_messages m
        WHERE m.conversation_id = c.id AND m.status = 'ok'
        ORDER BY sequence DESC LIMIT 1
      ) last ON true
      WHERE c.id = ${escalation.conversation_id}`.execute(this.db);
    return result.rows[0];
  }

  /**
   * Claims a waiting escalation for an operator (claiming one's own again is a no-op); undefined
   * when it is not waiting, or claimed by someone else.
   */
  async claim(tenantId: string, id: string, operator: Operator): Promise<EscalationRow | undefined> {
    return (
      this.db
        .updateTable('escalations')
        .set({
          state: 'claimed',
          operator_key_id: actorOf(operator),
          operator_name: operator.name,
          claimed_at: sql`coalesce(claimed_at, now())`,
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .where('tenant_id', '=', tenantId)
        // One offered to this operator is theirs to take too (accepting it).
        .where((eb) =>
          eb.or([eb('state', '=', 'waiting'), eb.and([eb('state', 'in', ['assigned', 'claimed']), eb('operator_key_id', '=', actorOf(operator))])]),
        )
        .returningAll()
        .executeTakeFirst()
    );
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

  /** Waiting escalations not yet told about that opened before `waitedSince`, or (any age) of the given tenants. */
  dueForNotice(waitedSince: Date, tenantsWithNobody: string[], limit: number): Promise<EscalationRow[]> {
    return this.db
      .selectFrom('escalations')
      .selectAll()
      .where('state', '=', 'waiting')
      .where('notified_at', 'is', null)
      .where((eb) => eb.or([eb('created_at', '<', waitedSince), ...(tenantsWithNobody.length > 0 ? [eb('tenant_id', 'in', tenantsWithNobody)] : [])]))
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
