import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';
import { type ConversationRow, conversationColumns } from './conversation.repository.js';

/**
 * SQL for ending and purging public (link) conversations in the background. Every end bumps
 * state_version, so a turn computed meanwhile commits nothing (its commit also needs `active`).
 */
export class SessionCleanupRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Ends link conversations idle past their own timeout. The fixed one-minute bound (the shortest
   * timeout a link can have) lets the partial index on active conversations' updated_at skip the
   * busy ones; the per-row timeout is checked on what is left.
   */
  async abandonIdleLinks(): Promise<ConversationRow[]> {
    const result = await sql<ConversationRow>`
      UPDATE text_conversations SET status = 'abandoned', ended_at = now(), state_version = state_version + 1
      WHERE status = 'active' AND link_id IS NOT NULL AND idle_timeout_seconds IS NOT NULL
        -- A conversation waiting for a person (or with one) is theirs to end, not the idle sweep's.
        AND escalation_id IS NULL
        AND updated_at < now() - interval '1 minute'
        AND updated_at < now() - make_interval(secs => idle_timeout_seconds)
      RETURNING ${conversationColumns}`.execute(this.db);
    return result.rows;
  }

  /** Links with at least one active conversation. */
  async activeLinkIds(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('text_conversations')
      .select('link_id')
      .distinct()
      .where('status', '=', 'active')
      .where('link_id', 'is not', null)
      .execute();
    return rows.map((r) => r.link_id!);
  }

  /** Ends up to `limit` active conversations of these links; fewer than `limit` back means none are left. */
  async endForLinks(linkIds: string[], limit: number): Promise<ConversationRow[]> {
    const result = await sql<ConversationRow>`
      UPDATE text_conversations SET status = 'abandoned', ended_at = now(), state_version = state_version + 1
      WHERE id IN (
        SELECT id FROM text_conversations
        WHERE status = 'active' AND link_id = ANY(${linkIds}::text[])
        LIMIT ${limit}
      ) AND status = 'active'
      RETURNING ${conversationColumns}`.execute(this.db);
    return result.rows;
  }

  /**
   * Removes what up to `limit` conversations ended before their cutoff said (messages,
   * transitions, variables, stored replies) and marks them purged, in one statement: a batch
   * holds its locks only while it runs. SKIP LOCKED lets two purges share the work rather than
   * wait on each other. Every channel alike: a link conversation's cutoff is its link's own
   * retention (`links`) or else `olderThanDays`, a Text Chat API conversation's `olderThanDays`;
   * the shortest of them bounds the scan.
   */
  async purgeEnded(olderThanDays: number, limit: number, links: { id: string; days: number }[] = []): Promise<{ conversations: number; messages: number }> {
    const shortest = Math.min(olderThanDays, ...links.map((l) => l.days));
    const result = await sql<{ conversations: string; messages: string }>`
      WITH own AS (
        SELECT * FROM unnest(${links.map((l) => l.id)}::text[], ${links.map((l) => l.days)}::int[]) AS o(link_id, days)
      ), picked AS (
        SELECT c.id FROM text_conversations c LEFT JOIN own ON own.link_id = c.link_id
        WHERE c.purged_at IS NULL AND c.ended_at IS NOT NULL AND c.status <> 'active'
          AND c.ended_at < now() - make_interval(days => ${shortest}::int)
          AND c.ended_at < now() - make_interval(days => coalesce(own.days, ${olderThanDays}::int))
        ORDER BY c.ended_at
        LIMIT ${limit}
        FOR UPDATE OF c SKIP LOCKED
      ), msgs AS (
        DELETE FROM text_conversation_messages m USING picked WHERE m.conversation_id = picked.id RETURNING 1
      ), trs AS (
        DELETE FROM text_conversation_transitions t USING picked WHERE t.conversation_id = picked.id
      ), vars AS (
        DELETE FROM text_conversation_variables v USING picked WHERE v.conversation_id = picked.id
      ), turns AS (
        DELETE FROM text_conversation_turns t USING picked WHERE t.conversation_id = picked.id
      ), marked AS (
        UPDATE text_conversations c SET purged_at = now() FROM picked WHERE c.id = picked.id RETURNING 1
      )
      SELECT (SELECT count(*) FROM marked) AS conversations, (SELECT count(*) FROM msgs) AS messages`.execute(this.db);
    const row = result.rows[0]!;
    return { conversations: Number(row.conversations), messages: Number(row.messages) };
  }
}
