import { type Kysely, sql } from 'kysely';

/**
 * Webhooks, owned by the links service.
 * - webhooks: a tenant's subscriptions. The signing secret is kept as given out (`whsec_…`):
 *   signing needs it back, unlike keys and tokens, which are kept only as hashes. Deleting a
 *   webhook removes the row, its secret and its deliveries.
 * - webhook_deliveries: one row per (webhook, event) – the unique pair makes fan-out idempotent,
 *   so a redelivered event adds nothing. The body is rendered once, so every attempt sends the
 *   same bytes. Pending rows are the retry queue: `next_attempt_at` says when, `leased_until`
 *   which replica holds it (claimed with FOR UPDATE SKIP LOCKED), `attempts` fences a late
 *   finisher whose lease was taken over.
 * - webhook_delivery_attempts: every attempt made, with what the receiver answered.
 * - public_links.expiry_announced_for: the expiry time last announced as `link.closed`
 *   (link_expired), so each expiry is announced once, and again if the link is extended and
 *   expires anew.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE webhooks (
      id text PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      url text NOT NULL,
      events text[] NOT NULL,
      format text NOT NULL CHECK (format IN ('standard', 'slack', 'teams')),
      secret text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX webhooks_tenant_idx ON webhooks (tenant_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE webhook_deliveries (
      id text PRIMARY KEY,
      webhook_id text NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
      event_id text NOT NULL,
      event_type text NOT NULL,
      body text NOT NULL,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'succeeded', 'failed')),
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      leased_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      UNIQUE (webhook_id, event_id)
    )`.execute(db);
  // The worker's poll: pending deliveries by due time.
  // A webhook's deliveries, newest first (GET /api/webhooks/{id}/deliveries).
  await sql`CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, created_at)`.execute(db);
  await sql`CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE state = 'pending'`.execute(db);

  await sql`
    CREATE TABLE webhook_delivery_attempts (
      delivery_id text NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
      attempt int NOT NULL,
      status text NOT NULL CHECK (status IN ('succeeded', 'failed')),
      response_code int,
      error text,
      started_at timestamptz NOT NULL,
      -- Null for an attempt whose process stopped before it had an answer.
      duration_ms int,
      PRIMARY KEY (delivery_id, attempt)
    )`.execute(db);

  await sql`ALTER TABLE public_links ADD COLUMN expiry_announced_for timestamptz`.execute(db);
  // Live links with an expiry not yet announced, by expiry: the announcement's scan.
  await sql`
    CREATE INDEX public_links_unannounced_expiry_idx ON public_links (expires_at)
    WHERE deleted_at IS NULL AND expires_at IS NOT NULL AND expiry_announced_for IS DISTINCT FROM expires_at`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS public_links_unannounced_expiry_idx`.execute(db);
  await sql`ALTER TABLE public_links DROP COLUMN IF EXISTS expiry_announced_for`.execute(db);
  await sql`DROP TABLE IF EXISTS webhook_delivery_attempts`.execute(db);
  await sql`DROP TABLE IF EXISTS webhook_deliveries`.execute(db);
  await sql`DROP TABLE IF EXISTS webhooks`.execute(db);
}
