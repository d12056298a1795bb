import { type Kysely, sql } from 'kysely';

/**
 * text_conversations.visitor_language: the language the visitor's page spoke when the
 * conversation started (or was last resumed, or asked for a transcript or left a message) – one
 * of the chat page's languages – which the mails written to them later are in: "a person will
 * answer you soon", operators' answers to a message left for later, the transcript at its end
 * (docs/public-chat-api.md "Visitors' language and look"). Null: English. Visitor data: exported
 * with the conversation, cleared when it is erased or purged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE text_conversations ADD COLUMN visitor_language text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE text_conversations DROP COLUMN IF EXISTS visitor_language`.execute(db);
}
