import type { LinkUsage } from '@parley/contracts';
import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/**
 * How much each link has been used: counted from the conversations started on it (the partial
 * index on link_id holds only link conversations; purged conversations keep their counts), and
 * the sessions it started, held against its max_sessions.
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

  /**
   * Claims one of a link's sessions in one statement: the row is created or its count raised only
   * while below `max` (null: no limit), so concurrent starts can never exceed it.
   */
  async claimSession(linkId: string, max: number | null): Promise<boolean> {
    const result = await sql<{ started: number }>`
      INSERT INTO link_session_counts AS c (link_id, started) VALUES (${linkId}, 1)
      ON CONFLICT (link_id) DO UPDATE SET started = c.started + 1
      WHERE ${max}::int IS NULL OR c.started < ${max}::int
      RETURNING started`.execute(this.db);
    return result.rows.length > 0;
  }

  /** Gives back a claimed session that could not be started. */
  async releaseSession(linkId: string): Promise<void> {
    await this.db
      .updateTable('link_session_counts')
      .set((eb) => ({ started: eb('started', '-', 1) }))
      .where('link_id', '=', linkId)
      .where('started', '>', 0)
      .execute();
  }
}
