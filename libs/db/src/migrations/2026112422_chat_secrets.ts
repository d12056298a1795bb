import { type Kysely, sql } from 'kysely';

/**
 * A tenant's own Text Chat API secrets (docs/text-chat-api.md, "Text Chat API secrets"). Verifying a
 * signature needs the secret itself, so it cannot be kept as a hash like a key: it is kept sealed
 * (AES-256-GCM under a key derived from SECRETS_KEY, bound to its tenant and id), never in clear.
 * A deleted secret is gone: its row is removed, not marked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE chat_api_secrets (
      id text PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      sealed bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz
    )
  `.execute(db);
  // Serves the cascade from tenants and the per-tenant list.
  await sql`CREATE INDEX chat_api_secrets_tenant_id_idx ON chat_api_secrets (tenant_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS chat_api_secrets`.execute(db);
}
