import { type Kysely, sql } from 'kysely';

/**
 * Analytics rollups, fed by the links service's durable consumer of the JetStream events, so that
 * answering never scans messages.
 * - analytics_hourly: per (agent, link, UTC hour) counters; link_id '' is the agent's Text Chat
 *   API conversations. `response_hist` and `session_hist` are fixed-bucket histograms (bucket
 *   bounds in the links service's analytics/histogram.ts), merged by adding element-wise, so
 *   percentiles over any window come from a handful of rows.
 * - analytics_visitors: one row per (agent, link, UTC day, visitor hash) – exact unique visitors.
 *   The hash is salted with a salt that changes every day; no address is stored.
 * - analytics_countries: sessions per (agent, link, UTC day, country).
 * - analytics_applied: the key of every event applied, written in the same transaction as its
 *   counts, so a redelivered event changes nothing.
 * No foreign keys: an event about a link deleted meanwhile must still be applied, not redelivered forever.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_hourly (
      tenant_id uuid NOT NULL,
      agent_id uuid NOT NULL,
      link_id text NOT NULL,
      hour timestamptz NOT NULL,
      sessions_started int NOT NULL DEFAULT 0,
      sessions_completed int NOT NULL DEFAULT 0,
      sessions_abandoned int NOT NULL DEFAULT 0,
      sessions_expired int NOT NULL DEFAULT 0,
      sessions_escalated int NOT NULL DEFAULT 0,
      messages_user int NOT NULL DEFAULT 0,
      messages_assistant int NOT NULL DEFAULT 0,
      messages_operator int NOT NULL DEFAULT 0,
      refused_rate_limited int NOT NULL DEFAULT 0,
      refused_quota_exceeded int NOT NULL DEFAULT 0,
      refused_forbidden_origin int NOT NULL DEFAULT 0,
      refused_forbidden_ip int NOT NULL DEFAULT 0,
      refused_invalid_token int NOT NULL DEFAULT 0,
      refused_verification_failed int NOT NULL DEFAULT 0,
      response_hist int[] NOT NULL DEFAULT '{}',
      session_hist int[] NOT NULL DEFAULT '{}',
      PRIMARY KEY (agent_id, link_id, hour)
    )`.execute(db);
  await sql`CREATE INDEX analytics_hourly_link_idx ON analytics_hourly (link_id, hour)`.execute(db);
  // Histograms add element-wise (a shorter one counts as zeros past its end): for upserts, and summed over rows.
  await sql`
    CREATE FUNCTION analytics_hist_add(a int[], b int[]) RETURNS int[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i), '{}')
      FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i)
    $$`.execute(db);
  await sql`CREATE AGGREGATE analytics_hist_sum(int[]) (SFUNC = analytics_hist_add, STYPE = int[], INITCOND = '{}')`.execute(db);
  await sql`
    CREATE TABLE analytics_visitors (
      agent_id uuid NOT NULL,
      link_id text NOT NULL,
      day date NOT NULL,
      visitor_hash text NOT NULL,
      verified boolean NOT NULL DEFAULT false,
      PRIMARY KEY (agent_id, link_id, day, visitor_hash)
    )`.execute(db);
  await sql`CREATE INDEX analytics_visitors_link_idx ON analytics_visitors (link_id, day)`.execute(db);
  await sql`
    CREATE TABLE analytics_countries (
      agent_id uuid NOT NULL,
      link_id text NOT NULL,
      day date NOT NULL,
      country text NOT NULL,
      sessions int NOT NULL DEFAULT 0,
      PRIMARY KEY (agent_id, link_id, day, country)
    )`.execute(db);
  await sql`CREATE INDEX analytics_countries_link_idx ON analytics_countries (link_id, day)`.execute(db);
  await sql`
    CREATE TABLE analytics_applied (
      event_key text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX analytics_applied_at_idx ON analytics_applied (applied_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS analytics_applied`.execute(db);
  await sql`DROP TABLE IF EXISTS analytics_countries`.execute(db);
  await sql`DROP TABLE IF EXISTS analytics_visitors`.execute(db);
  await sql`DROP TABLE IF EXISTS analytics_hourly`.execute(db);
  await sql`DROP AGGREGATE IF EXISTS analytics_hist_sum(int[])`.execute(db);
  await sql`DROP FUNCTION IF EXISTS analytics_hist_add(int[], int[])`.execute(db);
}
