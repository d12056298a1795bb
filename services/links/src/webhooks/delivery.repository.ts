import type { DB, WebhookDeliveriesTable, WebhookDeliveryState } from '@parley/db';
import { type Insertable, type Kysely, sql } from 'kysely';

/** A delivery claimed for an attempt, with what sending it needs. */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  /** The webhook's tenant (what its sealed secret is bound to, with its id). */
  tenantId: string;
  /** This attempt's number (and the claim's fencing token). */
  attempt: number;
  body: string;
  url: string;
  /** The webhook's signing secret as stored: sealed (webhook-secrets.ts), or in clear if written before sealing. */
  storedSecret: string;
  /** The previous claim ended without a result (its process stopped mid-attempt). */
  interruptedSince: Date | null;
  /** When the delivery's first attempt started; null while this is the first. */
  firstAttemptAt: Date | null;
}

export interface AttemptRecord {
  status: 'succeeded' | 'failed';
  responseCode: number | null;
  error: string | null;
  startedAt: Date;
  durationMs: number | null;
}

/** SQL for webhook deliveries and their attempts (tables owned by this service). */
export class DeliveryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * One row per (webhook, event): an event seen again adds nothing. Each is due at once, by the
   * database's clock (the one the claim reads). Answers how many were new.
   */
  async insertMany(rows: Array<Omit<Insertable<WebhookDeliveriesTable>, 'next_attempt_at'>>): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await this.db
      .insertInto('webhook_deliveries')
      .values(rows.map((row) => ({ ...row, next_attempt_at: sql<Date>`now()` })))
      .onConflict((conflict) => conflict.columns(['webhook_id', 'event_id']).doNothing())
      .returning('id')
      .execute();
    return inserted.length;
  }

  /**
   * Claims up to `limit` due deliveries for `leaseMs`. Raw SQL: an UPDATE over a locked
   * `SELECT … FOR UPDATE SKIP LOCKED` with a join, which kysely's builder does not say. Replicas
   * polling at once skip each other's rows; moving `next_attempt_at` to the lease's end makes a
   * claimed row not due until the lease runs out – if its replica dies, it is due again then.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const result = await sql<{
      id: string;
      webhook_id: string;
      tenant_id: string;
      attempts: number;
      body: string;
      url: string;
      secret: string;
      stale_lease: Date | null;
      first_attempt_at: Date | null;
    }>`
      WITH due AS (
        SELECT id, leased_until AS stale_lease FROM webhook_deliveries
        WHERE state = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE webhook_deliveries d
      SET attempts = d.attempts + 1,
          leased_until = now() + ${leaseMs} * interval '1 millisecond',
          next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
      FROM due, webhooks w
      WHERE d.id = due.id AND w.id = d.webhook_id
      RETURNING d.id, d.webhook_id, w.tenant_id, d.attempts, d.body, w.url, w.secret, due.stale_lease,
        (SELECT min(a.started_at) FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id) AS first_attempt_at`.execute(this.db);
    return result.rows.map((row) => ({
      id: row.id,
      webhookId: row.webhook_id,
      tenantId: row.tenant_id,
      attempt: row.attempts,
      body: row.body,
      url: row.url,
      storedSecret: row.secret,
      interruptedSince: row.stale_lease,
      firstAttemptAt: row.first_attempt_at,
    }));
  }

  /**
   * Records an attempt and, if this claim still holds the delivery (fenced by its attempt
   * number), what comes next: done (succeeded or failed for good) or pending again in
   * `retryInSeconds`. Answers whether the claim held; a delivery deleted meanwhile records nothing.
   */
  async finish(deliveryId: string, attempt: number, record: AttemptRecord, next: { state: WebhookDeliveryState; retryInSeconds?: number }): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('webhook_deliveries')
        .set({
          state: next.state,
          next_attempt_at: next.state === 'pending' ? sql<Date>`now() + ${next.retryInSeconds ?? 0} * interval '1 second'` : null,
          leased_until: null,
          finished_at: next.state === 'pending' ? null : new Date(),
        })
        .where('id', '=', deliveryId)
        .where('attempts', '=', attempt)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      await this.insertAttempt(trx, deliveryId, attempt, record);
      return updated.numUpdatedRows > 0n;
    });
  }

  /** An attempt whose process stopped before it had a result: recorded as failed when its lease is found run out. */
  async recordInterrupted(deliveryId: string, attempt: number, startedAt: Date): Promise<void> {
    await this.insertAttempt(this.db, deliveryId, attempt, {
      status: 'failed',
      responseCode: null,
      error: 'interrupted: the process making this attempt stopped before it had an answer',
      startedAt,
      durationMs: null,
    });
  }

  private async insertAttempt(db: Kysely<DB>, deliveryId: string, attempt: number, record: AttemptRecord): Promise<void> {
    // Only inserted while the delivery exists (a webhook deleted meanwhile took it along).
    await sql`
      INSERT INTO webhook_delivery_attempts (delivery_id, attempt, status, response_code, error, started_at, duration_ms)
      SELECT id, ${attempt}, ${record.status}, ${record.responseCode}, ${record.error}, ${record.startedAt}, ${record.durationMs}
      FROM webhook_deliveries WHERE id = ${deliveryId}
      ON CONFLICT (delivery_id, attempt) DO NOTHING`.execute(db);
  }

  /**
   * A webhook's attempts, newest first, with each pending delivery's next attempt (at the time
   * it is due; one being made right now, at now). Raw SQL for the UNION of the two.
   */
  async list(webhookId: string, limit: number) {
    const result = await sql<{
      delivery_id: string;
      event_id: string;
      event_type: string;
      attempt: number;
      status: 'succeeded' | 'failed' | 'pending';
      response_code: number | null;
      error: string | null;
      at: Date;
      duration_ms: number | null;
    }>`
      SELECT * FROM (
        SELECT a.delivery_id, d.event_id, d.event_type, a.attempt, a.status, a.response_code, a.error, a.started_at AS at, a.duration_ms
        FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
        WHERE d.webhook_id = ${webhookId}
        UNION ALL
        SELECT id, event_id, event_type, CASE WHEN leased_until IS NULL THEN attempts + 1 ELSE attempts END,
               'pending', NULL, NULL, CASE WHEN leased_until IS NULL THEN next_attempt_at ELSE now() END, NULL
        FROM webhook_deliveries
        WHERE webhook_id = ${webhookId} AND state = 'pending'
      ) attempts
      ORDER BY at DESC, attempt DESC
      LIMIT ${limit}`.execute(this.db);
    return result.rows;
  }
}
