import { type Kysely, sql } from 'kysely';

/**
 * What the public edge keeps about visitors, without their addresses.
 * - email_verifications: one live code per (link, email), only as a hash; `sends` in the window
 *   that began at `window_started_at` limits resending, `attempts` kills a code after 5 tries,
 *   `consumed_at` makes a right code good for one session.
 * - security_events: every refusal at the public edge (analytics), keyed by the event's own id
 *   so a redelivered event is stored once. No IP address is stored. No foreign keys: an event
 *   about a tenant erased meanwhile must still be stored, not redelivered forever.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE email_verifications (
      link_id text NOT NULL REFERENCES public_links (id) ON DELETE CASCADE,
      email text NOT NULL,
      code_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      attempts int NOT NULL DEFAULT 0,
      consumed_at timestamptz,
      sends int NOT NULL DEFAULT 1,
      window_started_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (link_id, email)
    )`.execute(db);
  await sql`
    CREATE TABLE security_events (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      tenant_id uuid,
      link_id text,
      occurred_at timestamptz NOT NULL,
      stored_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX security_events_tenant_occurred_idx ON security_events (tenant_id, occurred_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS security_events`.execute(db);
  await sql`DROP TABLE IF EXISTS email_verifications`.execute(db);
}
