import { type Kysely, sql } from 'kysely';

/**
 * What visitors think of a conversation (docs/public-chat-api.md, "Feedback and ratings"), owned by the
 * sessions service.
 * - message_feedback: a visitor's thumb (up or down) on one agent's or operator's message, one
 *   per message: a second one replaces the first. No foreign key to the message: messages live
 *   in monthly partitions whose rows the partition upkeep moves out of the default partition (a
 *   cascade would delete the feedback with the move); retention and erasure remove it with the
 *   messages instead.
 * - conversation_ratings: the 1–5 score a visitor gives a conversation, one per conversation.
 * Both cascade with their conversation and their tenant. A comment is the visitor's own words:
 * it goes wherever the messages go.
 * - analytics_hourly gains the feedback counters (links service): thumbs up and down, and the
 *   sum and count of scores, so an average over any window comes from the rollups alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE message_feedback (
      conversation_id uuid NOT NULL REFERENCES text_conversations (id) ON DELETE CASCADE,
      message_id uuid NOT NULL,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      rating text NOT NULL CHECK (rating IN ('up', 'down')),
      comment text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (conversation_id, message_id)
    )`.execute(db);
  // Serves the cascade from tenants.
  await sql`CREATE INDEX message_feedback_tenant_idx ON message_feedback (tenant_id)`.execute(db);
  await sql`
    CREATE TABLE conversation_ratings (
      conversation_id uuid PRIMARY KEY REFERENCES text_conversations (id) ON DELETE CASCADE,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
      comment text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX conversation_ratings_tenant_idx ON conversation_ratings (tenant_id)`.execute(db);
  await sql`
    ALTER TABLE analytics_hourly
      ADD COLUMN feedback_up int NOT NULL DEFAULT 0,
      ADD COLUMN feedback_down int NOT NULL DEFAULT 0,
      ADD COLUMN csat_sum int NOT NULL DEFAULT 0,
      ADD COLUMN csat_responses int NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE analytics_hourly
      DROP COLUMN IF EXISTS feedback_up,
      DROP COLUMN IF EXISTS feedback_down,
      DROP COLUMN IF EXISTS csat_sum,
      DROP COLUMN IF EXISTS csat_responses`.execute(db);
  await sql`DROP TABLE IF EXISTS conversation_ratings`.execute(db);
  await sql`DROP TABLE IF EXISTS message_feedback`.execute(db);
}
