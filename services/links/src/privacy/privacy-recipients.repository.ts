import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** What an erased address becomes where a row stays (a delivery keeps its state and times). */
export const ERASED_ADDRESS = '[erased]';

/** A run's error as an export lists it: `e` is the entry, `run` its run (`to` and `channel` null in runs recorded before them). */
export const RUN_ERROR = sql`jsonb_build_object('slot_at', run.slot_at, 'email', e->>'email', 'to', e->>'to', 'channel', e->>'channel', 'error', e->>'error')`;

export interface ExportedRunError {
  slot_at: string;
  email: string | null;
  to: string | null;
  channel: string | null;
  error: string;
}

/** Schedules as an export lists them: only those with an entry of the person's, each with only their entries. */
export function exportedSchedules(
  rows: {
    id: string;
    name: string;
    recipients?: Record<string, unknown>[] | null;
    channels: Record<string, unknown>[] | null;
    run_errors: ExportedRunError[] | null;
  }[],
) {
  return rows
    .filter((row) => (row.recipients ?? null) !== null || row.channels !== null || row.run_errors !== null)
    .map((row) => ({
      id: row.id,
      name: row.name,
      recipients: row.recipients ?? [],
      send_channels: row.channels ?? [],
      run_errors: (row.run_errors ?? []).map((e) => ({ ...e, slot_at: new Date(e.slot_at).toISOString() })),
    }));
}

/**
 * The links service's records of an email as a recipient (docs/management-api.md "Privacy"): personalised
 * links whose variables carry it, the sendings of links' URLs to it (and of its own links), and
 * schedules that name it. Emails are compared lower-cased.
 */
