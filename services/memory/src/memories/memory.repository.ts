import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/** Whose memory: an agent's about one visitor, `email:<lower-cased email>` or `user:<identity realm>:<user id>` (visitorKeyOf). */
export interface VisitorKey {
  agentId: string;
  visitor: string;
  /** A signed-in user's plain id, stored beside the key so a tenant finds their memories in every realm. */
  userId?: string | undefined;
}

export interface CountedMessage {
  tenantId: string;
  messageId: string;
  conversationId: string;
  role: string;
  sentAt: string;
}

export interface PendingMessage {
  messageId: string;
  conversationId: string;
}

/** The memory service's tables: visitor_memories and the message ids counted into them. */
export class MemoryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Counts a message once: the id is recorded and the count raised in one transaction, so a
   * redelivered event (same id) changes nothing. False when it was counted before.
   */
  async count(key: VisitorKey, message: CountedMessage): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('visitor_memory_messages')
        .values({
          agent_id: key.agentId,
          visitor: key.visitor,
          message_id: message.messageId,
          conversation_id: message.conversationId,
          role: message.role,
          sent_at: message.sentAt,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('message_id')
        .executeTakeFirst();
      if (!inserted) return false;
      await trx
        .insertInto('visitor_memories')
        .values({
          agent_id: key.agentId,
          visitor: key.visitor,
          tenant_id: message.tenantId,
          user_id: key.userId ?? null,
          summary: null,
          summarising_until: null,
          summarised_at: null,
          messages_counted: 1,
        })
        .onConflict((oc) =>
          oc.columns(['agent_id', 'visitor']).doUpdateSet((eb) => ({
            messages_counted: eb('visitor_memories.messages_counted', '+', 1),
            updated_at: sql<Date>`now()`,
          })),
        )
        .execute();
      return true;
    });
  }

  /** Messages counted and not summarised yet. */
  async pendingCount(key: VisitorKey): Promise<number> {
    const row = await this.db
      .selectFrom('visitor_memory_messages')
      .select((eb) => eb.fn.countAll<string>().as('pending'))
      .where('agent_id', '=', key.agentId)
      .where('visitor', '=', key.visitor)
      .where('summarised_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.pending);
  }

  async isSummarised(key: VisitorKey, messageId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('visitor_memory_messages')
      .select('summarised_at')
      .where('agent_id', '=', key.agentId)
      .where('visitor', '=', key.visitor)
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    return row !== undefined && row.summarised_at !== null;
  }

  /**
   * Takes the lease to summarise (one statement: of replicas racing, one gets it); answers the
   * current summary, or undefined when another holds a lease that has not run out. A replica
   * that died holding it only delays the summary until the lease ends.
   */
  async claim(key: VisitorKey, leaseMs: number): Promise<{ summary: string | null } | undefined> {
    return this.db
      .updateTable('visitor_memories')
      .set({ summarising_until: sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})` })
      .where('agent_id', '=', key.agentId)
      .where('visitor', '=', key.visitor)
      .where((eb) => eb.or([eb('summarising_until', 'is', null), eb('summarising_until', '<', sql<Date>`now()`)]))
      .returning('summary')
      .executeTakeFirst();
  }

  async release(key: VisitorKey): Promise<void> {
    await this.db
      .updateTable('visitor_memories')
      .set({ summarising_until: null })
      .where('agent_id', '=', key.agentId)
      .where('visitor', '=', key.visitor)
      .execute();
  }

  /** The oldest messages not summarised yet, at most `limit`. */
  pending(key: VisitorKey, limit: number): Promise<PendingMessage[]> {
    return this.db
      .selectFrom('visitor_memory_messages')
      .select(['message_id as messageId', 'conversation_id as conversationId'])
      .where('agent_id', '=', key.agentId)
      .where('visitor', '=', key.visitor)
      .where('summarised_at', 'is', null)
      .orderBy('sent_at')
      .orderBy('counted_at')
      .limit(limit)
      .execute();
  }

  /** The new summary and the messages it covers, together; the lease ends with it. */
  async saveSummary(key: VisitorKey, summary: string | null, messageIds: string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('visitor_memory_messages')
        .set({ summarised_at: sql<Date>`now()` })
        .where('agent_id', '=', key.agentId)
        .where('visitor', '=', key.visitor)
        .where('message_id', 'in', messageIds)
        .execute();
      await trx
        .updateTable('visitor_memories')
        .set({ summary, summarised_at: sql<Date>`now()`, updated_at: sql<Date>`now()`, summarising_until: null })
        .where('agent_id', '=', key.agentId)
        .where('visitor', '=', key.visitor)
        .execute();
    });
  }

  /** The keys of one user id's memories in the tenant, in every identity realm (for one agent, or all). */
  async keysOfUser(tenantId: string, userId: string, agentId?: string): Promise<string[]> {
    let query = this.db.selectFrom('visitor_memories').select('visitor').distinct().where('tenant_id', '=', tenantId).where('user_id', '=', userId);
    if (agentId !== undefined) query = query.where('agent_id', '=', agentId);
    return (await query.execute()).map((row) => row.visitor);
  }

  async find(key: VisitorKey): Promise<{ summary: string | null; messagesCounted: number } | undefined> {
    return this.db
      .selectFrom('visitor_memories')
      .select(['summary', 'messages_counted as messagesCounted'])
      .where('agent_id', '=', key.agentId)
      .where('visitor', '=', key.visitor)
      .executeTakeFirst();
  }
}
