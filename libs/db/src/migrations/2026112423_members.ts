import { type Kysely, sql } from 'kysely';

/**
 * Members: the people of a tenant, each with a role (docs/management-api.md, "Members"), who sign in to the
 * console with the OpenID provider; an email is one member per tenant, and may be one in several
 * tenants. Console sessions: only the SHA-256 of the cookie is kept (the cookie is the secret);
 * they go with their member and their tenant, and the cleanup service removes expired ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE members (
      id text PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      email text NOT NULL,
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('owner', 'editor', 'operator', 'viewer')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, email)
    )
  `.execute(db);
  // Signing in looks a verified email up across tenants.
  await sql`CREATE INDEX members_email_idx ON members (email)`.execute(db);

  await sql`
    CREATE TABLE console_sessions (
      id_hash text PRIMARY KEY,
      member_id text NOT NULL REFERENCES members (id) ON DELETE CASCADE,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  // Serves the cascade from members and ending a member's sessions.
  await sql`CREATE INDEX console_sessions_member_id_idx ON console_sessions (member_id)`.execute(db);
  // Serves the cascade from tenants.
  await sql`CREATE INDEX console_sessions_tenant_id_idx ON console_sessions (tenant_id)`.execute(db);
  // The cleanup service's sweep of expired sessions.
  await sql`CREATE INDEX console_sessions_expires_at_idx ON console_sessions (expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS console_sessions`.execute(db);
  await sql`DROP TABLE IF EXISTS members`.execute(db);
}
