import { type Kysely, sql } from 'kysely';

/**
 * Tenant keys get a role (owner, editor, operator, viewer; docs/management-api.md, "Roles"): every key made
 * before roles existed stays an owner key. `expires_at`: refused from then on; `last_used_at`:
 * when a gateway last saw the key, at most once a minute.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE tenant_api_keys
      ADD COLUMN role text NOT NULL DEFAULT 'owner' CHECK (role IN ('owner', 'editor', 'operator', 'viewer')),
      ADD COLUMN expires_at timestamptz,
      ADD COLUMN last_used_at timestamptz
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE tenant_api_keys DROP COLUMN IF EXISTS role, DROP COLUMN IF EXISTS expires_at, DROP COLUMN IF EXISTS last_used_at`.execute(db);
}
