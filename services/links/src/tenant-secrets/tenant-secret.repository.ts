import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/** A secret's row without what it seals. */
const SUMMARY = ['name', 'created_at', 'updated_at'] as const;

/** SQL for tenants' tool secrets (tenant_secrets): the links service owns the table. */
export class TenantSecretRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Adds a sealed secret unless the name is taken in the tenant, the tenant already has `max`, or
   * it does not exist. Under the tenant row's lock, so two creations at once cannot both pass the
   * count, nor both take one name.
   */
  create(values: { tenantId: string; name: string; sealed: Buffer }, max: number): Promise<{ created_at: Date } | 'taken' | 'full' | 'no_tenant'> {
    return this.db.transaction().execute(async (trx) => {
      // NO KEY UPDATE: rows that merely refer to the tenant (its agents, links …) are not held up.
      const tenant = await trx.selectFrom('tenants').select('id').where('id', '=', values.tenantId).forNoKeyUpdate().executeTakeFirst();
      if (!tenant) return 'no_tenant';
      const taken = await trx
        .selectFrom('tenant_secrets')
        .select('name')
        .where('tenant_id', '=', values.tenantId)
        .where('name', '=', values.name)
        .executeTakeFirst();
      if (taken) return 'taken';
      const { held } = await trx
        .selectFrom('tenant_secrets')
        .select((eb) => eb.fn.countAll<string>().as('held'))
        .where('tenant_id', '=', values.tenantId)
        .executeTakeFirstOrThrow();
      if (Number(held) >= max) return 'full';
      return trx
        .insertInto('tenant_secrets')
        .values({ tenant_id: values.tenantId, name: values.name, sealed: values.sealed })
        .returning('created_at')
        .executeTakeFirstOrThrow();
    });
  }

  /** The tenant's secrets without what they seal, by name. */
  list(tenantId: string) {
    return this.db.selectFrom('tenant_secrets').select(SUMMARY).where('tenant_id', '=', tenantId).orderBy('name').execute();
  }

  /** The names of the tenant's secrets, in order. */
  async names(tenantId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('tenant_secrets').select('name').where('tenant_id', '=', tenantId).orderBy('name').execute();
    return rows.map((row) => row.name);
  }

  /** The named secrets of the tenant that exist, as sealed, for opening. */
  sealed(tenantId: string, names: readonly string[]) {
    if (names.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('tenant_secrets')
      .select(['tenant_id', 'name', 'sealed'])
      .where('tenant_id', '=', tenantId)
      .where('name', 'in', [...names])
      .orderBy('name')
      .execute();
  }

  /** Replaces a secret's sealed value; undefined: no such secret in the tenant. */
  update(tenantId: string, name: string, sealed: Buffer) {
    return this.db
      .updateTable('tenant_secrets')
      .set({ sealed, updated_at: sql<Date>`now()` })
      .where('tenant_id', '=', tenantId)
      .where('name', '=', name)
      .returning(SUMMARY)
      .executeTakeFirst();
  }

  /** Undefined: no such secret in the tenant. */
  delete(tenantId: string, name: string) {
    return this.db.deleteFrom('tenant_secrets').where('tenant_id', '=', tenantId).where('name', '=', name).returning('name').executeTakeFirst();
  }
}
