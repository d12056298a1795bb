import { type Kysely, sql } from 'kysely';

/**
 * Distribution and automation, owned by the links service.
 * - public_links.variables: what every session on the link starts with in collected_data (a
 *   recipient's name, email and own variables on a personalised link).
 * - link_templates: a tenant's own templates (the built-in ones live in code). Settings are kept
 *   as given – never a passcode, which the schema refuses in a template.
 * - link_deliveries: each sending of a link's URL (email, Slack, Teams) and, while pending, its
 *   place in the retry queue (claimed with FOR UPDATE SKIP LOCKED and a lease, as webhook
 *   deliveries are). `payload` holds the rendered message with the URL – the only copy of the
 *   token – and is erased once the delivery has succeeded or given up.
 * - link_schedules and link_schedule_runs: a cron in a time zone that makes and sends links;
 *   `next_run_at` is the next slot not yet handled, and a run's (schedule, slot) is unique, so a
 *   slot runs at most once however many replicas ask.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE public_links ADD COLUMN variables jsonb NOT NULL DEFAULT '{}'::jsonb`.execute(db);

  await sql`
    CREATE TABLE link_templates (
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name text NOT NULL,
      description text,
      settings jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, name)
    )`.execute(db);

  await sql`
    CREATE TABLE link_deliveries (
      id text PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      link_id text NOT NULL REFERENCES public_links (id) ON DELETE CASCADE,
      channel text NOT NULL CHECK (channel IN ('email', 'slack', 'teams')),
      -- The address, or the host of the webhook (shown); the webhook URL itself is in payload.
      recipient text NOT NULL,
      payload jsonb,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
      attempts int NOT NULL DEFAULT 0,
      last_error text,
      next_attempt_at timestamptz,
      leased_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX link_deliveries_link_idx ON link_deliveries (link_id, created_at)`.execute(db);
  await sql`CREATE INDEX link_deliveries_due_idx ON link_deliveries (next_attempt_at) WHERE state = 'pending'`.execute(db);

  await sql`
    CREATE TABLE link_schedules (
      id text PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name text NOT NULL,
      cron text NOT NULL,
      timezone text NOT NULL,
      action text NOT NULL,
      agent text NOT NULL,
      template text,
      settings jsonb NOT NULL DEFAULT '{}'::jsonb,
      recipients jsonb NOT NULL DEFAULT '[]'::jsonb,
      send jsonb NOT NULL,
      public_base_url text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      next_run_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, name)
    )`.execute(db);
  await sql`CREATE INDEX link_schedules_due_idx ON link_schedules (next_run_at) WHERE active`.execute(db);

  await sql`
    CREATE TABLE link_schedule_runs (
      schedule_id text NOT NULL REFERENCES link_schedules (id) ON DELETE CASCADE,
      slot_at timestamptz NOT NULL,
      trigger text NOT NULL CHECK (trigger IN ('schedule', 'catch_up', 'manual')),
      state text NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'skipped')),
      links int NOT NULL DEFAULT 0,
      sent int NOT NULL DEFAULT 0,
      errors jsonb NOT NULL DEFAULT '[]'::jsonb,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      PRIMARY KEY (schedule_id, slot_at)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS link_schedule_runs`.execute(db);
  await sql`DROP TABLE IF EXISTS link_schedules`.execute(db);
  await sql`DROP TABLE IF EXISTS link_deliveries`.execute(db);
  await sql`DROP TABLE IF EXISTS link_templates`.execute(db);
  await sql`ALTER TABLE public_links DROP COLUMN IF EXISTS variables`.execute(db);
}
