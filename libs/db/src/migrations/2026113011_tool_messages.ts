import { type Kysely, sql } from 'kysely';

/**
 * The tool calls a turn made, kept in its transcript (docs/workflow.md "Tool calls in the transcript"): each a message
 * with `role = 'tool'`, numbered among what was said, its call in `tool_call` (tool, arguments,
 * status, duration_ms, result, error). Added to the partitioned parent, which takes the column and
 * the constraint to every monthly partition; null on every other message.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE text_conversation_messages DROP CONSTRAINT IF EXISTS text_conversation_messages_role_check`.execute(db);
  await sql`
    ALTER TABLE text_conversation_messages
      ADD CONSTRAINT text_conversation_messages_role_check CHECK (role IN ('user', 'assistant', 'operator', 'system', 'tool')),
      ADD COLUMN tool_call jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The calls are a record of what the agent did, not what anyone said: reverting drops them with their column.
  await sql`DELETE FROM text_conversation_messages WHERE role = 'tool'`.execute(db);
  await sql`ALTER TABLE text_conversation_messages DROP CONSTRAINT IF EXISTS text_conversation_messages_role_check`.execute(db);
  await sql`
    ALTER TABLE text_conversation_messages
      ADD CONSTRAINT text_conversation_messages_role_check CHECK (role IN ('user', 'assistant', 'operator', 'system')),
      DROP COLUMN IF EXISTS tool_call`.execute(db);
}
