import type { DB } from '@parley/db';
import type { LinkUsage } from '@parley/contracts';
import type { Kysely } from 'kysely';

/**
 * How much each link has been used, counted from the conversations started on it (the partial
 * index on link_id holds only link conversations). Purged conversations keep their counts.
 */
export class LinkUsageRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async usage(tenantId: string, linkIds: string[]): Promise<(LinkUsage & { link_id: string })[]> {
    if (linkIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('text_conversations')
      .select((eb) => [
        'link_id',
        eb.fn.countAll<string>().as('sessions'),
        eb.fn.coalesce(eb.fn.sum<string>('message_count'), eb.lit(0)).as('messages'),
        eb.fn.max('updated_at').as('last_activity_at'),
      ])
      .where('tenant_id', '=', tenantId)
      .where('link_id', 'in', linkIds)
      .groupBy('link_id')
      .execute();
    return rows.map((row) => ({
      link_id: row.link_id as string,
      sessions: Number(row.sessions),
      messages: Number(row.messages),
      last_activity_at: row.last_activity_at ? new Date(row.last_activity_at).toISOString() : null,
    }));
  }
}
