import type { DB, WebhooksTable } from '@parley/db';
import type { Insertable, Kysely } from 'kysely';
import { SEALED_TEXT_PREFIX } from '../sealing/sealed-text.js';

/** SQL for a tenant's webhooks (table webhooks, owned by this service). */
export class WebhookRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Undefined when the tenant does not exist (the foreign key refuses the row). */
  async create(values: Insertable<WebhooksTable>) {
    try {
      return await this.db.insertInto('webhooks').values(values).returning(['id', 'url', 'events', 'format', 'created_at']).executeTakeFirstOrThrow();
    } catch (error) {
      if ((error as { code?: string }).code === '23503') return undefined;
      throw error;
    }
  }

  list(tenantId: string) {
    return this.db
      .selectFrom('webhooks')
      .select(['id', 'url', 'events', 'format', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async exists(tenantId: string, id: string): Promise<boolean> {
    const row = await this.db.selectFrom('webhooks').select('id').where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
    return row !== undefined;
  }

  /** Removes it with its deliveries and attempts (foreign keys cascade). */
  async delete(tenantId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('webhooks').where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** The tenant's webhooks with the event types each takes and what rendering a body needs. */
  subscriptions(tenantId: string) {
    return this.db.selectFrom('webhooks').select(['id', 'format', 'events']).where('tenant_id', '=', tenantId).execute();
  }

  /** Webhooks whose secret is still in clear (written before secrets were sealed), after `afterId` by id. */
  async secretsInClear(afterId: string, limit: number) {
    return this.db
      .selectFrom('webhooks')
      .select(['id', 'tenant_id', 'secret'])
      .where('secret', 'not like', `${SEALED_TEXT_PREFIX}%`)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Stores a webhook's sealed secret in place of the one in clear, unless that changed meanwhile; whether it did. */
  async replaceSecretInClear(id: string, clear: string, sealed: string): Promise<boolean> {
    const result = await this.db.updateTable('webhooks').set({ secret: sealed }).where('id', '=', id).where('secret', '=', clear).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
