import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/** SQL for tenants' Text Chat API secrets (chat_api_secrets): the links service owns the table. */
export class ChatSecretRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Adds a sealed secret unless the tenant already has `max` (or does not exist). Counted under
   * the tenant row's lock, so two creations at once cannot both pass the count.
   */
  create(values: { id: string; tenantId: string; sealed: Buffer }, max: number): Promise<{ created_at: Date } | 'full' | 'no_tenant'> {
    return this.db.transaction().execute(async (trx) => {
      // NO KEY UPDATE: rows that merely refer to the tenant (its agents, links …) are not held up.
      const tenant = await trx.selectFrom('tenants').select('id').where('id', '=', values.tenantId).forNoKeyUpdate().executeTakeFirst();
      if (!tenant) return 'no_tenant';
      const { live } = await trx
        .selectFrom('chat_api_secrets')
        .select((eb) => eb.fn.countAll<string>().as('live'))
        .where('tenant_id', '=', values.tenantId)
        .executeTakeFirstOrThrow();
      if (Number(live) >= max) return 'full';
      return trx
        .insertInto('chat_api_secrets')
        .values({ id: values.id, tenant_id: values.tenantId, sealed: values.sealed })
        .returning('created_at')
        .executeTakeFirstOrThrow();
    });
  }

  /** The tenant's secrets without what they seal, oldest first. */
  list(tenantId: string) {
    return this.db
      .selectFrom('chat_api_secrets')
      .select(['id', 'created_at', 'last_used_at'])
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** The tenant's secrets as sealed, for opening. */
  sealed(tenantId: string) {
    return this.db
      .selectFrom('chat_api_secrets')
      .select(['id', 'tenant_id', 'sealed'])
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Undefined: no such secret in the tenant. */
  delete(tenantId: string, id: string) {
    return this.db.deleteFrom('chat_api_secrets').where('tenant_id', '=', tenantId).where('id', '=', id).returning('id').executeTakeFirst();
  }

  /** last_used_at = now, unless it already is within the last minute. */
  async touch(id: string): Promise<void> {
    await this.db
      .updateTable('chat_api_secrets')
      .set({ last_used_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
      .execute();
  }
}
