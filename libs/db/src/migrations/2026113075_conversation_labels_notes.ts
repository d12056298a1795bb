import { type Kysely, sql } from 'kysely';

/**
 * The inbox as a conversation (docs/escalation.md "The inbox"):
 * - text_conversations.labels: the operators' labels of a conversation (lower-case words), and a
 *   GIN index for the label filter of the conversation search.
 * - conversation_notes: operators' internal notes on an escalated conversation, never shown to
 *   its visitor; they go with the conversation's messages when it is erased or purged, and with
 *   the conversation and the tenant.
 * - conversation_reads: when each operator (a member's, a key's id, or `admin`) last read a
 *   conversation, which its unread count starts from.
 * - A full-text index over the messages (the `simple` configuration: no language's stemming, so
 *   a word matches as written in any language), for the conversation search.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE text_conversations ADD COLUMN labels text[] NOT NULL DEFAULT '{}'`.execute(db);
  await sql`CREATE INDEX text_conversations_labels_idx ON text_conversations USING gin (labels)`.execute(db);
  await sql`
    CREATE TABLE conversation_notes (
      id text PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      conversation_id uuid NOT NULL REFERENCES text_conversations (id) ON DELETE CASCADE,
      escalation_id text NOT NULL,
      author_id text,
      author_name text NOT NULL,
      text text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX conversation_notes_conversation_idx ON conversation_notes (conversation_id, created_at)`.execute(db);
  // Serves the cascade from tenants.
  await sql`CREATE INDEX conversation_notes_tenant_idx ON conversation_notes (tenant_id)`.execute(db);
  await sql`
    CREATE TABLE conversation_reads (
      conversation_id uuid NOT NULL REFERENCES text_conversations (id) ON DELETE CASCADE,
      reader_id text NOT NULL,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      read_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (conversation_id, reader_id)
    )`.execute(db);
  await sql`CREATE INDEX conversation_reads_tenant_idx ON conversation_reads (tenant_id)`.execute(db);
  // On the partitioned table: each partition gets its own, new partitions too.
  await sql`CREATE INDEX text_conversation_messages_search_idx ON text_conversation_messages USING gin (to_tsvector('simple', content))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS text_conversation_messages_search_idx`.execute(db);
  await sql`DROP TABLE IF EXISTS conversation_reads`.execute(db);
  await sql`DROP TABLE IF EXISTS conversation_notes`.execute(db);
  await sql`DROP INDEX IF EXISTS text_conversations_labels_idx`.execute(db);
  await sql`ALTER TABLE text_conversations DROP COLUMN IF EXISTS labels`.execute(db);
}
