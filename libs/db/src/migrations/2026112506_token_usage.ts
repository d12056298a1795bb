import { type Kysely, sql } from 'kysely';

/**
 * The tokens spent per UTC day that budgets are checked against (docs/management-api.md "Cost guards"),
 * owned by the sessions service: one row for the tenant (link_id and visitor empty), one per link
 * (visitor empty) and one per visitor of a link (visitor: a SHA-256, never an address or email).
 * And the daily visitor hash of a public session's start, which names an anonymous visitor.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE token_usage_daily (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      day date NOT NULL,
      link_id text NOT NULL DEFAULT '',
      visitor text NOT NULL DEFAULT '',
      tokens bigint NOT NULL DEFAULT 0 CHECK (tokens >= 0),
      PRIMARY KEY (tenant_id, day, link_id, visitor)
    )`.execute(db);
  // The retention sweep drops whole past days.
  await sql`CREATE INDEX token_usage_daily_day ON token_usage_daily (day)`.execute(db);
  await sql`ALTER TABLE text_conversations ADD COLUMN visitor_hash text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE text_conversations DROP COLUMN IF EXISTS visitor_hash`.execute(db);
  await sql`DROP TABLE IF EXISTS token_usage_daily`.execute(db);
}
