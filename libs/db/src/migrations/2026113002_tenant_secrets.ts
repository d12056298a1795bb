import { type Kysely, sql } from 'kysely';

/**
 * A tenant's secrets for its agents' tools (docs/management-api.md, "Tenant secrets"): what a
 * tool's URL, headers or body name as `{{secrets.NAME}}`. A tool call needs the value itself, so
 * it is kept sealed (AES-256-GCM under a key derived from SECRETS_KEY, bound to its tenant and
 * name), never in clear. Named by the tenant: the name is the key, and a deleted secret's row is
 * removed, not marked. The primary key serves the per-tenant list and the cascade from tenants.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE tenant_secrets (
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name text NOT NULL,
      sealed bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, name)
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS tenant_secrets`.execute(db);
}
