import type { LinkClosedReason } from '@parley/contracts';
import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/** SQL for links that closed. Unlike LinkRepository, deleted links are seen here: they closed too. */
export class LinkClosureRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Those of `ids` that no longer serve visitors, each with why (deleted before deactivated before expired). */
  async closed(ids: string[]): Promise<Array<{ id: string; reason: LinkClosedReason }>> {
    return this.db
      .selectFrom('public_links')
      .select([
        'id',
        sql<LinkClosedReason>`CASE WHEN deleted_at IS NOT NULL THEN 'link_deleted' WHEN NOT active THEN 'link_deactivated' ELSE 'link_expired' END`.as(
          'reason',
        ),
      ])
      .where('id', '=', sql<string>`ANY(${ids}::text[])`)
      .where((eb) => eb.or([eb('deleted_at', 'is not', null), eb('active', '=', false), eb('expires_at', '<=', sql<Date>`now()`)]))
      .execute();
  }

  /**
   * Up to `limit` links whose expiry passed and was not announced yet, locked (skipping rows
   * another replica holds) while `announce` tells of the active ones; then marked announced for
   * that expiry time, in the same transaction – an announcement that fails leaves them for the
   * next call. Deactivated ones are marked without a word: reactivating an expired link announces
   * it then (LinkClosureService.afterUpdate). Answers how many were announced.
   */
  async announceExpired(
    limit: number,
    announce: (links: Array<{ id: string; tenantId: string; expiresAt: Date }>) => Promise<void>,
  ): Promise<{ seen: number; announced: number }> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('public_links')
        .select(['id', 'tenant_id', 'expires_at', 'active'])
        .where('deleted_at', 'is', null)
        .where('expires_at', 'is not', null)
        .where('expires_at', '<=', sql<Date>`now()`)
        .where(sql<boolean>`expiry_announced_for IS DISTINCT FROM expires_at`)
        .orderBy('expires_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length === 0) return { seen: 0, announced: 0 };
      const active = rows.filter((row) => row.active).map((row) => ({ id: row.id, tenantId: row.tenant_id, expiresAt: row.expires_at as Date }));
      await announce(active);
      await trx
        .updateTable('public_links')
        .set({ expiry_announced_for: sql<Date>`expires_at` })
        .where(
          'id',
          'in',
          rows.map((row) => row.id),
        )
        .execute();
      return { seen: rows.length, announced: active.length };
    });
  }
}
