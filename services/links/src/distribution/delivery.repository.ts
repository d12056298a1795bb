import type { DB, LinkDeliveriesTable } from '@parley/db';
import { type Insertable, type Kysely, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { DeliveryPayload } from './messages.js';

/** A delivery claimed for an attempt, with what sending it needs. */
export interface ClaimedLinkDelivery {
  id: string;
  channel: LinkDeliveriesTable['channel'];
  recipient: string;
  /** This attempt's number (and the claim's fencing token). */
  attempt: number;
  payload: DeliveryPayload;
}

/**
 * What comes after an attempt: done (sent, or failed for good) or pending again in
 * `retryInSeconds`; with the HTTP status a webhook answered (null when none came, and for email).
 */
export type NextStep = ({ state: 'sent' } | { state: 'failed'; error: string } | { state: 'pending'; error: string; retryInSeconds: number }) & {
  responseCode: number | null;
};

export type LinkDeliveryRow = Pick<
  Selectable<LinkDeliveriesTable>,
  'id' | 'link_id' | 'channel' | 'recipient' | 'state' | 'attempts' | 'last_error' | 'response_code' | 'next_attempt_at' | 'created_at' | 'finished_at'
>;

const viewColumns = [
  'id',
  'link_id',
  'channel',
  'recipient',
  'state',
  'attempts',
  'last_error',
  'response_code',
  'next_attempt_at',
  'created_at',
  'finished_at',
] as const;

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters a statement. */
const INSERT_CHUNK = 1_000;

type PendingIds = SelectQueryBuilder<DB, 'link_deliveries', { id: string }>;

const inMs = (ms: number) => sql<Date>`now() + ${ms} * interval '1 millisecond'`;

/** SQL for link deliveries (table link_deliveries, owned by this service). */
export class LinkDeliveryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Records deliveries in `db` (the caller's transaction). Each waits `holdMs` for its first
   * attempt to be made by whoever recorded it (deliverNow) before the retry worker may take it.
   */
  async insertMany(
    db: Kysely<DB>,
    rows: Array<Pick<Insertable<LinkDeliveriesTable>, 'id' | 'tenant_id' | 'link_id' | 'channel' | 'recipient'> & { payload: DeliveryPayload }>,
    holdMs: number,
  ): Promise<void> {
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      await db
        .insertInto('link_deliveries')
        .values(rows.slice(start, start + INSERT_CHUNK).map((row) => ({ ...row, payload: JSON.stringify(row.payload), next_attempt_at: inMs(holdMs) })))
        .execute();
    }
  }

  /**
   * Claims up to `limit` due deliveries for `leaseMs`. FOR UPDATE SKIP LOCKED: replicas polling at
   * once skip each other's rows; moving `next_attempt_at` to the lease's end makes a claimed row
   * not due until the lease runs out – if its replica dies, it is due again then.
   */
  claimDue(limit: number, leaseMs: number): Promise<ClaimedLinkDelivery[]> {
    return this.claim(leaseMs, (pending) => pending.where('next_attempt_at', '<=', sql<Date>`now()`).orderBy('next_attempt_at').limit(limit));
  }

  /** Claims those of these deliveries whose first attempt no one has made or is making. */
  claimFirst(ids: string[], leaseMs: number): Promise<ClaimedLinkDelivery[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.claim(leaseMs, (pending) =>
      pending
        .where('id', 'in', ids)
        .where('attempts', '=', 0)
        .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<=', sql<Date>`now()`)])),
    );
  }

  /** An UPDATE of the pending rows `which` picks, locked with FOR UPDATE SKIP LOCKED. */
  private async claim(leaseMs: number, which: (pending: PendingIds) => PendingIds): Promise<ClaimedLinkDelivery[]> {
    const pending = this.db.selectFrom('link_deliveries').select('id').where('state', '=', 'pending').where('payload', 'is not', null);
    const rows = await this.db
      .updateTable('link_deliveries')
      .set({ attempts: sql<number>`attempts + 1`, leased_until: inMs(leaseMs), next_attempt_at: inMs(leaseMs) })
      .where('id', 'in', which(pending).forUpdate().skipLocked())
      .returning(['id', 'channel', 'recipient', 'attempts', 'payload'])
      .execute();
    return rows.map((row) => ({
      id: row.id,
      channel: row.channel,
      recipient: row.recipient,
      attempt: row.attempts,
      payload: row.payload as unknown as DeliveryPayload,
    }));
  }

  /**
   * Gives back claimed deliveries whose first attempt was not made after all (deliverNow ran out
   * of time): due at once for the worker, as if never claimed. Fenced like `finish`.
   */
  async release(deliveries: Array<{ id: string; attempt: number }>): Promise<void> {
    for (const { id, attempt } of deliveries) {
      await this.db
        .updateTable('link_deliveries')
        .set({ attempts: attempt - 1, leased_until: null, next_attempt_at: sql<Date>`now()` })
        .where('id', '=', id)
        .where('attempts', '=', attempt)
        .where('state', '=', 'pending')
        .execute();
    }
  }

  /** Makes these deliveries (those no one claimed) due at once: their first attempt is the worker's now. */
  async dueNow(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('link_deliveries')
      .set({ next_attempt_at: sql<Date>`now()` })
      .where('id', 'in', ids)
      .where('state', '=', 'pending')
      .where('attempts', '=', 0)
      .where('leased_until', 'is', null)
      .execute();
  }

  /**
   * Records an attempt's outcome if this claim still holds the delivery (fenced by its attempt
   * number). A delivery that is over loses its payload – the only copy of the link's token. The
   * last error stays after a later success: it tells why the delivery took more than one attempt.
   * Answers whether the claim held.
   */
  async finish(id: string, attempt: number, next: NextStep): Promise<boolean> {
    const over = next.state !== 'pending';
    const result = await this.db
      .updateTable('link_deliveries')
      .set({
        state: next.state,
        ...(next.state === 'sent' ? {} : { last_error: next.error }),
        response_code: next.responseCode,
        next_attempt_at: next.state === 'pending' ? sql<Date>`now() + ${next.retryInSeconds} * interval '1 second'` : null,
        leased_until: null,
        ...(over ? { payload: null, finished_at: sql<Date>`now()` } : {}),
      })
      .where('id', '=', id)
      .where('attempts', '=', attempt)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Records many deliveries as sent in one statement per response code (a bulk send's 1,000
   * successes are a few statements, not 1,000), each fenced by its attempt like `finish`. Answers
   * the ids whose claim held.
   */
  async finishSent(deliveries: Array<{ id: string; attempt: number; responseCode: number | null }>): Promise<Set<string>> {
    const held = new Set<string>();
    const byCode = new Map<number | null, Array<{ id: string; attempt: number }>>();
    for (const { id, attempt, responseCode } of deliveries) byCode.set(responseCode, [...(byCode.get(responseCode) ?? []), { id, attempt }]);
    for (const [responseCode, group] of byCode) {
      const rows = await this.db
        .updateTable('link_deliveries')
        .set({ state: 'sent', response_code: responseCode, next_attempt_at: null, leased_until: null, payload: null, finished_at: sql<Date>`now()` })
        .where(({ eb, refTuple, tuple }) =>
          eb(
            refTuple('id', 'attempts'),
            'in',
            group.map(({ id, attempt }) => tuple(id, attempt)),
          ),
        )
        .where('state', '=', 'pending')
        .returning('id')
        .execute();
      for (const row of rows) held.add(row.id);
    }
    return held;
  }

  /** A link's deliveries, newest first. */
  list(tenantId: string, linkId: string): Promise<LinkDeliveryRow[]> {
    return this.db
      .selectFrom('link_deliveries')
      .select(viewColumns)
      .where('tenant_id', '=', tenantId)
      .where('link_id', '=', linkId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** These deliveries, in no order. */
  byIds(ids: string[]): Promise<LinkDeliveryRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('link_deliveries').select(viewColumns).where('id', 'in', ids).execute();
  }
}