export class PrivacyRecipientsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The tenant's links (deleted ones too) made for the email: bulk and scheduled links put it in `variables.email`. */
  private personalised(tenantId: string, email: string) {
    return this.db.selectFrom('public_links').select('id').where('tenant_id', '=', tenantId).where(sql<string>`lower(variables->>'email')`, '=', email);
  }

  async links(tenantId: string, email: string, after: string | null, limit: number) {
    let query = this.db
      .selectFrom('public_links')
      .select(['id', 'agent_id', 'title', 'variables', 'created_at', 'deleted_at'])
      .where('id', 'in', this.personalised(tenantId, email))
      .orderBy('id')
      .limit(limit);
    if (after !== null) query = query.where('id', '>', after);
    const rows = await query.execute();
    return rows.map((row) => ({ ...row, created_at: row.created_at.toISOString(), deleted_at: iso(row.deleted_at) }));
  }

  async deliveries(tenantId: string, email: string, after: string | null, limit: number) {
    let query = this.db
      .selectFrom('link_deliveries')
      .select(['id', 'link_id', 'channel', 'recipient', 'state', 'attempts', 'last_error', 'created_at', 'finished_at'])
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb(sql<string>`lower(recipient)`, '=', email), eb('link_id', 'in', this.personalised(tenantId, email))]))
      .orderBy('id')
      .limit(limit);
    if (after !== null) query = query.where('id', '>', after);
    const rows = await query.execute();
    return rows.map((row) => ({ ...row, created_at: row.created_at.toISOString(), finished_at: iso(row.finished_at) }));
  }

  /** Schedules naming the email, with only its own entries: recipients, sending channels (`to`) and runs' errors. */
  async schedules(tenantId: string, email: string) {
    const { rows } = await sql<{
      id: string;
      name: string;
      recipients: Record<string, unknown>[] | null;
      channels: Record<string, unknown>[] | null;
      run_errors: ExportedRunError[] | null;
    }>`
      SELECT s.id, s.name,
        (SELECT jsonb_agg(r) FROM jsonb_array_elements(s.recipients) r WHERE lower(r->>'email') = ${email}) AS recipients,
        (SELECT jsonb_agg(c) FROM jsonb_array_elements(s.send->'channels') c WHERE lower(c->>'to') = ${email}) AS channels,
        (SELECT jsonb_agg(${RUN_ERROR} ORDER BY run.slot_at)
           FROM link_schedule_runs run, jsonb_array_elements(run.errors) e
           WHERE run.schedule_id = s.id AND (lower(e->>'email') = ${email} OR lower(e->>'to') = ${email} OR strpos(lower(e->>'error'), ${email}) > 0)) AS run_errors
      FROM link_schedules s
      WHERE s.tenant_id = ${tenantId}
      ORDER BY s.id`.execute(this.db);
    return exportedSchedules(rows);
  }

  /**
   * Erases the email in `db` (the caller's transaction): sendings keep their channel, state,
   * attempts and times but lose the address (when it was the recipient), the phone number a text
   * of its links went to (and an error quoting it), the rendered message and an error that names
   * the email – a pending one is given up; then its personalised links' variables are emptied (so
   * the sendings of them are found first). Answers how many of each.
   */
  async erase(db: Kysely<DB>, tenantId: string, email: string) {
    const scoped = new PrivacyRecipientsRepository(db);
    const deliveries = await db
      .updateTable('link_deliveries')
      .set({
        // A text's phone number is personal data like the address: the person the link was made for, or whoever it was sent to for them.
        recipient: sql`CASE WHEN lower(recipient) = ${email} OR channel = 'sms' THEN ${ERASED_ADDRESS} ELSE recipient END`,
        payload: null,
        last_error: sql`CASE WHEN state = 'pending' THEN 'erased' WHEN strpos(lower(last_error), ${email}) > 0 THEN 'erased'
          WHEN channel = 'sms' AND strpos(last_error, recipient) > 0 THEN 'erased' ELSE last_error END`,
        state: sql`CASE WHEN state = 'pending' THEN 'failed' ELSE state END`,
        next_attempt_at: null,
        leased_until: null,
        finished_at: sql`coalesce(finished_at, now())`,
      })
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb(sql<string>`lower(recipient)`, '=', email), eb('link_id', 'in', scoped.personalised(tenantId, email))]))
      .executeTakeFirst();
    const links = await db
      .updateTable('public_links')
      .set({ variables: '{}', updated_at: sql`now()` })
      .where('id', 'in', scoped.personalised(tenantId, email))
      .executeTakeFirst();
    const schedules = await this.eraseFromSchedules(db, tenantId, email);
    return { links: Number(links.numUpdatedRows), deliveries: Number(deliveries.numUpdatedRows), schedules };
  }

  /**
   * Takes the email out of the tenant's schedules: out of their recipients and their sending
   * channels (an email channel with it as `to`) – a schedule left with no recipient or no channel
   * is paused, it has nobody or no way to send to – and out of their runs' errors (the entry
   * stays, `email` null and `error` "erased"). Raw SQL: jsonb array surgery the builder does not say.
   */
  private async eraseFromSchedules(db: Kysely<DB>, tenantId: string, email: string): Promise<number> {
    const { rows } = await sql<{ id: string }>`
      WITH named AS (
        SELECT s.id,
          (SELECT coalesce(jsonb_agg(r ORDER BY n), '[]'::jsonb) FROM jsonb_array_elements(s.recipients) WITH ORDINALITY AS x(r, n)
             WHERE lower(r->>'email') IS DISTINCT FROM ${email}) AS recipients,
          (SELECT coalesce(jsonb_agg(c ORDER BY n), '[]'::jsonb) FROM jsonb_array_elements(s.send->'channels') WITH ORDINALITY AS x(c, n)
             WHERE lower(c->>'to') IS DISTINCT FROM ${email}) AS channels
        FROM link_schedules s
        WHERE s.tenant_id = ${tenantId}
          AND (EXISTS (SELECT 1 FROM jsonb_array_elements(s.recipients) r WHERE lower(r->>'email') = ${email})
            OR EXISTS (SELECT 1 FROM jsonb_array_elements(s.send->'channels') c WHERE lower(c->>'to') = ${email}))
      ),
      emptied AS (SELECT id, recipients, channels, jsonb_array_length(recipients) = 0 OR jsonb_array_length(channels) = 0 AS idle FROM named)
      UPDATE link_schedules s SET recipients = emptied.recipients, send = jsonb_set(s.send, '{channels}', emptied.channels), updated_at = now(),
        active = CASE WHEN emptied.idle THEN false ELSE s.active END,
        next_run_at = CASE WHEN emptied.idle THEN NULL ELSE s.next_run_at END
      FROM emptied WHERE s.id = emptied.id
      RETURNING s.id`.execute(db);
    await sql`
      UPDATE link_schedule_runs run SET errors = (
        SELECT jsonb_agg(CASE WHEN lower(e->>'email') = ${email} OR lower(e->>'to') = ${email} OR strpos(lower(e->>'error'), ${email}) > 0
          THEN jsonb_build_object('email', NULL, 'error', 'erased') ELSE e END ORDER BY n)
        FROM jsonb_array_elements(run.errors) WITH ORDINALITY AS x(e, n))
      WHERE run.schedule_id IN (SELECT id FROM link_schedules WHERE tenant_id = ${tenantId})
        AND EXISTS (SELECT 1 FROM jsonb_array_elements(run.errors) e WHERE lower(e->>'email') = ${email} OR lower(e->>'to') = ${email} OR strpos(lower(e->>'error'), ${email}) > 0)`.execute(
      db,
    );
    return rows.length;
  }
}
