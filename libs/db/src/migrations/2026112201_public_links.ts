import { type Kysely, sql } from 'kysely';

/**
 * Public chat links and the conversations started on them.
 * - public_links: a link's settings; its token only as SHA-256 hex, its passcode only as a scrypt
 *   hash. Deleting a link sets `deleted_at` rather than removing the row, so the conversations
 *   started on it keep their link reference.
 * - text_conversations gains the channel a conversation came in by, its link, the SHA-256 of the
 *   visitor's session credential, the verified email and the count of the visitor's messages
 *   (max_messages_per_session). Defaults are constants, so existing rows are not rewritten; no
 *   foreign key, like its other columns, so erasing a tenant's links never waits on conversations.
 * - link_session_counts: sessions started per link, claimed with one conditional upsert so
 *   max_sessions holds however many visitors start at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE public_links (
      id text PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
      token_hash text NOT NULL,
      title text NOT NULL,
      description text,
      welcome_message text,
      expires_at timestamptz,
      max_sessions int,
      max_messages_per_session int,
      session_timeout_minutes int NOT NULL,
      rate_limit_per_minute int NOT NULL,
      require_email_verification boolean NOT NULL DEFAULT false,
      allowed_origins text[] NOT NULL DEFAULT '{}',
      ip_allow text[] NOT NULL DEFAULT '{}',
      ip_deny text[] NOT NULL DEFAULT '{}',
      passcode_hash text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    )`.execute(db);
  // Every public request resolves its link by the token's hash.
  await sql`CREATE UNIQUE INDEX public_links_token_hash_idx ON public_links (token_hash)`.execute(db);
  await sql`CREATE INDEX public_links_tenant_agent_idx ON public_links (tenant_id, agent_id)`.execute(db);

  await sql`
    ALTER TABLE text_conversations
      ADD COLUMN channel text NOT NULL DEFAULT 'api' CHECK (channel IN ('api', 'link')),
      ADD COLUMN link_id text,
      ADD COLUMN credential_hash text,
      ADD COLUMN visitor_email text,
      ADD COLUMN user_messages int NOT NULL DEFAULT 0`.execute(db);
  // Partial: Text Chat API conversations have neither, and their inserts skip these indexes.
  await sql`
    CREATE UNIQUE INDEX text_conversations_credential_hash_idx ON text_conversations (credential_hash)
    WHERE credential_hash IS NOT NULL`.execute(db);
  await sql`CREATE INDEX text_conversations_link_id_idx ON text_conversations (link_id) WHERE link_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE link_session_counts (
      link_id text PRIMARY KEY REFERENCES public_links (id) ON DELETE CASCADE,
      started int NOT NULL DEFAULT 0
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE link_session_counts`.execute(db);
  await sql`
    ALTER TABLE text_conversations
      DROP COLUMN user_messages,
      DROP COLUMN visitor_email,
      DROP COLUMN credential_hash,
      DROP COLUMN link_id,
      DROP COLUMN channel`.execute(db);
  await sql`DROP TABLE public_links`.execute(db);
}
