import { type Kysely, sql } from 'kysely';

/**
 * Escalation to a human.
 * - escalations: one row per hand-over, owned by the sessions service. At most one open
 *   (waiting or claimed) per conversation, enforced by a partial unique index. The inbox reads a
 *   tenant's open ones oldest first.
 * - text_conversations.escalation_id: the open escalation. While set, a visitor's message is
 *   stored without a turn; escalating bumps state_version, so a turn computed before it commits
 *   nothing (the agent cannot slip a reply in).
 * - messages gain the `operator` role and the author's name (the operator's key name).
 * - tenant keys get a display name (the operator's name shown to visitors); tenants an operator
 *   email address, told when an escalation waits with nobody there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE escalations (
      id text PRIMARY KEY,
      tenant_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      agent_id uuid NOT NULL,
      reason text NOT NULL,
      metadata jsonb NOT NULL DEFAULT '{}',
      source text NOT NULL CHECK (source IN ('visitor', 'api', 'workflow')),
      state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'claimed', 'released', 'closed')),
      operator_key_id text,
      operator_name text,
      created_at timestamptz NOT NULL DEFAULT now(),
      claimed_at timestamptz,
      released_at timestamptz,
      closed_at timestamptz,
      notified_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE UNIQUE INDEX escalations_one_open_idx ON escalations (conversation_id)
    WHERE state IN ('waiting', 'claimed')`.execute(db);
  await sql`CREATE INDEX escalations_conversation_idx ON escalations (conversation_id, created_at)`.execute(db);
  await sql`
    CREATE INDEX escalations_open_by_tenant_idx ON escalations (tenant_id, created_at)
    WHERE state IN ('waiting', 'claimed')`.execute(db);
  // Recent claims of a tenant give the estimated wait.
  await sql`CREATE INDEX escalations_claimed_by_tenant_idx ON escalations (tenant_id, claimed_at) WHERE claimed_at IS NOT NULL`.execute(db);

  await sql`ALTER TABLE text_conversations ADD COLUMN escalation_id text`.execute(db);

  await sql`ALTER TABLE text_conversation_messages DROP CONSTRAINT IF EXISTS text_conversation_messages_role_check`.execute(db);
  await sql`
    ALTER TABLE text_conversation_messages
      ADD CONSTRAINT text_conversation_messages_role_check CHECK (role IN ('user', 'assistant', 'operator', 'system')),
      ADD COLUMN author_name text`.execute(db);

  await sql`ALTER TABLE tenant_api_keys ADD COLUMN name text NOT NULL DEFAULT 'Support'`.execute(db);
  await sql`ALTER TABLE tenants ADD COLUMN operator_email text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE tenants DROP COLUMN IF EXISTS operator_email`.execute(db);
  await sql`ALTER TABLE tenant_api_keys DROP COLUMN IF EXISTS name`.execute(db);
  // An operator's message has no role before this migration: reverting refuses rather than drop or disguise what a person wrote.
  const { rows } = await sql<{ found: boolean }>`SELECT EXISTS (SELECT 1 FROM text_conversation_messages WHERE role = 'operator') AS found`.execute(db);
  if (rows[0]?.found) throw new Error('operators have answered conversations: their messages have no role without this migration');
  await sql`ALTER TABLE text_conversation_messages DROP CONSTRAINT IF EXISTS text_conversation_messages_role_check`.execute(db);
  await sql`
    ALTER TABLE text_conversation_messages
      ADD CONSTRAINT text_conversation_messages_role_check CHECK (role IN ('user', 'assistant', 'system')),
      DROP COLUMN IF EXISTS author_name`.execute(db);
  await sql`ALTER TABLE text_conversations DROP COLUMN IF EXISTS escalation_id`.execute(db);
  await sql`DROP TABLE IF EXISTS escalations`.execute(db);
}
