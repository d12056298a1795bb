import { type Kysely, sql } from 'kysely';

/**
 * text_conversation_messages.notice: on a message in the platform's own words to a visitor – the
 * notice that nobody can answer yet, a spent token budget's default words – their code, which
 * the chat page and the widget show in the visitor's language (docs/public-chat-api.md
 * "Notices"); `content` keeps the English words. Null on every other message. Added to the
 * partitioned parent, which takes it to every monthly partition.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE text_conversation_messages ADD COLUMN notice text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE text_conversation_messages DROP COLUMN IF EXISTS notice`.execute(db);
}
