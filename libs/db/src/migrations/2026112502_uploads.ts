import { type Kysely, sql } from 'kysely';

/**
 * Visitors' files (docs/public-chat-api.md, "Uploads"), owned by the sessions service. The bytes live in the
 * upload store (a folder or an S3 bucket) under `storage_key`; a row says whose file it is and
 * what it is. A file belongs to one conversation and is attached to at most one of its messages
 * (`message_id`, set when a message carries it; the messages table is partitioned, so no foreign
 * key). Erasure and retention delete the rows with the conversation's messages, and the files with them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE uploads (
      id text PRIMARY KEY CHECK (id ~ '^upl_[A-Za-z0-9_-]{22}$'),
      conversation_id uuid NOT NULL REFERENCES text_conversations (id) ON DELETE CASCADE,
      tenant_id uuid NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
      type text NOT NULL,
      bytes integer NOT NULL CHECK (bytes >= 0),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      storage_key text NOT NULL UNIQUE,
      message_id uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX uploads_conversation_idx ON uploads (conversation_id, created_at)`.execute(db);
  await sql`CREATE INDEX uploads_message_idx ON uploads (message_id) WHERE message_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS uploads`.execute(db);
}
