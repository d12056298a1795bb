import type { DB } from '@parley/db';
import type { Kysely } from 'kysely';

const spellings = (email: string) => [...new Set([email.toLowerCase(), email])];

/**
 * The links service's share of a visitor's privacy (docs/api.md): their email verification records
 * on the tenant's links, and the links' own retention for the retention job.
 */
export class LinkPrivacyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The tenant's links, deleted ones too: their verification records are still the visitor's. */
  private tenantLinks(tenantId: string) {
    return this.db.selectFrom('public_links').select('id').where('tenant_id', '=', tenantId);
  }

  async verifications(tenantId: string, email: string, after: string | null, limit: number) {
    let query = this.db
      .selectFrom('email_verifications')
      .select(['link_id', 'email', 'created_at', 'expires_at', 'consumed_at', 'attempts', 'sends'])
      .where('email', 'in', spellings(email))
      .where('link_id', 'in', this.tenantLinks(tenantId))
      .orderBy('link_id')
      .orderBy('email')
      .limit(limit);
    if (after !== null) query = query.where('link_id', '>', after);
    const rows = await query.execute();
    return rows.map((v) => ({
      ...v,
      created_at: v.created_at.toISOString(),
      expires_at: v.expires_at.toISOString(),
      consumed_at: v.consumed_at === null ? null : v.consumed_at.toISOString(),
    }));
  }

  /** In `db`, the caller's transaction when given. */
  async eraseVerifications(tenantId: string, email: string, db: Kysely<DB> = this.db): Promise<number> {
    const result = await db
      .deleteFrom('email_verifications')
      .where('email', 'in', spellings(email))
      .where('link_id', 'in', this.tenantLinks(tenantId))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** A page of the links with their own retention_days, by id. */
  async retention(after: string | null, limit: number) {
    let query = this.db.selectFrom('public_links').select(['id', 'retention_days']).where('retention_days', 'is not', null).orderBy('id').limit(limit);
    if (after !== null) query = query.where('id', '>', after);
    const rows = await query.execute();
    return rows.map((r) => ({ id: r.id, days: r.retention_days! }));
  }
}
