import { type Kysely, sql } from 'kysely';

/**
 * Privacy (docs/management-api.md "Privacy"): export, erasure and per-link retention.
 * - public_links.retention_days: how long the link's ended conversations keep their messages;
 *   null: RETENTION_DAYS applies. Bounded like RETENTION_DAYS.
 * - text_conversations.erased_at: when the visitor's data was erased (by the tenant or by the
 *   visitor); the row stays, anonymous, with its counts for analytics.
 * - Erasure and export find a visitor's rows by email: email_verifications and visitor_memories
 *   get an index for that (text_conversations has one on visitor_email already).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE public_links
      ADD COLUMN retention_days int CHECK (retention_days BETWEEN 1 AND 36500)`.execute(db);
  await sql`ALTER TABLE text_conversations ADD COLUMN erased_at timestamptz`.execute(db);
  await sql`CREATE INDEX email_verifications_email_idx ON email_verifications (email, link_id)`.execute(db);
  await sql`CREATE INDEX visitor_memories_visitor_idx ON visitor_memories (visitor, tenant_id)`.execute(db);
  await sql`CREATE INDEX visitor_memory_messages_conversation_idx ON visitor_memory_messages (conversation_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS visitor_memory_messages_conversation_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS visitor_memories_visitor_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS email_verifications_email_idx`.execute(db);
  await sql`ALTER TABLE text_conversations DROP COLUMN erased_at`.execute(db);
  await sql`ALTER TABLE public_links DROP COLUMN retention_days`.execute(db);
}
