import { type Kysely, sql } from 'kysely';

/**
 * Retention purges the ended conversations of every channel, not only public links' (Text Chat
 * API conversations too): the index the purge walks covers them all.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS text_conversations_unpurged_ended_idx`.execute(db);
  await sql`
    CREATE INDEX text_conversations_unpurged_ended_idx ON text_conversations (ended_at)
    WHERE purged_at IS NULL AND ended_at IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS text_conversations_unpurged_ended_idx`.execute(db);
  await sql`
    CREATE INDEX text_conversations_unpurged_ended_idx ON text_conversations (ended_at)
    WHERE link_id IS NOT NULL AND purged_at IS NULL AND ended_at IS NOT NULL`.execute(db);
}
