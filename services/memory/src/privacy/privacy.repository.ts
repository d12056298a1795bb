import { type PrivacyVisitor, visitorKeyOf } from '@parley/contracts';
import type { DB } from '@parley/db';
import type { Kysely } from 'kysely';

/**
 * A visitor's memories in a tenant, for export and erasure (docs/management-api.md "Privacy"). Memories carry the
 * tenant; the counted message ids go with the memory they were counted into.
 */
export class MemoryPrivacyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * An email's memories, or a user id's in every identity realm of the tenant (by the plain id kept
   * beside the key); `users`: signed-in users (each in its realm) whose memories come along too.
   */
  async memories(tenantId: string, visitor: PrivacyVisitor, users: { userId: string; userRealm: string }[] = []) {
    const keys = [visitorKeyOf(visitor)!, ...users.map((user) => visitorKeyOf(user)!)];
    const rows = await this.db
      .selectFrom('visitor_memories')
      .select(['agent_id', 'visitor', 'summary', 'messages_counted', 'created_at', 'updated_at', 'summarised_at'])
      .where((eb) => ('userId' in visitor ? eb.or([eb('user_id', '=', visitor.userId), eb('visitor', 'in', keys)]) : eb('visitor', 'in', keys)))
      .where('tenant_id', '=', tenantId)
      .orderBy('agent_id')
      .execute();
    return rows.map((m) => ({
      ...m,
      created_at: m.created_at.toISOString(),
      updated_at: m.updated_at.toISOString(),
      summarised_at: m.summarised_at === null ? null : m.summarised_at.toISOString(),
    }));
  }

  /** Forgets the visitor (for one agent, or every agent of the tenant); answers how many memories went. */
  async erase(tenantId: string, visitor: string, agentId?: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      let memories = trx.selectFrom('visitor_memories').select('agent_id').where('visitor', '=', visitor).where('tenant_id', '=', tenantId);
      if (agentId !== undefined) memories = memories.where('agent_id', '=', agentId);
      await trx.deleteFrom('visitor_memory_messages').where('visitor', '=', visitor).where('agent_id', 'in', memories).execute();
      let erase = trx.deleteFrom('visitor_memories').where('visitor', '=', visitor).where('tenant_id', '=', tenantId);
      if (agentId !== undefined) erase = erase.where('agent_id', '=', agentId);
      const result = await erase.executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}
