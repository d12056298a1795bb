import type { DB, JsonObject } from '@parley/db';
import type { Kysely } from 'kysely';

/** SQL for a tenant's own link templates. */
export class TemplateRepository {
  constructor(private readonly db: Kysely<DB>) {}

  list(tenantId: string) {
    return this.db.selectFrom('link_templates').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
  }

  find(tenantId: string, name: string) {
    return this.db.selectFrom('link_templates').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
  }

  /** Undefined when the tenant already has a template of that name. */
  create(values: { tenantId: string; name: string; description: string | null; settings: JsonObject }) {
    return this.db
      .insertInto('link_templates')
      .values({ tenant_id: values.tenantId, name: values.name, description: values.description, settings: JSON.stringify(values.settings) })
      .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  update(tenantId: string, name: string, changes: { description?: string | null; settings?: JsonObject }) {
    return this.db
      .updateTable('link_templates')
      .set({
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.settings !== undefined ? { settings: JSON.stringify(changes.settings) } : {}),
        updated_at: new Date(),
      })
      .where('tenant_id', '=', tenantId)
      .where('name', '=', name)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(tenantId: string, name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('link_templates').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
