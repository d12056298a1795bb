import type { DB } from '@parley/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { ERASED_ADDRESS, type ExportedRunError, exportedSchedules, RUN_ERROR } from './privacy-recipients.repository.js';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/**
 * Whether a text quotes the number as a whole: `+4915112345678` is not in an error about
 * `+49151123456789`. The number is E.164 (`+` then digits), so escaping its `+` makes it a pattern.
 */
const quotes = (text: RawBuilder<unknown>, phone: string) => sql<boolean>`coalesce(${text} ~ ${`\\${phone}(?![0-9])`}, false)`;

/** A run's error entry `e` about the number: sent to it (`to`; `email` in runs recorded before `to` was), or quoting it. */
const namesNumber = (phone: string) => sql<boolean>`(e->>'to' = ${phone} OR e->>'email' = ${phone} OR ${quotes(sql`e->>'error'`, phone)})`;

/** A schedule's sending channel `c` that texts the number. */
const textsNumber = (phone: string) => sql<boolean>`(c->>'type' = 'sms' AND c->>'to' = ${phone})`;

/**
 * The links service's records of a phone number (docs/management-api.md "Privacy"): the texts of
 * links sent to it (link_deliveries with channel `sms`), the schedules that text it, and their
 * runs' errors about it. Numbers are E.164, compared as they are.
 */
export class PrivacyPhonesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** By `lower(recipient)`, the index erasure and export of an email use: a number has no letters, so it is itself. */
  async deliveries(tenantId: string, phone: string, after: string | null, limit: number) {
    let query = this.db
      .selectFrom('link_deliveries')
      .select(['id', 'link_id', 'channel', 'recipient', 'state', 'attempts', 'last_error', 'created_at', 'finished_at'])
      .where('tenant_id', '=', tenantId)
      .where(sql<string>`lower(recipient)`, '=', phone)
      .where('channel', '=', 'sms')
      .orderBy('id')
      .limit(limit);
    if (after !== null) query = query.where('id', '>', after);
    const rows = await query.execute();
    return rows.map((row) => ({ ...row, created_at: row.created_at.toISOString(), finished_at: iso(row.finished_at) }));
  }

  /** Schedules that text the number or name it in their runs' errors, with only those entries (recipients are named by email: none). */
  async schedules(tenantId: string, phone: string) {
    const { rows } = await sql<{ id: string; name: string; channels: Record<string, unknown>[] | null; run_errors: ExportedRunError[] | null }>`
      SELECT s.id, s.name,
        (SELECT jsonb_agg(c) FROM jsonb_array_elements(s.send->'channels') c WHERE ${textsNumber(phone)}) AS channels,
        (SELECT jsonb_agg(${RUN_ERROR} ORDER BY run.slot_at)
           FROM link_schedule_runs run, jsonb_array_elements(run.errors) e
           WHERE run.schedule_id = s.id AND ${namesNumber(phone)}) AS run_errors
      FROM link_schedules s
      WHERE s.tenant_id = ${tenantId}
      ORDER BY s.id`.execute(this.db);
    return exportedSchedules(rows);
  }

  /**
   * Erases the number in `db` (the caller's transaction), as an email's erasure erases an address:
   * texts to it keep their state, attempts and times but lose the number, the rendered message and
   * an error quoting it – a pending one is given up; schedules lose their SMS channels to it (one
   * left with no channel is paused) and their runs' errors about it (`email` null, `error`
   * "erased"). Answers how many texts and schedules.
   */
  async erase(db: Kysely<DB>, tenantId: string, phone: string): Promise<{ link_deliveries: number; schedules: number }> {
    const deliveries = await db
      .updateTable('link_deliveries')
      .set({
        recipient: ERASED_ADDRESS,
        payload: null,
        last_error: sql`CASE WHEN state = 'pending' OR strpos(last_error, recipient) > 0 THEN 'erased' ELSE last_error END`,
        state: sql`CASE WHEN state = 'pending' THEN 'failed' ELSE state END`,
        next_attempt_at: null,
        leased_until: null,
        finished_at: sql`coalesce(finished_at, now())`,
      })
      .where('tenant_id', '=', tenantId)
      .where(sql<string>`lower(recipient)`, '=', phone)
      .where('channel', '=', 'sms')
      .executeTakeFirst();
    // Raw SQL: jsonb array surgery the builder does not say.
    const { rows: channels } = await sql<{ id: string }>`
      WITH kept AS (
        SELECT s.id,
          (SELECT coalesce(jsonb_agg(c ORDER BY n), '[]'::jsonb) FROM jsonb_array_elements(s.send->'channels') WITH ORDINALITY AS x(c, n)
             WHERE NOT ${textsNumber(phone)}) AS channels
        FROM link_schedules s
        WHERE s.tenant_id = ${tenantId} AND EXISTS (SELECT 1 FROM jsonb_array_elements(s.send->'channels') c WHERE ${textsNumber(phone)})
      )
      UPDATE link_schedules s SET send = jsonb_set(s.send, '{channels}', kept.channels), updated_at = now(),
        active = CASE WHEN jsonb_array_length(kept.channels) = 0 THEN false ELSE s.active END,
        next_run_at = CASE WHEN jsonb_array_length(kept.channels) = 0 THEN NULL ELSE s.next_run_at END
      FROM kept WHERE s.id = kept.id
      RETURNING s.id`.execute(db);
    const { rows: runs } = await sql<{ id: string }>`
      UPDATE link_schedule_runs run SET errors = (
        SELECT jsonb_agg(CASE WHEN ${namesNumber(phone)} THEN jsonb_build_object('email', NULL, 'error', 'erased') ELSE e END ORDER BY n)
        FROM jsonb_array_elements(run.errors) WITH ORDINALITY AS x(e, n))
      WHERE run.schedule_id IN (SELECT id FROM link_schedules WHERE tenant_id = ${tenantId})
        AND EXISTS (SELECT 1 FROM jsonb_array_elements(run.errors) e WHERE ${namesNumber(phone)})
      RETURNING run.schedule_id AS id`.execute(db);
    return { link_deliveries: Number(deliveries.numUpdatedRows), schedules: new Set([...channels, ...runs].map((row) => row.id)).size };
  }

  /**
   * Retention: up to `limit` texts that finished longer than `olderThanDays` ago lose their number
   * (and an error quoting it), the oldest first; the delivery, its state, attempts and times stay.
   */
  async purgeNumbers(olderThanDays: number, limit: number): Promise<number> {
    const result = await this.db
      .updateTable('link_deliveries')
      .set({ recipient: ERASED_ADDRESS, last_error: sql`CASE WHEN strpos(last_error, recipient) > 0 THEN 'erased' ELSE last_error END` })
      .where(
        'id',
        'in',
        this.db
          .selectFrom('link_deliveries')
          .select('id')
          .where('channel', '=', 'sms')
          .where('state', '<>', 'pending')
          .where('recipient', '<>', ERASED_ADDRESS)
          .where('finished_at', '<', sql<Date>`now() - ${olderThanDays} * interval '1 day'`)
          .orderBy('finished_at')
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
