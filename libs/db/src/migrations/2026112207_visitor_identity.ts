import { type Kysely, sql } from 'kysely';

/**
 * Signed visitor identity and a user's conversations (docs/api.md).
 * - public_links: `require_identity`, and the link's `identity_secret` – the HMAC key host sites
 *   sign their users' ids with. Unlike a token or passcode it must be recovered to check a hash
 *   with, so it is kept as it was handed out; it never leaves the links service (which checks
 *   the hashes), is never listed and is never logged.
 * - text_conversations.user_id: whose conversation it is, set once at creation – a Text Chat API
 *   session's `metadata.user_id`, a public session's verified user. A column rather than an
 *   expression index on metadata, so both channels share one index and one rule for what counts
 *   (1 to 255 characters of text); existing API sessions get it from their metadata.
 *   Both lists read newest first by (created_at, id), which is how the indexes are ordered; the
 *   email index serves the earlier conversations of email-verified visitors.
 * - resumed_credentials: the credentials handed out by reopening a conversation; the one it was
 *   started with stays in text_conversations.credential_hash, so a device that had it goes on.
 * - The memory service's key becomes a visitor key, `email:<lower-cased email>` or
 *   `user:<user id>` (ids keep their case), so a signed-in user has a memory as a verified email does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE public_links
      ADD COLUMN require_identity boolean NOT NULL DEFAULT false,
      ADD COLUMN identity_secret text`.execute(db);

  await sql`ALTER TABLE text_conversations ADD COLUMN user_id text CHECK (char_length(user_id) BETWEEN 1 AND 255)`.execute(db);
  await sql`
    UPDATE text_conversations SET user_id = CASE jsonb_typeof(metadata->'user_id')
        WHEN 'string' THEN metadata->>'user_id'
        ELSE (metadata->'user_id')::text END
    WHERE channel = 'api' AND (
      (jsonb_typeof(metadata->'user_id') = 'string' AND char_length(metadata->>'user_id') BETWEEN 1 AND 255)
      OR (jsonb_typeof(metadata->'user_id') = 'number' AND (metadata->'user_id')::text ~ '^-?[0-9]{1,20}$'))`.execute(db);
  await sql`
    CREATE INDEX text_conversations_user_id_idx ON text_conversations (user_id, created_at DESC, id DESC)
    WHERE user_id IS NOT NULL`.execute(db);
  await sql`
    CREATE INDEX text_conversations_visitor_email_idx ON text_conversations (visitor_email, created_at DESC, id DESC)
    WHERE visitor_email IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE resumed_credentials (
      credential_hash text PRIMARY KEY,
      conversation_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX resumed_credentials_conversation_idx ON resumed_credentials (conversation_id)`.execute(db);

  for (const table of ['visitor_memories', 'visitor_memory_messages']) {
    await sql`ALTER TABLE ${sql.table(table)} RENAME COLUMN email TO visitor`.execute(db);
    await sql`UPDATE ${sql.table(table)} SET visitor = 'email:' || visitor`.execute(db);
  }
  await sql`ALTER TABLE visitor_memories DROP CONSTRAINT IF EXISTS visitor_memories_email_check`.execute(db);
  await sql`
    ALTER TABLE visitor_memories ADD CONSTRAINT visitor_memories_visitor_check
    CHECK ((visitor LIKE 'email:%' AND visitor = lower(visitor)) OR visitor LIKE 'user:%')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE visitor_memories DROP CONSTRAINT IF EXISTS visitor_memories_visitor_check`.execute(db);
  for (const table of ['visitor_memories', 'visitor_memory_messages']) {
    await sql`DELETE FROM ${sql.table(table)} WHERE visitor NOT LIKE 'email:%'`.execute(db);
    await sql`UPDATE ${sql.table(table)} SET visitor = substr(visitor, 7)`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} RENAME COLUMN visitor TO email`.execute(db);
  }
  await sql`ALTER TABLE visitor_memories ADD CONSTRAINT visitor_memories_email_check CHECK (email = lower(email))`.execute(db);
  await sql`DROP TABLE IF EXISTS resumed_credentials`.execute(db);
  await sql`DROP INDEX IF EXISTS text_conversations_visitor_email_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS text_conversations_user_id_idx`.execute(db);
  await sql`ALTER TABLE text_conversations DROP COLUMN IF EXISTS user_id`.execute(db);
  await sql`ALTER TABLE public_links DROP COLUMN IF EXISTS identity_secret, DROP COLUMN IF EXISTS require_identity`.execute(db);
}
