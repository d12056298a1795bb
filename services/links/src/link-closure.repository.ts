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
}
