import { ERASED_WEBHOOK_BODY } from '@parley/contracts';
import type { DB } from '@parley/db';
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';

/**
 * Webhook deliveries that carry a visitor (docs/management-api.md "Privacy"): the events about their
 * conversations (`escalation.*` with its reason, `conversation.*`) name the conversation in every
 * format's body, so a delivery is the visitor's when its body names one of their conversations.
 */
function aboutConversations(eb: ExpressionBuilder<DB, 'webhook_deliveries'>, tenantId: string, conversationIds: string[]) {
  return eb.and([
    eb('webhook_id', 'in', eb.selectFrom('webhooks').select('id').where('tenant_id', '=', tenantId)),
    eb('body_erased_at', 'is', null),
    sql<boolean>`EXISTS (SELECT 1 FROM unnest(${conversationIds}::text[]) AS c(id) WHERE strpos(webhook_deliveries.body, c.id) > 0)`,
  ]);
}

export class WebhookPrivacyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async deliveries(tenantId: string, conversationIds: string[], after: string | null, limit: number) {
    if (conversationIds.length === 0) return [];
    let query = this.db
      .selectFrom('webhook_deliveries')
      .select(['id', 'webhook_id', 'event_type', 'state', 'created_at', 'body'])
      .where((eb) => aboutConversations(eb, tenantId, conversationIds))
      .orderBy('id')
      .limit(limit);
    if (after !== null) query = query.where('id', '>', after);
    const rows = await query.execute();
    return rows.map((row) => ({ ...row, created_at: row.created_at.toISOString() }));
  }

  /**
   * The deliveries' bodies replaced by the erased marker; the rows and their attempts stay (state,
   * codes, times). A pending one is given up rather than sent as the marker.
   */
  async erase(tenantId: string, conversationIds: string[]): Promise<number> {
    if (conversationIds.length === 0) return 0;
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set({
        body: ERASED_WEBHOOK_BODY,
        body_erased_at: sql`now()`,
        state: sql`CASE WHEN state = 'pending' THEN 'failed' ELSE state END`,
        next_attempt_at: null,
        leased_until: null,
        finished_at: sql`coalesce(finished_at, now())`,
      })
      .where((eb) => aboutConversations(eb, tenantId, conversationIds))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Retention: up to `limit` finished deliveries older than `days` lose their body to the marker. */
  async purgeBodies(olderThanDays: number, limit: number): Promise<number> {
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set({ body: ERASED_WEBHOOK_BODY, body_erased_at: sql`now()` })
      .where(
        'id',
        'in',
        this.db
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('body_erased_at', 'is', null)
          .where('state', '<>', 'pending')
          .where('finished_at', '<', sql<Date>`now() - ${olderThanDays} * interval '1 day'`)
          .orderBy('finished_at')
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
