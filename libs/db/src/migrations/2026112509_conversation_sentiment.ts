import { type Kysely, sql } from 'kysely';

/**
 * A conversation's sentiment, classified once when it ended (docs/management-api.md "Sentiment"): the score
 * from -1 to 1, its label, who judged it (the agent's LLM or the local classifier) and when. Null
 * until classified, for a conversation without the visitor's words, and once erased.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE text_conversations
      ADD COLUMN sentiment real CHECK (sentiment BETWEEN -1 AND 1),
      ADD COLUMN sentiment_label text CHECK (sentiment_label IN ('positive', 'neutral', 'negative')),
      ADD COLUMN sentiment_method text CHECK (sentiment_method IN ('llm', 'local')),
      ADD COLUMN sentiment_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE text_conversations
      DROP COLUMN IF EXISTS sentiment,
      DROP COLUMN IF EXISTS sentiment_label,
      DROP COLUMN IF EXISTS sentiment_method,
      DROP COLUMN IF EXISTS sentiment_at`.execute(db);
}
