import type { DB, NewPublicLink, PublicLinkUpdate } from '@parley/db';
import type { Kysely } from 'kysely';

/** Rows per INSERT: 1,000 links of ~25 columns stay far below PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 500;

/** SQL for many links at once. */
export class BulkLinkRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insertMany(values: NewPublicLink[]) {
    const rows = [];
    for (let i = 0; i < values.length; i += INSERT_CHUNK) {
      rows.push(
        ...(await this.db
          .insertInto('public_links')
          .values(values.slice(i, i + INSERT_CHUNK))
          .returningAll()
          .execute()),
      );
    }
    return rows;
  }

  /** Changes the tenant's live links among `ids`, answering them with their agents' names. */
  updateMany(tenantId: string, ids: string[], changes: PublicLinkUpdate) {
    return this.db
      .with('changed', (db) =>
        db
          .updateTable('public_links')
          .set({ ...changes, updated_at: new Date() })
          .where('id', 'in', ids)
          .where('tenant_id', '=', tenantId)
          .where('deleted_at', 'is', null)
          .returningAll(),
      )
      .selectFrom('changed')
      .innerJoin('agents', 'agents.id', 'changed.agent_id')
      .selectAll('changed')
      .select('agents.name as agent_name')
      .execute();
  }

  async softDeleteMany(tenantId: string, ids: string[]): Promise<string[]> {
    const rows = await this.db
      .updateTable('public_links')
      .set({ deleted_at: new Date(), updated_at: new Date() })
      .where('id', 'in', ids)
      .where('tenant_id', '=', tenantId)
      .where('deleted_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  }
}
