import { type Kysely, sql } from 'kysely';

/**
 * Every turn updates its conversation row. With `updated_at` indexed, no such update could be
 * a heap-only (HOT) update, so each one rewrote every index of the table. The idle sweep runs
 * every few minutes and may scan the active rows instead; free space on each page (fillfactor)
 * lets the new row version stay on its page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS text_conversations_active_updated_at_idx`.execute(db);
  await sql`ALTER TABLE text_conversations SET (fillfactor = 80)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE text_conversations RESET (fillfactor)`.execute(db);
  await sql`CREATE INDEX text_conversations_active_updated_at_idx ON text_conversations (updated_at) WHERE status = 'active'`.execute(db);
}
